import type * as Aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { DisasterRecoveryPlanDefinition } from '../dr/disaster-recovery-plan';
import type { SpecPath } from '../common/errors';
import { mapFailoverDnsNames, requireCloudName } from '../dr/failover-dns';
import { AwsBackup } from './aws-backup';
import type { DisasterRecoveryPlanArgs } from './disaster-recovery-args';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import { Route53Failover } from './route53-failover';
import { loadOptionalPeer } from './optional-peer';

/**
 * A disaster-recovery plan: Velero Schedules, CloudNativePG ScheduledBackups, alerts, the restore drill, AWS Backup
 * (vaults, plans, selections, second-region copies) and Route53 failover (health checks, records or a DNSEndpoint).
 */
export class DisasterRecoveryPlan extends pulumi.ComponentResource {
  /** The checked plan; `definition.runbook()` is the DR runbook. */
  public readonly definition: DisasterRecoveryPlanDefinition;
  /** Kubernetes objects, in the order registered. */
  public readonly kubernetes: KubernetesResource[] = [];
  /** AWS Backup, when a store uses it. */
  public readonly awsBackup?: AwsBackup;
  /** Route53 failover, by procedure. */
  public readonly route53: Record<string, Route53Failover> = {};
  /** Ids of the approval health checks a person inverts to fail over, by procedure (for the runbook, and a cdk8s DNSEndpoint). */
  public readonly approvalHealthCheckIds: Record<string, pulumi.Output<string>> = {};
  /** Ids of the endpoint health checks, by procedure. */
  public readonly endpointHealthCheckIds: Record<string, { primary: pulumi.Output<string>; secondary: pulumi.Output<string> }> = {};

  constructor(name: string, args: DisasterRecoveryPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const { aws: awsArgs, procedures, ...props } = args;
    const late = procedures?.map((p) => (p.dns ? { ...p, dns: mapFailoverDnsNames(p.dns, (v) => pending.value(v, cloudName)!) } : { ...p, dns: undefined }));
    const definition = DisasterRecoveryPlanDefinition.create({ ...props, procedures: late, metadata: pending.metadata }, name);
    super('sre-constructs:index:DisasterRecoveryPlan', name, {}, opts);
    this.definition = definition;
    const k8s = (id: string, m: { apiVersion: string; kind: string }) => this.kubernetes.push(registerManifest(`${name}-${id}`, m, pending, { parent: this }));
    if (definition.ruleGroups().length > 0) k8s('prometheus-rule', definition.prometheusRule());
    for (const m of definition.veleroSchedules()) k8s(`schedule-${m.metadata.name}`, m);
    for (const m of definition.scheduledBackups()) k8s(`scheduled-backup-${m.metadata.name}`, m);
    const drill = definition.drillManifests();
    if (drill) {
      for (const m of [drill.namespace, drill.serviceAccount, ...drill.roles, ...drill.roleBindings, drill.cronJob] as Array<{ apiVersion: string; kind: string; metadata: { namespace?: string } }>) {
        k8s(`drill-${m.kind.toLowerCase()}${m.metadata.namespace ? `-${m.metadata.namespace}` : ''}`, m);
      }
    }
    const backup = definition.awsBackup();
    const { route53Procedures: route53, regions } = definition;
    const provider = (region: string, given?: pulumi.ProviderResource) => given ?? new (loadOptionalPeer<typeof Aws>('@pulumi/aws', 'DisasterRecoveryPlan').Provider)(`${name}-${region}`, { region: region as Aws.Region }, { parent: this });
    const primary = regions && (backup || route53.length > 0) ? provider(regions.primary, awsArgs?.primaryProvider) : undefined;
    if (backup) {
      const secondaryProvider = backup.secondaryRegion ? provider(backup.secondaryRegion, awsArgs?.secondaryProvider) : undefined;
      this.awsBackup = new AwsBackup(`${name}-aws-backup`, { spec: backup, primaryProvider: primary!, secondaryProvider, kmsKeyArn: awsArgs?.kmsKeyArn, secondaryKmsKeyArn: awsArgs?.secondaryKmsKeyArn }, { parent: this });
    }
    for (const p of route53) {
      const spec = definition.route53(p.name);
      const records = p.dns!.manager === 'route53' ? { primaryRecord: pending.fields(spec.primaryRecord), secondaryRecord: pending.fields(spec.secondaryRecord) } : {};
      const checks = { primaryEndpointCheck: pending.fields(spec.primaryEndpointCheck), secondaryEndpointCheck: pending.fields(spec.secondaryEndpointCheck) };
      const approval = spec.approvalCheck ? { approvalCheck: pending.fields(spec.approvalCheck) } : {};
      const failover = new Route53Failover(`${name}-${p.name}`, { ...checks, ...approval, ...records, provider: primary! }, { parent: this });
      this.route53[p.name] = failover;
      if (failover.approvalCheck) this.approvalHealthCheckIds[p.name] = failover.approvalCheck.id;
      this.endpointHealthCheckIds[p.name] = { primary: failover.primaryCheck.id, secondary: failover.secondaryCheck.id };
      if (p.dns!.manager === 'external-dns') {
        k8s(`dnsendpoint-${p.name}`, definition.dnsEndpoint(p.name, { primary: pending.value(failover.primaryRecordCheckId, cloudName)!, secondary: pending.value(failover.secondaryCheck.id, cloudName)! }));
      }
    }
    for (const p of definition.externalDnsProcedures.filter((x) => !route53.includes(x))) k8s(`dnsendpoint-${p.name}`, definition.dnsEndpoint(p.name));
    this.registerOutputs({
      approvalHealthCheckIds: this.approvalHealthCheckIds,
      endpointHealthCheckIds: this.endpointHealthCheckIds,
      vaultArn: this.awsBackup?.vault.arn,
    });
  }
}

const cloudName = (value: unknown, at: SpecPath) => requireCloudName(at, 'dns', value, 'Give a resource name or id.');
