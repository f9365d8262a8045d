import { ApiObject, Chart, Cron, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import type { RestoreDrillDefinition } from '../dr/restore-drill';

/** The restore drill of a DisasterRecoveryPlan with cdk8s-plus: Namespace, ServiceAccount, a Role and RoleBinding per grant, CronJob. */
export class RestoreDrill extends Construct {
  /** The scratch namespace. */
  public readonly namespace: kplus.Namespace;
  /** The drill's ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** Its Roles, one per grant. */
  public readonly roles: kplus.Role[];
  /** The CronJob. */
  public readonly cronJob: kplus.CronJob;

  constructor(scope: Construct, id: string, drill: RestoreDrillDefinition) {
    super(scope, id);
    const meta = (namespace: string) => ({ name: drill.name, namespace, labels: drill.labels });
    this.namespace = new kplus.Namespace(this, 'Namespace', { metadata: { name: drill.scratchNamespace, labels: drill.labels } });
    // A Namespace is cluster-scoped: the chart's namespace does not apply to it.
    if (Chart.of(this).namespace) ApiObject.of(this.namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(drill.scratchNamespace), automountToken: true });
    this.roles = drill.grants.map((grant, i) => {
      const role = new kplus.Role(this, `Role${i}`, { metadata: meta(grant.namespace) });
      for (const rule of grant.rules) {
        const resources = rule.apiGroups.flatMap((apiGroup) => rule.resources.map((resourceType) => kplus.ApiResource.custom({ apiGroup, resourceType })));
        role.allow([...rule.verbs], ...resources);
      }
      new kplus.RoleBinding(this, `RoleBinding${i}`, { metadata: meta(grant.namespace), role }).addSubjects(this.serviceAccount);
      return role;
    });
    const c = drill.container;
    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp');
    this.cronJob = new kplus.CronJob(this, 'CronJob', {
      metadata: { ...meta(drill.scratchNamespace), annotations: drill.cronJobAnnotations },
      podMetadata: { labels: drill.labels },
      schedule: Cron.schedule(drill.cronFields),
      timeZone: drill.jobs.timeZone,
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.millis(drill.jobs.startingDeadline.toMilliseconds()),
      successfulJobsRetained: drill.jobs.historyLimit,
      failedJobsRetained: drill.jobs.historyLimit,
      backoffLimit: drill.jobs.backoffLimit,
      activeDeadline: Duration.millis(drill.timeout.toMilliseconds()),
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
      restartPolicy: kplus.RestartPolicy.NEVER,
      securityContext: { ensureNonRoot: true, user: c.runAsUser, group: c.runAsUser },
      volumes: [tmp],
      containers: [
        {
          name: c.name,
          image: c.image,
          command: [...c.command],
          args: [...c.args],
          envVariables: Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
          resources: {
            cpu: { request: kplus.Cpu.millis(c.resources.cpuRequestMillis), limit: kplus.Cpu.millis(c.resources.cpuLimitMillis) },
            memory: { request: Size.mebibytes(c.resources.memoryRequestMebibytes), limit: Size.mebibytes(c.resources.memoryLimitMebibytes) },
          },
          securityContext: {
            ensureNonRoot: true,
            user: c.runAsUser,
            group: c.runAsUser,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          volumeMounts: [{ path: c.tmpMountPath, volume: tmp }],
        },
      ],
    });
  }
}
