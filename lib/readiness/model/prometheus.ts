import { Severity } from '../../alerting/severity';
import { Duration } from '../../common/duration';
import { metricNamesIn, resultSelector } from '../../common/promql';
import { SloMetrics } from '../../slo/metrics';
import { asNumber, asString, asStringMap, at, objectsOf } from './json';
import type { ObjectRef, PlainFile, ReviewedObject } from './objects';

/** A recording rule. */
export interface RecordingFact {
  /** The PrometheusRule or rule file holding it. */
  readonly object: ObjectRef;
  /** Its group. */
  readonly group: string;
  /** The series it records. */
  readonly record: string;
  /** Its expression. */
  readonly expr: string;
  /** Its own labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** An alerting rule, with what its notifications are known to carry. */
export interface AlertFact {
  /** The PrometheusRule or rule file holding it. */
  readonly object: ObjectRef;
  /** Its group. */
  readonly group: string;
  /** Alert name. */
  readonly alert: string;
  /** Its expression. */
  readonly expr: string;
  /** The rule's own labels. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Labels a firing alert is known to carry: `alertname`, the labels of the series its expression returns
   * (as far as the expression and the recording rules of the tree show), and the rule's own, which win.
   */
  readonly knownLabels: Readonly<Record<string, string>>;
  /** Annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Whether it wakes a person: `sev` SEV1 or SEV2, or without `sev`, `severity` critical (or page). */
  readonly paging: boolean;
}

/** An SLO, as its recorded series show it. */
export interface SloFact {
  /** Service. */
  readonly service: string;
  /** SLO name. */
  readonly slo: string;
  /** The PrometheusRule or rule file recording its objective. */
  readonly object: ObjectRef;
  /** Objective as a ratio, when the recording says (0.9995). */
  readonly objective?: number;
  /** Whether the tree records how much of its error budget is left. */
  readonly recordsBudget: boolean;
}

/** The series that say how an SLO spends its budget: error ratios, burn rates, budget left. */
const BUDGET_SERIES = new Set<string>([SloMetrics.ERROR_BUDGET_REMAINING, SloMetrics.CURRENT_BURN_RATE, SloMetrics.PERIOD_BURN_RATE]);
const ERROR_RATIO_PREFIX = SloMetrics.errorRatio(Duration.minutes(1)).replace(/1m$/, '');

/** Whether a metric name is one of the series an SloService records about its error budget. */
export function isBudgetSeries(metric: string): boolean {
  return BUDGET_SERIES.has(metric) || (metric.startsWith(ERROR_RATIO_PREFIX) && /^[0-9a-z]+$/.test(metric.slice(ERROR_RATIO_PREFIX.length)));
}

/** Whether an expression reads an SLO's budget series. */
export function readsBudget(expr: string): boolean {
  return metricNamesIn(expr).some(isBudgetSeries);
}

interface RawRule {
  readonly object: ObjectRef;
  readonly namespace?: string;
  readonly group: string;
  readonly rule: Record<string, unknown>;
}

/** Every rule of the PrometheusRules and plain rule files of a tree. */
export function readRules(
  objects: readonly ReviewedObject[],
  ruleFiles: readonly PlainFile[],
): { readonly recordings: RecordingFact[]; readonly alerts: AlertFact[] } {
  const raw: RawRule[] = [];
  const collect = (object: ObjectRef, groups: unknown, namespace?: string) => {
    for (const g of objectsOf(groups)) {
      const group = asString(g.name) ?? '';
      for (const rule of objectsOf(g.rules)) raw.push({ object, namespace, group, rule });
    }
  };
  for (const o of objects) {
    if (o.group === 'monitoring.coreos.com' && o.ref.kind === 'PrometheusRule') collect(o.ref, at(o.manifest, 'spec', 'groups'), o.ref.namespace);
  }
  for (const f of ruleFiles) collect(f.ref, f.content.groups);

  const recordings: RecordingFact[] = raw.flatMap(({ object, group, rule }) => {
    const record = asString(rule.record);
    return record ? [{ object, group, record, expr: exprText(rule.expr), labels: asStringMap(rule.labels) }] : [];
  });
  // The Prometheus Operator can stamp every alert of a PrometheusRule with its namespace.
  const enforced = objects
    .filter((o) => o.group === 'monitoring.coreos.com' && o.ref.kind === 'Prometheus')
    .map((o) => asString(at(o.manifest, 'spec', 'enforcedNamespaceLabel')))
    .filter((l): l is string => !!l);
  const alerts: AlertFact[] = raw.flatMap(({ object, namespace, group, rule }) => {
    const alert = asString(rule.alert);
    if (!alert) return [];
    const expr = exprText(rule.expr);
    const labels = asStringMap(rule.labels);
    const stamped = namespace ? Object.fromEntries(enforced.map((l) => [l, namespace])) : {};
    const knownLabels = sortKeys({ ...seriesLabels(expr, recordings, 0), ...labels, ...stamped, alertname: alert });
    return [{ object, group, alert, expr, labels, knownLabels, annotations: asStringMap(rule.annotations), paging: isPaging(knownLabels) }];
  });
  return { recordings, alerts };
}

/** The SLOs of a tree: one per `slo:objective:ratio` recording, by its `service` and `slo` labels. */
export function readSlos(recordings: readonly RecordingFact[]): SloFact[] {
  const out = new Map<string, SloFact>();
  for (const r of recordings) {
    if (r.record !== SloMetrics.OBJECTIVE || !r.labels.service || !r.labels.slo) continue;
    const key = `${r.labels.service}\u0000${r.labels.slo}`;
    if (out.has(key)) continue;
    const objective = /^\s*vector\(\s*([0-9.eE+-]+)\s*\)\s*$/.exec(r.expr);
    const recordsBudget = recordings.some(
      (b) => b.record === SloMetrics.ERROR_BUDGET_REMAINING && b.labels.service === r.labels.service && b.labels.slo === r.labels.slo,
    );
    out.set(key, {
      service: r.labels.service,
      slo: r.labels.slo,
      object: r.object,
      ...(objective && asNumber(objective[1]) !== undefined ? { objective: asNumber(objective[1]) } : {}),
      recordsBudget,
    });
  }
  return [...out.values()];
}

/** Paging: `sev` SEV1 or SEV2 when the alert has one; otherwise `severity` critical (or page), the ecosystem's convention. */
export function isPaging(labels: Readonly<Record<string, string>>): boolean {
  if (labels.sev !== undefined) return Severity.of(labels.sev)?.pages ?? false;
  const severity = (labels.severity ?? '').toLowerCase();
  return severity === 'critical' || severity === 'page';
}

/** Labels of the series an expression returns, from its selector and the recording rules that produce that series. */
function seriesLabels(expr: string, recordings: readonly RecordingFact[], depth: number): Record<string, string> {
  const selector = resultSelector(expr);
  if (!selector) return {};
  // A series matching `label="v"`, or `label=~"v"` with v a plain string (regexes are anchored), has that label.
  const equal = Object.fromEntries(
    selector.matchers.filter((m) => m.name !== '__name__' && (m.op === '=' || (m.op === '=~' && /^[\w.:/-]*$/.test(m.value)))).map((m) => [m.name, m.value]),
  );
  let labels = equal;
  if (!selector.absent && selector.metric && depth <= 3) {
    const producers = recordings.filter((r) => r.record === selector.metric && Object.entries(equal).every(([k, v]) => r.labels[k] === undefined || r.labels[k] === v));
    if (producers.length > 0) {
      // Labels every producing rule agrees on; a label that differs between them is not known.
      const each = producers.map((r) => ({ ...seriesLabels(r.expr, recordings, depth + 1), ...r.labels }));
      const common: Record<string, string> = {};
      for (const [k, v] of Object.entries(each[0])) if (each.every((l) => l[k] === v)) common[k] = v;
      labels = { ...common, ...equal };
    }
  }
  for (const step of selector.grouping ?? []) {
    labels = Object.fromEntries(Object.entries(labels).filter(([k]) => ('by' in step ? step.by.includes(k) : !step.without.includes(k))));
  }
  return labels;
}

function exprText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k];
  return out;
}

