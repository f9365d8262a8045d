import { Chart, Testing } from 'cdk8s';
import { DisasterRecoveryPlanDefinition, SpecError } from 'sre-constructs';
import { DisasterRecoveryPlan } from 'sre-constructs/cdk8s';
import { userAuthenticationDisasterRecovery, userAuthenticationDisasterRecoveryK8s } from '../../examples/user-authentication';
import { schemaErrors } from '../support/schema';

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; rules?: any[]; subjects?: any[]; roleRef?: any };

function synth(props = userAuthenticationDisasterRecoveryK8s): { chart: Chart; plan: DisasterRecoveryPlan; manifests: Manifest[] } {
  const chart = new Chart(Testing.app(), 'user-authentication', { namespace: 'identity' });
  const plan = new DisasterRecoveryPlan(chart, 'dr', props);
  return { chart, plan, manifests: Testing.synth(chart) as Manifest[] };
}

/** Every (namespace, API group, resource, verb) a set of Roles allows, with the subjects bound to them. */
function permissions(manifests: Manifest[]): string[] {
  const roles = manifests.filter((m) => m.kind === 'Role');
  const bindings = manifests.filter((m) => m.kind === 'RoleBinding');
  return roles
    .flatMap((role) => {
      const subjects = bindings
        .filter((b) => b.metadata.namespace === role.metadata.namespace && b.roleRef.name === role.metadata.name)
        .flatMap((b) => b.subjects!.map((s: { kind: string; namespace: string; name: string }) => `${s.kind}:${s.namespace}/${s.name}`));
      return role.rules!.flatMap((r) =>
        r.apiGroups.flatMap((g: string) => r.resources.flatMap((res: string) => r.verbs.flatMap((v: string) => subjects.map((s) => `${role.metadata.namespace} ${g}/${res} ${v} -> ${s}`)))),
      );
    })
    .sort();
}

describe('cdk8s DisasterRecoveryPlan', () => {
  test('emits the backups, the alerts, the DNSEndpoint and the restore drill, each valid against its schema', () => {
    const { manifests } = synth();
    expect(manifests.map((m) => m.kind).sort()).toEqual(['CronJob', 'DNSEndpoint', 'Namespace', 'PrometheusRule', 'Role', 'Role', 'RoleBinding', 'RoleBinding', 'Schedule', 'ScheduledBackup', 'ServiceAccount']);
    for (const m of manifests) expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
  });

  test('keeps the namespaces the plan chose (Velero\'s, the cluster\'s, the scratch one), the chart\'s for the rest, and none on the Namespace', () => {
    const { manifests } = synth();
    const ns = Object.fromEntries(manifests.map((m) => [`${m.kind}/${m.metadata.name}/${m.metadata.namespace}`, m.metadata.namespace]));
    expect(ns['Schedule/user-authentication-file-storage/velero']).toBe('velero');
    expect(manifests.find((m) => m.kind === 'Namespace')!.metadata.namespace).toBeUndefined();
    expect(manifests.find((m) => m.kind === 'CronJob')!.metadata.namespace).toBe('user-authentication-dr-drill');
    expect(manifests.find((m) => m.kind === 'PrometheusRule')!.metadata.namespace).toBe('identity');
    expect(manifests.find((m) => m.kind === 'DNSEndpoint')!.metadata.namespace).toBe('identity');
  });

  test('the cdk8s-plus drill grants exactly the permissions of the core\'s plain manifests (the Pulumi door\'s), to the same ServiceAccount', () => {
    const { manifests } = synth();
    const core = DisasterRecoveryPlanDefinition.create(userAuthenticationDisasterRecoveryK8s).drillManifests()!;
    const plain = [...core.roles, ...core.roleBindings] as Manifest[];
    expect(permissions(manifests)).toEqual(permissions(plain));
    expect(permissions(manifests)).toContain('velero velero.io/restores create -> ServiceAccount:user-authentication-dr-drill/user-authentication-restore-drill');
  });

  test('the cdk8s-plus CronJob runs the core\'s drill: schedule, time zone, account, image, script, deadline, no retries, hardened', () => {
    const { manifests } = synth();
    const cronJob = manifests.find((m) => m.kind === 'CronJob')!;
    const plain = DisasterRecoveryPlanDefinition.create(userAuthenticationDisasterRecoveryK8s).drillManifests()!.cronJob as Manifest;
    const pod = (m: Manifest) => m.spec.jobTemplate.spec.template.spec;
    expect(cronJob.spec).toMatchObject({ schedule: plain.spec.schedule, timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600 });
    expect(cronJob.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 7200 });
    expect(pod(cronJob).serviceAccountName).toBe(pod(plain).serviceAccountName);
    const [container] = pod(cronJob).containers;
    const [plainContainer] = pod(plain).containers;
    expect({ image: container.image, command: container.command, args: container.args, env: container.env }).toEqual({
      image: plainContainer.image,
      command: plainContainer.command,
      args: plainContainer.args,
      env: plainContainer.env,
    });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
  });

  test('without health-check ids it cannot write a DNSEndpoint, and says so before anything joins the chart', () => {
    const chart = new Chart(Testing.app(), 'user-authentication');
    const props = {
      ...userAuthenticationDisasterRecoveryK8s,
      procedures: userAuthenticationDisasterRecoveryK8s.procedures!.map((p) => (p.dns ? { ...p, dns: { ...p.dns, healthCheckIds: undefined } } : p)),
    };
    let error: unknown;
    try {
      new DisasterRecoveryPlan(chart, 'dr', props);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toMatch(/^user-authentication\/dr: procedures\[region-failover\]\.dns\.healthCheckIds \(not set\) is missing, and this door cannot create Route53 health checks/);
    expect(chart.node.children).toHaveLength(0);
  });

  test('a plan whose records Route53 writes (the Pulumi door) emits no DNSEndpoint here', () => {
    const { manifests } = synth(userAuthenticationDisasterRecovery);
    expect(manifests.map((m) => m.kind)).not.toContain('DNSEndpoint');
  });

  test('the seed\'s plan as written fails before anything joins the chart', () => {
    const chart = new Chart(Testing.app(), 'user-authentication');
    const seed = { ...userAuthenticationDisasterRecoveryK8s, stores: userAuthenticationDisasterRecoveryK8s.stores.map((s) => (s.name === 'file-storage' ? { ...s, rpo: undefined, backup: { ...s.backup, every: undefined, schedule: '0 */6 * * *' } } : s)) };
    expect(() => new DisasterRecoveryPlan(chart, 'dr', seed)).toThrow(/^user-authentication\/dr: stores\[file-storage\]\.backup\.schedule \("0 \*\/6 \* \* \*"\) is longer than the RPO of plan user-authentication \(1h\)/);
    expect(chart.node.children).toHaveLength(0);
  });
});
