import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ChaosScheduleDefinition, ChaosScheduleProps } from '../chaos/chaos-schedule';
import type { LitmusIdentity } from '../chaos/litmus-rbac';
import { childPath } from './path';

/**
 * A service's scheduled chaos experiments: Chaos Mesh Schedules of Workflows whose status checks gate and
 * abort each run, or Litmus ChaosEngines with Prometheus probes, the CronJobs that start them and their
 * least-privilege RBAC (built with cdk8s-plus); plus a PrometheusRule with the abort and verification alerts.
 * The experiment card is `definition.card()`.
 *
 * @example
 * const slos = new SloService(chart, 'slos', paymentService);
 * new ChaosSchedule(chart, 'chaos', { ...paymentServiceChaos(slos.definition) });
 */
export class ChaosSchedule extends Construct {
  /** The checked schedule: experiments, conditions, alerts and card. */
  public readonly definition: ChaosScheduleDefinition;
  /** The engine's objects: Schedules, or ChaosEngines and CronJobs. */
  public readonly engineObjects: readonly ApiObject[];
  /** ServiceAccounts of the Litmus runners and triggers (none for Chaos Mesh). */
  public readonly serviceAccounts: readonly kplus.ServiceAccount[];
  /** The PrometheusRule, unless every experiment is paused. */
  public readonly prometheusRule?: ApiObject;

  constructor(scope: Construct, id: string, props: ChaosScheduleProps) {
    const definition = ChaosScheduleDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.engineObjects = definition.engineManifests().map((m) => new ApiObject(this, `${m.kind}-${m.metadata.name}`, m));
    this.serviceAccounts = definition.identities().map((i) => this.identity(i));
    if (definition.hasAlerts) this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
  }

  /** A ServiceAccount, its Role (one rule per resource, as the core renders them) and the RoleBinding between them. */
  private identity(i: LitmusIdentity): kplus.ServiceAccount {
    const metadata = { ...i.metadata };
    const account = new kplus.ServiceAccount(this, `${i.name}-sa`, { metadata, automountToken: i.automountToken });
    const role = new kplus.Role(this, `${i.name}-role`, { metadata });
    for (const rule of i.rules) {
      const names = rule.resourceNames ?? [undefined];
      role.allow([...rule.verbs], ...rule.resources.flatMap((resourceType) => names.map((resourceName) => ({ apiGroup: rule.apiGroup, resourceType, resourceName }))));
    }
    new kplus.RoleBinding(this, `${i.name}-binding`, { metadata, role }).addSubjects(account);
    return account;
  }
}
