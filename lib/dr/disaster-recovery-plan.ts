import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { requireDnsLabel, requirePrometheusLabels } from '../common/names';
import { Severity, requireSeverity } from '../alerting/severity';
import { optionalUrl } from '../alerting/burn-rate-alerts';
import { RuleSet } from '../rules/rule-set';
import type { AlertingRule, RuleGroup } from '../rules/rule-types';
import { AwsBackupSpec, awsBackupSpec } from './aws-backup';
import { DrAlertContext, drillAlerts, procedureAlert, storeAlerts } from './backup-alerts';
import { DR_COMPONENT_LABELS, cnpgScheduledBackup, veleroSchedule } from './backup-manifests';
import { sortKeys } from '../monitoring/alert-rules';
import { DataStoreDefinition, DataStoreProps, defineDataStore } from './data-store';
import { ExistingHealthCheckIds, Route53FailoverSpec, dnsEndpointSpec, route53Failover } from './failover-dns';
import { FailoverProcedureDefinition, FailoverProcedureProps, defineFailoverProcedure } from './failover-procedure';
import { RestoreDrillDefinition, RestoreDrillManifests, RestoreDrillProps, defineRestoreDrill, restoreDrillManifests } from './restore-drill';
import { renderDrRunbook } from './runbook';

/** The two AWS regions of a plan. */
export interface RegionsProps {
  /** Where the service runs, e.g. "eu-west-1". */
  readonly primary: string;
  /** Where copies are kept and the service fails over to, e.g. "eu-central-1". */
  readonly secondary: string;
}

/** Severities and timing of the plan's backup alerts. */
export interface DrAlertsProps {
  /**
   * A backup (or WAL archiving) older than the RPO: data loss past the objective if disaster strikes now.
   * @default Severity.SEV2
   */
  readonly staleSeverity?: Severity;
  /**
   * The newest backup failed; the RPO still holds if the next one works.
   * @default Severity.SEV3
   */
  readonly failedSeverity?: Severity;
  /**
   * Nothing reports on the backups, for as long as the RPO: unknown, never taken as healthy.
   * @default Severity.SEV2
   */
  readonly unknownSeverity?: Severity;
  /**
   * How long a stale condition must hold before it fires: the time a backup may take, since the age of the
   * newest backup is counted from when it finished.
   * @default Duration.minutes(15)
   */
  readonly staleFor?: Duration;
}

/**
 * A disaster-recovery plan: recovery objectives, the stores whose data it protects and how, failover procedures,
 * and a restore drill, checked against each other. `S` is the type of cloud-resource names in failover DNS:
 * plain strings here, Pulumi Inputs in the Pulumi door.
 */
export interface DisasterRecoveryPlanProps<S = string> {
  /** Plan name (DNS label), usually the service's: it names every object the plan generates. */
  readonly name: string;
  /** Recovery point objective: the most data, measured in time, a disaster may lose. */
  readonly rpo: Duration;
  /** Recovery time objective: the longest the service may be down after a disaster. */
  readonly rto: Duration;
  /** The data stores and their backups. */
  readonly stores: readonly DataStoreProps[];
  /**
   * Failover procedures.
   * @default - none
   */
  readonly procedures?: readonly FailoverProcedureProps<S>[];
  /**
   * The AWS regions; needed for cross-region copies and region failover.
   * @default - none
   */
  readonly regions?: RegionsProps;
  /**
   * The restore drill.
   * @default - none (the runbook then says no restore is ever tested)
   */
  readonly drill?: RestoreDrillProps;
  /**
   * Where the DR runbook this plan writes is published; alerts link to its sections (`<url>#store-database`).
   * @default - alerts carry no runbook link
   */
  readonly runbookUrl?: string;
  /**
   * Labels on every alert (team, routing keys). Values are written literally. A `namespace` label here replaces the
   * namespace the alerts would carry from the series they read (Velero's, the drill's scratch namespace), so
   * an AlertmanagerConfig of the team's namespace receives them.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Severities and timing of the backup alerts.
   * @default - see DrAlertsProps
   */
  readonly alerts?: DrAlertsProps;
  /**
   * Evaluation interval of the rule group.
   * @default - the Prometheus server's global evaluation interval
   */
  readonly evaluationInterval?: Duration;
  /**
   * Metadata of the PrometheusRule; its namespace and labels also go to the DNSEndpoints. Every object of the plan
   * is labelled `app.kubernetes.io/component: disaster-recovery`.
   * @default - named "<name>-disaster-recovery"
   */
  readonly metadata?: ManifestMetadataProps;
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const RESERVED_LABELS = ['alertname', 'severity', 'sev', 'plan', 'store', 'mechanism', 'schedule', 'cluster', 'pod', 'cronjob', 'procedure', 'kind', 'automation'] as const;

/**
 * A checked disaster-recovery plan and everything it renders: Velero Schedules, CloudNativePG ScheduledBackups,
 * backup alerts, failover DNS (DNSEndpoint or Route53), AWS Backup, the restore drill and the DR runbook.
 *
 * @example
 * const plan = DisasterRecoveryPlanDefinition.create({ name: 'checkout', rpo: Duration.hours(1), rto: Duration.hours(4), stores: [...] });
 * writeFileSync('checkout-dr.md', plan.runbook());
 */
export class DisasterRecoveryPlanDefinition extends RuleSet {
  /**
   * Checks the plan. Throws a SpecError naming `path`, the field, the value and both numbers of any contradiction.
   *
   * @param path the construct path to name in errors
   * @default path - the plan name
   */
  public static create(props: DisasterRecoveryPlanProps, path?: string): DisasterRecoveryPlanDefinition {
    return new DisasterRecoveryPlanDefinition(props, path ?? String(props?.name ?? 'DisasterRecoveryPlan'));
  }

  /** Plan name. */
  public readonly name: string;
  /** RPO. */
  public readonly rpo: Duration;
  /** RTO. */
  public readonly rto: Duration;
  /** Regions, when given. */
  public readonly regions?: RegionsProps;
  /** Stores, in the order given. */
  public readonly stores: readonly DataStoreDefinition[];
  /** Procedures, in the order given. */
  public readonly procedures: readonly FailoverProcedureDefinition[];
  /** The restore drill, when given. */
  public readonly drill?: RestoreDrillDefinition;
  /** DR runbook link. */
  public readonly runbookUrl?: string;
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;
  /** Evaluation interval, when set. */
  public readonly evaluationInterval?: Duration;
  /** Construct path, for errors raised by renderers. */
  public readonly path: string;
  private readonly alertContext: DrAlertContext;

  private constructor(props: DisasterRecoveryPlanProps, path: string) {
    super();
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not a disaster-recovery plan', 'Give { name, rpo, rto, stores: [...] }.');
    this.path = path;
    this.name = requireDnsLabel(at, 'name', props.name);
    this.rpo = requirePositiveDuration(at, 'rpo', props.rpo);
    this.rto = requirePositiveDuration(at, 'rto', props.rto);
    if (props.regions !== undefined) {
      const rat = at.at('regions');
      for (const which of ['primary', 'secondary'] as const) {
        if (typeof props.regions[which] !== 'string' || !REGION.test(props.regions[which])) {
          rat.fail(which, props.regions[which], 'is not an AWS region', 'Give a region code such as "eu-west-1".');
        }
      }
      if (props.regions.primary === props.regions.secondary) {
        rat.fail('secondary', props.regions.secondary, 'is the primary region too', 'A second region protects against losing the first only if it is another region: e.g. primary "eu-west-1", secondary "eu-central-1".');
      }
      this.regions = { primary: props.regions.primary, secondary: props.regions.secondary };
    }

    if (!Array.isArray(props.stores) || props.stores.length === 0) at.fail('stores', props.stores, 'is empty', 'Name at least one data store and its backup policy.');
    const seen = new Set<string>();
    this.stores = props.stores.map((s, i) => {
      const name = requireDnsLabel(at.at('stores', String(i)), 'name', s?.name);
      if (seen.has(name)) at.fail(`stores[${name}].name`, name, 'is used by another store', 'Give every store its own name.');
      seen.add(name);
      const store = defineDataStore(at.at('stores', name), s, { name: this.name, rpo: this.rpo });
      if (store.policy.copyToSecondaryRegion && !this.regions) {
        at.fail(`stores[${name}].backup.copyToSecondaryRegion`, true, 'needs the plan\'s regions', 'Give the plan regions: { primary, secondary }.');
      }
      if (store.aws && `${this.name}-${name}`.length > 50) {
        at.fail(`stores[${name}].name`, name, `makes the AWS Backup plan name "${this.name}-${name}" longer than 50 characters`, 'Give the plan or the store a shorter name.');
      }
      return store;
    });

    const procSeen = new Set<string>();
    this.procedures = (props.procedures ?? []).map((p, i) => {
      const name = requireDnsLabel(at.at('procedures', String(i)), 'name', p?.name);
      if (procSeen.has(name)) at.fail(`procedures[${name}].name`, name, 'is used by another procedure', 'Give every procedure its own name.');
      procSeen.add(name);
      const pat = at.at('procedures', name);
      const procedure = defineFailoverProcedure(pat, p, { plan: this.name, rto: this.rto, stores: this.stores.map((s) => s.name), regions: this.regions });
      if (procedure.kind === 'region') this.checkRegionCopies(pat, procedure);
      return procedure;
    });

    this.drill = props.drill === undefined ? undefined : defineRestoreDrill(at.at('drill'), props.drill, { name: this.name, stores: this.stores });
    this.runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl);
    this.evaluationInterval = props.evaluationInterval === undefined ? undefined : requirePositiveDuration(at, 'evaluationInterval', props.evaluationInterval);
    const metadata = defineMetadata(at, props.metadata, `${this.name}-disaster-recovery`);
    this.metadata = { ...metadata, labels: sortKeys({ ...metadata.labels, ...DR_COMPONENT_LABELS }) };
    const a = props.alerts ?? {};
    const aat = at.at('alerts');
    this.alertContext = {
      plan: this.name,
      labels: requirePrometheusLabels(at, 'labels', props.labels, RESERVED_LABELS),
      severities: {
        stale: a.staleSeverity === undefined ? Severity.SEV2 : requireSeverity(aat, 'staleSeverity', a.staleSeverity),
        failed: a.failedSeverity === undefined ? Severity.SEV3 : requireSeverity(aat, 'failedSeverity', a.failedSeverity),
        unknown: a.unknownSeverity === undefined ? Severity.SEV2 : requireSeverity(aat, 'unknownSeverity', a.unknownSeverity),
      },
      staleFor: a.staleFor === undefined ? Duration.minutes(15) : requirePositiveDuration(aat, 'staleFor', a.staleFor),
      runbookUrl: this.runbookUrl,
      rto: this.rto,
    };
  }

  /** A region failover restores each store it needs from the copies in the secondary region: they must exist and be fresh enough. */
  private checkRegionCopies(at: SpecPath, p: FailoverProcedureDefinition): void {
    const regions = this.regions!;
    p.stores.forEach((name, i) => {
      const store = this.stores.find((s) => s.name === name)!;
      const field = `stores[${i}]`;
      if (!store.policy.copyToSecondaryRegion) {
        at.fail(
          field,
          name,
          `has no copy in the secondary region (${regions.secondary}): after losing ${regions.primary} there is nothing of store ${name} to restore`,
          `Copy its backups there (stores[${name}].backup.copyToSecondaryRegion: true, with an aws selection), or leave it out of this procedure's stores.`,
        );
      }
      // Losing the region loses what was not copied yet: the copy gap must fit the loosest objective that applies.
      const allowed = p.rpo && compareDurations(p.rpo.objective, store.rpo) > 0 ? p.rpo.objective : store.rpo;
      const whose = p.rpo && allowed === p.rpo.objective ? `the RPO of this procedure (${allowed.toPrometheus()})` : `the RPO of store ${name} (${allowed.toPrometheus()})`;
      if (store.copyGap && compareDurations(store.copyGap, allowed) > 0) {
        at.fail(
          field,
          name,
          `is copied to ${regions.secondary} up to ${store.copyGap.toPrometheus()} apart (every ${store.aws!.cadence.maxGap.toHumanString()}, starting up to ${store.aws!.startWindow.toHumanString()} late), more than ${whose} of plan ${this.name}: losing ${regions.primary} loses up to ${store.copyGap.toHumanString()} of its data`,
          `Copy more often, or state the data loss a region failover accepts: rpo: { objective: Duration.hours(${store.copyGap.toHours()}), reason: '...' } on this procedure.`,
        );
      }
    });
  }

  /** The procedure called `name`. */
  public procedure(name: string): FailoverProcedureDefinition {
    const found = this.procedures.find((p) => p.name === name);
    if (!found) throw new Error(`${this.path}: no procedure named ${JSON.stringify(name)}; this plan has ${this.procedures.map((p) => p.name).join(', ') || 'none'}`);
    return found;
  }

  /** Every alerting rule: per store, then the drill, then the procedures' triggers. */
  public alertingRules(): AlertingRule[] {
    return [
      ...this.stores.flatMap((s) => storeAlerts(this.alertContext, s)),
      ...(this.drill ? drillAlerts(this.alertContext, this.drill) : []),
      ...this.procedures.flatMap((p) => {
        const rule = procedureAlert(this.alertContext, p);
        return rule ? [rule] : [];
      }),
    ];
  }

  /** The group `<name>/disaster-recovery` (none when nothing alerts). */
  public ruleGroups(): RuleGroup[] {
    const rules = this.alertingRules();
    if (rules.length === 0) return [];
    return [{ name: `${this.name}/disaster-recovery`, ...(this.evaluationInterval ? { interval: this.evaluationInterval.toPrometheus() } : {}), rules }];
  }

  /** Velero Schedules of the stores backed up by Velero. */
  public veleroSchedules(): KubernetesManifest[] {
    return this.stores.filter((s) => s.volumes).map((s) => veleroSchedule(this.name, s));
  }

  /** CloudNativePG ScheduledBackups of the PostgreSQL stores. */
  public scheduledBackups(): KubernetesManifest[] {
    return this.stores.filter((s) => s.postgres).map((s) => cnpgScheduledBackup(this.name, s));
  }

  /** Procedures whose DNS external-dns writes. */
  public get externalDnsProcedures(): readonly FailoverProcedureDefinition[] {
    return this.procedures.filter((p) => p.dns?.manager === 'external-dns');
  }

  /** Procedures whose DNS needs Route53 health checks made here (none given by id). */
  public get route53Procedures(): readonly FailoverProcedureDefinition[] {
    return this.procedures.filter((p) => p.dns && (p.dns.manager === 'route53' || !p.dns.healthCheckIds));
  }

  /**
   * The external-dns DNSEndpoint of a procedure, with the health checks given by id (`ids`, or the spec's
   * `healthCheckIds`). Throws a SpecError when there are none: a failover record without a health check never fails over.
   */
  public dnsEndpoint(procedure: string, ids?: ExistingHealthCheckIds): KubernetesManifest {
    const p = this.procedure(procedure);
    const dns = p.dns!;
    const at = new SpecPath(this.path).at('procedures', p.name).at('dns');
    const use = ids ?? dns.healthCheckIds;
    if (!use) {
      return at.fail(
        'healthCheckIds',
        undefined,
        'is missing, and this door cannot create Route53 health checks',
        'Give the ids of the health checks (the Pulumi door creates them and exports their ids), or write the records with manager "route53" from the Pulumi door.',
      );
    }
    return {
      apiVersion: 'externaldns.k8s.io/v1alpha1',
      kind: 'DNSEndpoint',
      metadata: { ...this.metadata, name: `${this.name}-${p.name}` },
      spec: dnsEndpointSpec(dns, use, p.automation === 'manual-approval'),
    };
  }

  /** The DNSEndpoints of every external-dns procedure, from the ids in the spec (the cdk8s door). */
  public dnsEndpoints(): KubernetesManifest[] {
    return this.externalDnsProcedures.map((p) => this.dnsEndpoint(p.name));
  }

  /** The Route53 health checks and records of a procedure. */
  public route53(procedure: string): Route53FailoverSpec {
    const p = this.procedure(procedure);
    return route53Failover(this.name, p.name, p.dns!, p.automation === 'manual-approval');
  }

  /** The AWS Backup side (vaults, KMS keys, role, one plan and selection per store), or undefined when no store uses it. */
  public awsBackup(): AwsBackupSpec | undefined {
    return awsBackupSpec(this.name, this.regions, this.stores);
  }

  /** The drill's objects, or undefined without a drill. */
  public drillManifests(): RestoreDrillManifests | undefined {
    return this.drill ? restoreDrillManifests(this.drill) : undefined;
  }

  /** The DR runbook, as Markdown. */
  public runbook(): string {
    return renderDrRunbook(this);
  }
}
