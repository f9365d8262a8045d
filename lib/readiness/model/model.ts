import { RedMetrics } from '../../monitoring/red-metrics';
import { BackupScheduleFact, RestoreDrillFact, readBackups } from './backups';
import { ChaosFact, readChaos } from './chaos';
import { DashboardFact, readDashboards } from './dashboards';
import { BudgetGateFact, readBudgetGates } from './gates';
import { ManifestSource, ObjectRef, ReviewedObject, SkippedDocument, collectDocuments, describeObject } from './objects';
import { AlertFact, RecordingFact, SloFact, readRules, readSlos } from './prometheus';
import { RoutingTreeFact, readRouting } from './routing';
import { InlineSecretFact, readInlineSecrets } from './secrets';
import { WorkloadFact, WorkloadFacts, readWorkloads } from './workloads';

/** A service of the tree: what names it, its SLOs and its workloads. */
export interface ServiceFact {
  /** Service name. */
  readonly name: string;
  /** Its SLOs. */
  readonly slos: readonly SloFact[];
  /** Its Deployments and StatefulSets. */
  readonly workloads: readonly WorkloadFact[];
  /** The namespaces it runs in: its workloads', else those of the objects recording its SLOs. */
  readonly namespaces: readonly string[];
  /** The object a finding about the whole service names: its first workload, else where its SLOs or RED series are recorded. */
  readonly ref: ObjectRef;
}

/**
 * Everything the readiness rules read, extracted once from a tree's manifests. The three runners (cdk8s
 * validation, Pulumi policy pack, `review` command) differ only in how they collect the manifests, so the
 * rules see the same model and give the same findings.
 */
export class ReadinessModel {
  /**
   * Reads a tree. Throws a SpecError when one object appears twice with different content.
   */
  public static fromManifests(sources: readonly ManifestSource[]): ReadinessModel {
    return new ReadinessModel(sources);
  }

  /** Kubernetes objects, once each. */
  public readonly objects: readonly ReviewedObject[];
  /** Documents that were not read, and why. */
  public readonly skipped: readonly SkippedDocument[];
  /** How many objects appeared more than once with the same content. */
  public readonly duplicates: number;
  /** How many plain files (rule files, Alertmanager configurations) were read. */
  public readonly plainFiles: number;
  /** Recording rules. */
  public readonly recordings: readonly RecordingFact[];
  /** Alerting rules. */
  public readonly alerts: readonly AlertFact[];
  /** SLOs. */
  public readonly slos: readonly SloFact[];
  /** Workloads and the objects around them. */
  public readonly workloads: WorkloadFacts;
  /** Dashboards. */
  public readonly dashboards: readonly DashboardFact[];
  /** Chaos experiments. */
  public readonly chaos: readonly ChaosFact[];
  /** Alertmanager routing trees. */
  public readonly routing: readonly RoutingTreeFact[];
  /** Secret values written into the tree. */
  public readonly inlineSecrets: readonly InlineSecretFact[];
  /** Deploy gates on error budgets. */
  public readonly budgetGates: readonly BudgetGateFact[];
  /** Backup schedules. */
  public readonly backupSchedules: readonly BackupScheduleFact[];
  /** Restore drills. */
  public readonly restoreDrills: readonly RestoreDrillFact[];
  /** Services, sorted by name. */
  public readonly services: readonly ServiceFact[];

  private constructor(sources: readonly ManifestSource[]) {
    const docs = collectDocuments(sources);
    this.objects = docs.objects;
    this.skipped = docs.skipped;
    this.duplicates = docs.duplicates;
    this.plainFiles = docs.ruleFiles.length + docs.alertmanagerFiles.length;
    const rules = readRules(docs.objects, docs.ruleFiles);
    this.recordings = rules.recordings;
    this.alerts = rules.alerts;
    this.slos = readSlos(rules.recordings);
    this.workloads = readWorkloads(docs.objects);
    this.dashboards = readDashboards(docs.objects);
    this.chaos = readChaos(docs.objects);
    this.routing = readRouting(docs.objects, docs.alertmanagerFiles);
    this.inlineSecrets = readInlineSecrets(docs.objects, docs.alertmanagerFiles);
    this.budgetGates = readBudgetGates(docs.objects, rules.recordings);
    const backups = readBackups(docs.objects);
    this.backupSchedules = backups.schedules;
    this.restoreDrills = backups.drills;
    this.services = this.readServices();
  }

  /** The service called `name`, if the tree has it. */
  public service(name: string): ServiceFact | undefined {
    return this.services.find((s) => s.name === name);
  }

  /** Where an object came from (file and document, construct path, resource URN). */
  public originOf(ref: ObjectRef): string | undefined {
    const key = describeObject(ref);
    return this.objects.find((o) => describeObject(o.ref) === key && o.ref.apiVersion === ref.apiVersion)?.origin;
  }

  /** Services that have SLOs. */
  public sloServices(): ServiceFact[] {
    return this.services.filter((s) => s.slos.length > 0);
  }

  /**
   * Services come from SLOs (`service` label of `slo:objective:ratio`), workloads (see
   * {@link WorkloadFact.service}), RED recordings (`service` label) and chaos experiments.
   */
  private readServices(): ServiceFact[] {
    const seen = new Map<string, ObjectRef[]>();
    const note = (name: string | undefined, ref: ObjectRef) => {
      if (!name) return;
      const refs = seen.get(name) ?? [];
      refs.push(ref);
      seen.set(name, refs);
    };
    for (const w of this.workloads.workloads) note(w.service, w.ref);
    for (const s of this.slos) note(s.service, s.object);
    for (const r of this.recordings) if (r.record === RedMetrics.REQUESTS) note(r.labels.service, r.object);
    for (const c of this.chaos) note(c.service, c.ref);
    return [...seen.keys()].sort().map((name) => {
      const slos = this.slos.filter((s) => s.service === name);
      const workloads = this.workloads.workloads.filter((w) => w.service === name);
      const fromRules = slos.map((s) => s.object.namespace).filter((n): n is string => !!n);
      const namespaces = [...new Set(workloads.length > 0 ? workloads.map((w) => w.namespace) : fromRules)].sort();
      return { name, slos, workloads, namespaces, ref: workloads[0]?.ref ?? seen.get(name)![0] };
    });
  }
}
