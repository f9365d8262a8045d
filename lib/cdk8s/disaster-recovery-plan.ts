import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DisasterRecoveryPlanDefinition, DisasterRecoveryPlanProps } from '../dr/disaster-recovery-plan';
import { childPath } from './path';
import { RestoreDrill } from './restore-drill';

/**
 * A disaster-recovery plan in a cdk8s chart: Velero Schedules, CloudNativePG ScheduledBackups, the backup and
 * failover alerts (a PrometheusRule), external-dns DNSEndpoints for failover DNS, and the restore drill.
 *
 * The plan is checked before anything joins the construct tree. AWS Backup and Route53 resources are the Pulumi
 * door's; `definition.runbook()` is the DR runbook.
 */
export class DisasterRecoveryPlan extends Construct {
  /** The checked plan. */
  public readonly definition: DisasterRecoveryPlanDefinition;
  /** The PrometheusRule, when the plan alerts. */
  public readonly prometheusRule?: ApiObject;
  /** Velero Schedules, by store. */
  public readonly veleroSchedules: ApiObject[];
  /** CloudNativePG ScheduledBackups, by store. */
  public readonly scheduledBackups: ApiObject[];
  /** DNSEndpoints, by procedure. */
  public readonly dnsEndpoints: ApiObject[];
  /** The restore drill, when the plan has one. */
  public readonly drill?: RestoreDrill;

  constructor(scope: Construct, id: string, props: DisasterRecoveryPlanProps) {
    const definition = DisasterRecoveryPlanDefinition.create(props, childPath(scope, id));
    const dnsEndpoints = definition.dnsEndpoints();
    super(scope, id);
    this.definition = definition;
    if (definition.ruleGroups().length > 0) this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
    this.veleroSchedules = definition.veleroSchedules().map((m) => new ApiObject(this, `Schedule-${m.metadata.name}`, m));
    this.scheduledBackups = definition.scheduledBackups().map((m) => new ApiObject(this, `ScheduledBackup-${m.metadata.name}`, m));
    this.dnsEndpoints = dnsEndpoints.map((m) => new ApiObject(this, `DNSEndpoint-${m.metadata.name}`, m));
    if (definition.drill) this.drill = new RestoreDrill(this, 'RestoreDrill', definition.drill);
  }
}
