import { selectorsIn } from '../../common/promql';
import { isBudgetSeries } from './prometheus';
import { asObject, asString, at, objectsOf } from './json';
import type { ObjectRef, ReviewedObject } from './objects';

/** A Grafana dashboard found in the tree. */
export interface DashboardFact {
  /** The ConfigMap or GrafanaDashboard carrying it. */
  readonly ref: ObjectRef;
  /** Its title. */
  readonly title: string;
  /** Every PromQL query of its panels and variables. */
  readonly queries: readonly string[];
}

/**
 * Dashboards: the JSON models in ConfigMaps (the Grafana sidecar's delivery; any data value that parses as
 * a dashboard) and in `GrafanaDashboard` custom resources (`spec.json`). Dashboards fetched from a URL or
 * grafana.com are not in the tree, so they are not counted.
 */
export function readDashboards(objects: readonly ReviewedObject[]): DashboardFact[] {
  const out: DashboardFact[] = [];
  for (const o of objects) {
    const texts: string[] = [];
    if (o.group === '' && o.ref.kind === 'ConfigMap') {
      for (const v of Object.values(asObject(o.manifest.data) ?? {})) if (typeof v === 'string') texts.push(v);
    } else if (o.group === 'grafana.integreatly.org' && o.ref.kind === 'GrafanaDashboard') {
      const json = at(o.manifest, 'spec', 'json');
      if (typeof json === 'string') texts.push(json);
    }
    for (const text of texts) {
      const model = parseDashboard(text);
      if (model) out.push({ ref: o.ref, title: asString(model.title) ?? '', queries: queriesOf(model) });
    }
  }
  return out;
}

/**
 * Whether a dashboard shows an SLO: a query reads one of the SLO's budget series (error ratio, burn rate,
 * budget left) for its service, and for its SLO or all of the service's. A matcher on a dashboard variable
 * (`service=~"$service"`) counts as matching, since the reader picks the value.
 */
export function dashboardShowsSlo(d: DashboardFact, service: string, slo: string): boolean {
  return d.queries.some((q) =>
    selectorsIn(q).some((sel) => {
      if (!sel.metric || !isBudgetSeries(sel.metric)) return false;
      const fits = (label: string, value: string, required: boolean) => {
        const ms = sel.matchers.filter((m) => m.name === label);
        if (ms.length === 0) return !required;
        return ms.every((m) => matcherAccepts(m.op, m.value, value));
      };
      return fits('service', service, true) && fits('slo', slo, false);
    }),
  );
}

function matcherAccepts(op: string, pattern: string, value: string): boolean {
  if (/\$\{?\w+|\[\[\w+\]\]/.test(pattern)) return op === '=' || op === '=~';
  switch (op) {
    case '=':
      return pattern === value;
    case '!=':
      return pattern !== value;
    case '=~':
    case '!~': {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${pattern})$`);
      } catch {
        return false;
      }
      return re.test(value) === (op === '=~');
    }
    default:
      return false;
  }
}

function parseDashboard(text: string): Record<string, unknown> | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    const model = asObject(JSON.parse(text));
    return model && (Array.isArray(model.panels) || Array.isArray(model.rows)) ? model : undefined;
  } catch {
    return undefined;
  }
}

/** Queries of every panel (nested in rows too) and of query variables. */
function queriesOf(model: Record<string, unknown>): string[] {
  const out: string[] = [];
  const panels = (list: unknown) => {
    for (const p of objectsOf(list)) {
      for (const t of objectsOf(p.targets)) {
        const expr = asString(t.expr);
        if (expr) out.push(expr);
      }
      panels(p.panels);
    }
  };
  panels(model.panels);
  for (const row of objectsOf(model.rows)) panels(row.panels);
  for (const v of objectsOf(at(model, 'templating', 'list'))) {
    const q = v.query;
    const text = typeof q === 'string' ? q : asString(asObject(q)?.query);
    if (text && v.type === 'query') out.push(text);
  }
  return out;
}
