import type { BurnRateAlertingProps } from '../alerting/burn-rate-alerts';
import type { BurnRateTier } from '../alerting/burn-rate-tiers';
import { Duration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isDnsLabel, toDnsLabel } from '../common/names';
import { hasWindowPlaceholder, parseSelector, wrapSelectors } from '../common/promql';
import { Objective } from '../slo/objective';
import { Sli, SliSpec } from '../slo/sli';
import type { SloProps, SloServiceProps } from '../slo/slo-service';
import { Fields, ReadSpecOptions, SpecDocument, readSpecDocuments } from './documents';
import { defaultWarning } from './sloth';

/** Options for importing OpenSLO documents. */
export interface OpenSloImportOptions extends ReadSpecOptions {
  /**
   * Period of SLOs that give no `timeWindow`.
   * @default Duration.days(30)
   */
  readonly defaultWindow?: Duration;
  /**
   * Receives notes on fields that have no effect on Prometheus rules (notification targets,
   * `alertWhenResolved`, ...) and on names that had to change.
   * @default - `process.emitWarning`
   */
  readonly onWarning?: (message: string) => void;
}

/** OpenSLO versions this import reads. */
export const OPENSLO_VERSIONS = ['openslo/v1', 'openslo/v1alpha'] as const;

const V1_KINDS = ['SLO', 'SLI', 'Service', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget', 'DataSource'];
const V1ALPHA_KINDS = ['SLO', 'Service'];
const PAGING_SEVERITIES = ['page', 'critical', 'sev1', 'sev2', 'p1', 'p2', 'high', 'urgent'];

/** True for a document this importer reads (by its apiVersion). */
export function isOpenSloDocument(doc: SpecDocument): boolean {
  return typeof doc.value.apiVersion === 'string' && doc.value.apiVersion.startsWith('openslo');
}

/**
 * Reads OpenSLO documents (v1: SLO, SLI, Service, AlertPolicy, AlertCondition, DataSource; v1alpha: SLO,
 * Service, in the dialect Sloth reads) and returns one {@link SloServiceProps} per service.
 *
 * Supported: ratio metrics (good/bad/total, or raw) and threshold metrics over a classic histogram's
 * `_bucket` series, from Prometheus sources; Occurrences budgeting; rolling windows of whole days;
 * AlertPolicies with burn-rate AlertConditions, which become burn-rate tiers. Refused with a message:
 * Timeslices budgeting, calendar-aligned windows and sources other than Prometheus.
 *
 * @see https://github.com/OpenSLO/OpenSLO
 */
export function fromOpenSlo(text: string, options: OpenSloImportOptions = {}): SloServiceProps[] {
  return openSloServices(readSpecDocuments(text, options), options);
}

/** Maps parsed OpenSLO documents to services. */
export function openSloServices(docs: readonly SpecDocument[], options: OpenSloImportOptions = {}): SloServiceProps[] {
  const ctx = new OpenSloContext(docs, options);
  const byService = new Map<string, { slos: SloProps[]; labels?: Record<string, string> }>();
  for (const doc of ctx.docs.filter((d) => d.value.kind === 'SLO')) {
    const { service, slos } = ctx.slo(doc);
    const entry = byService.get(service) ?? { slos: [] };
    entry.slos.push(...slos);
    byService.set(service, entry);
  }
  for (const doc of ctx.docs.filter((d) => d.value.kind === 'Service')) {
    const name = String(doc.value.metadata && (doc.value.metadata as Record<string, unknown>).name);
    const entry = byService.get(name);
    if (entry) entry.labels = ctx.labels(new Fields(doc.at, doc.value).map('metadata')!);
  }
  if (byService.size === 0) {
    const first = docs[0];
    first.at.fail('kind', first.value.kind, 'leaves no SLO to generate rules for (only Service, SLI or alerting documents were given)', 'Add at least one kind: SLO document.');
  }
  return [...byService.entries()].map(([service, { slos, labels }]) => ({
    service,
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
    slos,
  }));
}

class OpenSloContext {
  public readonly docs: SpecDocument[];
  private readonly byKind = new Map<string, Map<string, SpecDocument>>();
  private readonly warn: (m: string) => void;
  private readonly defaultWindow: Duration;

  constructor(docs: readonly SpecDocument[], options: OpenSloImportOptions) {
    this.warn = options.onWarning ?? defaultWarning;
    this.defaultWindow = options.defaultWindow ?? Duration.days(30);
    this.docs = [...docs];
    for (const doc of docs) {
      const f = new Fields(doc.at, doc.value);
      const version = f.string('apiVersion', true)!;
      if (!(OPENSLO_VERSIONS as readonly string[]).includes(version)) {
        doc.at.fail('apiVersion', version, 'is not an OpenSLO version this import reads', `Use ${OPENSLO_VERSIONS.join(' or ')}.`);
      }
      const kind = f.string('kind', true)!;
      const kinds = version === 'openslo/v1' ? V1_KINDS : V1ALPHA_KINDS;
      if (!kinds.includes(kind)) doc.at.fail('kind', kind, `is not an ${version} kind`, `Use one of ${kinds.join(', ')}.`);
      const metadata = f.map('metadata', true)!;
      const name = metadata.string('name', true)!;
      if (!isDnsLabel(name)) {
        metadata.at.fail('name', name, 'is not a valid OpenSLO name', 'OpenSLO names are RFC 1123 labels: lowercase letters, digits and "-", at most 63 characters.');
      }
      const index = this.byKind.get(kind) ?? new Map<string, SpecDocument>();
      if (index.has(name)) doc.at.fail('metadata.name', name, `names another ${kind} too`, `Give every ${kind} its own name.`);
      index.set(name, doc);
      this.byKind.set(kind, index);
    }
  }

  private find(at: SpecPath, field: string, kind: string, name: string): SpecDocument {
    const doc = this.byKind.get(kind)?.get(name);
    if (!doc) at.fail(field, name, `refers to no ${kind} document`, `Add a kind: ${kind} document named ${JSON.stringify(name)} to the same input.`);
    return doc!;
  }

  /** An SLO document as one SLO per objective. */
  public slo(doc: SpecDocument): { service: string; slos: SloProps[] } {
    const root = new Fields(doc.at, doc.value);
    const v1 = doc.value.apiVersion === 'openslo/v1';
    const metadata = root.map('metadata', true)!;
    const name = metadata.string('name', true)!;
    const spec = root.map('spec', true)!;
    const service = spec.string('service', true)!;
    const budgeting = spec.string('budgetingMethod') ?? 'Occurrences';
    if (budgeting.toLowerCase() !== 'occurrences') {
      spec.at.fail(
        'budgetingMethod',
        budgeting,
        'is not supported: time-slice budgets count good minutes, while these Prometheus rules budget good events',
        'Use budgetingMethod: Occurrences.',
      );
    }
    const period = v1 ? this.v1Window(spec) : this.v1alphaWindow(spec);
    const labels = this.labels(metadata);
    const description = spec.string('description');
    const alerting = v1 ? this.alerting(spec) : false;
    const objectives = spec.list('objectives', true)!;
    if (objectives.length === 0) spec.at.fail('objectives', [], 'is empty', 'Give at least one objective with a target.');
    const slos = objectives.map((o, i) => {
      const at = spec.at.at('objectives', String(i));
      if (o === null || typeof o !== 'object') at.fail(undefined, o, 'is not a mapping', 'Give { target: 0.999 } or { targetPercent: 99.9 }.');
      const objective = new Fields(at, o as Record<string, unknown>);
      const sli = v1 ? this.v1Indicator(spec, objective) : this.v1alphaIndicator(spec, objective);
      const sloName = v1 ? (objectives.length === 1 ? name : objectiveName(name, objective, i)) : `${name}-${i}`;
      return {
        name: sloName,
        ...(description ? { description } : {}),
        sli,
        objective: this.target(objective),
        window: period,
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        alerting,
      } satisfies SloProps;
    });
    return { service, slos };
  }

  private target(o: Fields): Objective {
    const target = o.number('target');
    const percent = o.number('targetPercent');
    if ((target === undefined) === (percent === undefined)) {
      o.at.fail(target === undefined ? 'target' : 'targetPercent', target ?? percent, target === undefined ? 'is missing (so is targetPercent)' : 'is given together with targetPercent', 'Give exactly one of target (0.999) and targetPercent (99.9).');
    }
    if (target !== undefined && (target <= 0 || target >= 1)) {
      o.at.fail('target', target, 'is not a ratio strictly between 0 and 1', 'Write 99.9% as target: 0.999 (or targetPercent: 99.9).');
    }
    return target !== undefined ? Objective.ratio(target) : Objective.percent(percent!);
  }

  private v1Window(spec: Fields): Duration {
    const windows = spec.list('timeWindow');
    if (!windows || windows.length === 0) return this.defaultWindow;
    if (windows.length > 1) spec.at.fail('timeWindow', windows.length, 'lists more than one window', 'Give exactly one rolling window.');
    const w = new Fields(spec.at.at('timeWindow', '0'), (windows[0] ?? {}) as Record<string, unknown>);
    if (w.value.calendar !== undefined || w.boolean('isRolling') === false) {
      w.at.fail('calendar', w.value.calendar ?? 'isRolling: false', 'is a calendar-aligned window, which is not supported', 'Use a rolling window: { duration: 30d, isRolling: true }.');
    }
    return wholeDays(w, 'duration', w.string('duration', true)!);
  }

  private v1alphaWindow(spec: Fields): Duration {
    const windows = spec.list('timeWindows');
    if (!windows || windows.length === 0) return this.defaultWindow;
    if (windows.length > 1) spec.at.fail('timeWindows', windows.length, 'lists more than one window', 'Give exactly one rolling window.');
    const w = new Fields(spec.at.at('timeWindows', '0'), (windows[0] ?? {}) as Record<string, unknown>);
    if (w.value.calendar !== undefined) {
      w.at.fail('calendar', w.value.calendar, 'is a calendar-aligned window, which is not supported', 'Use a rolling window: { count: 30, unit: Day, isRolling: true }.');
    }
    const count = w.number('count', true)!;
    const unit = (w.string('unit', true) ?? '').toLowerCase();
    const units: Record<string, string> = { day: 'd', week: 'w' };
    if (!units[unit]) w.at.fail('unit', w.string('unit'), 'is not a unit of whole days', 'Use unit: Day (or Week).');
    return wholeDays(w, 'count', `${count}${units[unit]}`);
  }

  private v1Indicator(spec: Fields, objective: Fields): SliSpec {
    const inline = spec.map('indicator');
    const ref = spec.string('indicatorRef');
    if (!!inline === !!ref) {
      spec.at.fail(inline ? 'indicatorRef' : 'indicator', ref, inline ? 'is given together with indicator' : 'is missing (so is indicatorRef)', 'Give the SLI inline as indicator, or name an SLI document in indicatorRef.');
    }
    const sli = (inline ?? this.docFields(spec.at, 'indicatorRef', 'SLI', ref!)).map('spec', true)!;
    const ratio = sli.map('ratioMetric');
    const threshold = sli.map('thresholdMetric');
    if (!!ratio === !!threshold) sli.at.fail('ratioMetric', undefined, ratio ? 'is given together with thresholdMetric' : 'is missing (so is thresholdMetric)', 'Give exactly one of ratioMetric and thresholdMetric.');
    if (threshold) return this.threshold(objective, this.query(threshold.map('metricSource', true)!));
    const r = ratio!;
    const counter = r.boolean('counter') ?? true;
    if (r.value.raw !== undefined) {
      const rawType = r.string('rawType', true)!;
      if (rawType !== 'success' && rawType !== 'failure') r.at.fail('rawType', rawType, 'is not success or failure', 'Say whether the raw ratio counts successes or failures.');
      const q = this.query(r.map('raw')!.map('metricSource', true)!);
      const ratioQuery = windowed(q.at, q.field, q.query, 'avg_over_time');
      return Sli.errorRatio({ query: rawType === 'success' ? `1 - (${ratioQuery})` : ratioQuery });
    }
    const events = (key: 'good' | 'bad' | 'total') => {
      const m = r.map(key);
      if (!m) return undefined;
      const q = this.query(m.map('metricSource', true)!);
      return eventQuery(q.at, q.field, q.query, counter);
    };
    const good = events('good');
    const bad = events('bad');
    const total = events('total');
    if (!total) r.at.fail('total', undefined, 'is missing', 'Give total together with good or bad.');
    if (!!good === !!bad) r.at.fail(good ? 'bad' : 'good', undefined, good ? 'is given together with good' : 'is missing (so is bad)', 'Give exactly one of good and bad.');
    return good ? Sli.events({ good, total: total! }) : Sli.events({ errors: bad!, total: total! });
  }

  private v1alphaIndicator(spec: Fields, objective: Fields): SliSpec {
    const ratio = objective.map('ratioMetrics');
    if (ratio) {
      const counter = (ratio.boolean('incremental') ?? ratio.boolean('counter')) !== false;
      const good = this.v1alphaQuery(ratio.map('good', true)!);
      const total = this.v1alphaQuery(ratio.map('total', true)!);
      return Sli.events({ good: eventQuery(good.at, good.field, good.query, counter), total: eventQuery(total.at, total.field, total.query, counter) });
    }
    const threshold = spec.map('indicator')?.map('thresholdMetric');
    if (threshold) return this.threshold(objective, this.v1alphaQuery(threshold));
    return objective.at.fail('ratioMetrics', undefined, 'is missing (and spec.indicator has no thresholdMetric)', 'Give ratioMetrics with good and total Prometheus queries.');
  }

  private v1alphaQuery(f: Fields): SourceQuery {
    const source = f.string('source', true)!;
    if (source.toLowerCase() !== 'prometheus') notPrometheus(f.at, 'source', source);
    const type = f.string('queryType');
    if (type !== undefined && type.toLowerCase() !== 'promql') f.at.fail('queryType', type, 'is not promql', 'Use queryType: promql.');
    return { at: f.at, field: 'query', query: f.string('query', true)! };
  }

  private query(source: Fields): SourceQuery {
    let type = source.string('type');
    const ref = source.string('metricSourceRef');
    if (ref) {
      const ds = this.find(source.at, 'metricSourceRef', 'DataSource', ref);
      type = new Fields(ds.at, ds.value).map('spec', true)!.string('type', true) ?? type;
    }
    if (!type) source.at.fail('type', undefined, 'is missing (and no metricSourceRef names a DataSource)', 'Give type: Prometheus.');
    if (type!.toLowerCase() !== 'prometheus') notPrometheus(source.at, 'type', type!);
    const spec = source.map('spec', true)!;
    const key = spec.pick('query', 'promql');
    return { at: spec.at, field: key, query: spec.string(key, true)! };
  }

  private threshold(objective: Fields, q: SourceQuery): SliSpec {
    const op = objective.string('op');
    if (op !== 'lt' && op !== 'lte') {
      objective.at.fail('op', op, 'is not lt or lte', 'A latency threshold SLO counts requests at or below the value: use op: lte.');
    }
    const value = objective.number('value', true)!;
    const selector = parseSelector(q.query);
    const metric = typeof selector === 'string' ? undefined : selector.metric;
    if (!metric || !metric.endsWith('_bucket')) {
      q.at.fail(
        q.field,
        q.query,
        'is not a histogram _bucket selector, which is what a threshold metric needs here',
        'Give the latency histogram\'s bucket series, e.g. http_request_duration_seconds_bucket{job="api"}, with the objective\'s value in the histogram\'s unit.',
      );
    }
    const milliseconds = /_(milliseconds|ms)_bucket$/.test(metric!);
    if (!(value > 0)) objective.at.fail('value', value, 'is not a positive latency', 'Give the threshold in the histogram\'s unit, e.g. 0.5 for 500 ms of a _seconds histogram.');
    return Sli.latency({
      histogram: q.query,
      threshold: Duration.millis(Math.round(milliseconds ? value : value * 1000)),
      ...(milliseconds ? { unit: 'milliseconds' as const } : {}),
    });
  }

  private alerting(spec: Fields): BurnRateAlertingProps | false {
    const policies = spec.list('alertPolicies');
    if (!policies || policies.length === 0) return false;
    const tiers: Record<string, BurnRateTier> = {};
    let absent = false;
    policies.forEach((p, i) => {
      const at = spec.at.at('alertPolicies', String(i));
      const policy = typeof p === 'string' ? this.docFields(at, 'alertPolicyRef', 'AlertPolicy', p) : policyFields(this, at, p);
      const ps = policy.map('spec', true)!;
      if (ps.boolean('alertWhenBreaching') === false) {
        this.warn(`${ps.at.path}: ${ps.at.field('alertWhenBreaching')} is false, so this policy raises no burn-rate alert`);
        return;
      }
      if (ps.boolean('alertWhenNoData')) absent = true;
      if (ps.boolean('alertWhenResolved') !== undefined) {
        this.warn(`${ps.at.path}: ${ps.at.field('alertWhenResolved')} is decided by Alertmanager (send_resolved), not by the rules`);
      }
      if (ps.value.notificationTargets !== undefined) {
        this.warn(`${ps.at.path}: ${ps.at.field('notificationTargets')} are routing, which Alertmanager configuration decides; they are not in the rules`);
      }
      for (const [j, c] of (ps.list('conditions', true) ?? []).entries()) {
        const cat = ps.at.at('conditions', String(j));
        const cond = conditionFields(this, cat, c);
        const name = cond.map('metadata', true)!.string('name', true)!;
        tiers[name] = this.tier(cond.map('spec', true)!);
      }
    });
    return Object.keys(tiers).length === 0 && !absent ? false : { tiers, absentDataAlert: absent };
  }

  public docFields(at: SpecPath, field: string, kind: string, name: string): Fields {
    const doc = this.find(at, field, kind, name);
    return new Fields(doc.at, doc.value);
  }

  private tier(spec: Fields): BurnRateTier {
    const severity = spec.string('severity', true)!;
    const c = spec.map('condition', true)!;
    const kind = c.string('kind') ?? 'burnrate';
    if (kind.toLowerCase() !== 'burnrate') c.at.fail('kind', kind, 'is not a burn-rate condition', 'Use kind: burnrate.');
    const op = c.string('op') ?? 'gt';
    if (op !== 'gt' && op !== 'gte') c.at.fail('op', op, 'would alert while the budget burns slowly', 'A burn-rate alert fires above its threshold: use op: gt.');
    const threshold = c.number('threshold', true)!;
    const lookback = c.duration('lookbackWindow', true)!;
    const alertAfter = c.duration('alertAfter');
    return {
      longWindow: lookback,
      factor: threshold,
      severity,
      page: PAGING_SEVERITIES.includes(severity.toLowerCase()),
      for: alertAfter ?? Duration.millis(0),
    };
  }

  /** OpenSLO metadata labels (string or list of strings) as Prometheus labels. */
  public labels(metadata: Fields): Record<string, string> {
    const raw = metadata.map('labels');
    const out: Record<string, string> = {};
    if (!raw) return out;
    for (const [key, value] of Object.entries(raw.value)) {
      const name = key.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(?=\d)/, '_');
      if (name !== key) this.warn(`${raw.at.path}: ${raw.at.field(key)} is written as the Prometheus label ${name}`);
      out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
    }
    return out;
  }
}

interface SourceQuery {
  readonly at: SpecPath;
  readonly field: string;
  readonly query: string;
}

function policyFields(ctx: OpenSloContext, at: SpecPath, p: unknown): Fields {
  if (p === null || typeof p !== 'object') at.fail(undefined, p, 'is not an alert policy', 'Give { alertPolicyRef: name } or an inline kind: AlertPolicy.');
  const f = new Fields(at, p as Record<string, unknown>);
  const ref = f.string('alertPolicyRef');
  if (ref) return ctx.docFields(at, 'alertPolicyRef', 'AlertPolicy', ref);
  if (f.value.kind !== 'AlertPolicy') at.fail('kind', f.value.kind, 'is not AlertPolicy', 'Inline policies have kind: AlertPolicy, metadata and spec.');
  return f;
}

function conditionFields(ctx: OpenSloContext, at: SpecPath, c: unknown): Fields {
  if (c === null || typeof c !== 'object') at.fail(undefined, c, 'is not an alert condition', 'Give { conditionRef: name } or an inline kind: AlertCondition.');
  const f = new Fields(at, c as Record<string, unknown>);
  const ref = f.string('conditionRef');
  if (ref) return ctx.docFields(at, 'conditionRef', 'AlertCondition', ref);
  if (f.value.kind !== 'AlertCondition') at.fail('kind', f.value.kind, 'is not AlertCondition', 'Inline conditions have kind: AlertCondition, metadata and spec.');
  return f;
}

function notPrometheus(at: SpecPath, field: string, value: string): never {
  return at.fail(field, value, 'is not a Prometheus source, and these rules are PromQL', 'Only Prometheus metric sources can be imported; keep other sources in their own tools.');
}

function wholeDays(at: Fields, field: string, text: string): Duration {
  const m = /^(\d+)([mhdw])$/.exec(text.trim());
  if (!m) {
    at.at.fail(field, text, 'is not a rolling window of whole days', 'Write the window in days or weeks, e.g. 28d, 30d or 4w; months, quarters and years have no fixed length.');
  }
  const d = Duration.parse(text.trim());
  if (d.toMilliseconds() % Duration.days(1).toMilliseconds() !== 0 || d.toMilliseconds() === 0) {
    at.at.fail(field, text, 'is not a whole number of days', 'Use a window such as 7d, 28d or 30d.');
  }
  return d;
}

/** An OpenSLO counter or gauge query as an events query with a {{.window}} range. */
function eventQuery(at: SpecPath, field: string, query: string, counter: boolean): string {
  if (hasWindowPlaceholder(query)) return query;
  if (counter && typeof parseSelector(query) !== 'string') return query; // a counter selector: the SLI applies rate()
  return windowed(at, field, query, counter ? 'rate' : 'sum_over_time');
}

function windowed(at: SpecPath, field: string, query: string, fn: string): string {
  if (hasWindowPlaceholder(query)) return query;
  const rewritten = wrapSelectors(query, (sel) => `${fn}(${sel}[{{.window}}])`);
  if (!rewritten) {
    at.fail(field, query, 'already has ranges or subqueries, so it cannot be measured over each alert window', 'Write the query over plain series, or put [{{.window}}] where its range goes.');
  }
  return rewritten!;
}

function objectiveName(slo: string, objective: Fields, index: number): string {
  const display = objective.string('displayName');
  const suffix = display ? toDnsLabel(display) : '';
  return `${slo}-${suffix || String(index)}`.slice(0, 63).replace(/-+$/, '');
}
