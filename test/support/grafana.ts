import { RuleGroup, findPromQLSyntaxError, metricNamesIn, parseSelector } from 'sre-constructs';

/**
 * What Grafana needs from a dashboard JSON model to import it and run every panel: checked here because
 * no Grafana runs in the tests. Returns the problems found (empty when none).
 */
export function grafanaProblems(model: unknown): string[] {
  const problems: string[] = [];
  const d = model as Record<string, any>;
  if (typeof d.schemaVersion !== 'number' || d.schemaVersion < 36) problems.push(`schemaVersion ${d.schemaVersion} is not set to a current version`);
  if (typeof d.title !== 'string' || d.title === '') problems.push('title is missing');
  if (typeof d.uid !== 'string' || !/^[a-zA-Z0-9_-]{1,40}$/.test(d.uid)) problems.push(`uid ${JSON.stringify(d.uid)} is not a Grafana uid`);
  const variables: Array<{ name: string }> = d.templating?.list ?? [];
  const names = variables.map((v) => v.name);
  if (new Set(names).size !== names.length) problems.push(`variables repeat a name: ${names.join(', ')}`);
  const known = new Set([...names, '__rate_interval', '__interval', '__range', '__all']);
  const usedVariables = (text: string) => [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((m) => m[1]);

  const panels: Array<Record<string, any>> = (d.panels ?? []).flatMap((p: Record<string, any>) => [p, ...(p.panels ?? [])]);
  const ids = panels.map((p) => p.id);
  if (ids.some((id) => typeof id !== 'number')) problems.push('a panel has no numeric id');
  if (new Set(ids).size !== ids.length) problems.push(`panel ids repeat: ${ids.join(', ')}`);
  for (const p of panels) {
    const name = `panel ${p.id} (${p.title})`;
    const g = p.gridPos;
    if (!g || g.x < 0 || g.w <= 0 || g.x + g.w > 24 || g.h <= 0) problems.push(`${name} has gridPos ${JSON.stringify(g)} outside the 24-column grid`);
    if (p.type === 'row') continue;
    if (!p.datasource?.uid) problems.push(`${name} has no datasource`);
    const targets: Array<Record<string, any>> = p.targets ?? [];
    if (targets.length === 0) problems.push(`${name} has no query`);
    const refIds = targets.map((t) => t.refId);
    if (new Set(refIds).size !== refIds.length) problems.push(`${name} repeats a refId`);
    for (const t of targets) {
      if (!t.refId) problems.push(`${name} has a query without refId`);
      if (!t.datasource?.uid || !t.datasource?.type) problems.push(`${name} has a query without datasource`);
      for (const v of usedVariables(`${t.expr} ${t.datasource?.uid ?? ''}`)) {
        if (!known.has(v)) problems.push(`${name} uses the undefined variable $${v}`);
      }
    }
  }
  for (const v of variables as Array<Record<string, any>>) {
    for (const used of usedVariables(typeof v.query === 'string' ? v.query : '')) {
      if (!known.has(used) || used === v.name) problems.push(`variable ${v.name} uses $${used}, which is not defined before it`);
    }
  }
  return problems;
}

/** Queries that PromQL's grammar refuses (Grafana's interval macros filled in first). */
export function promqlProblems(queries: readonly string[]): string[] {
  return queries.flatMap((q) => {
    const problem = findPromQLSyntaxError(q);
    return problem ? [`${JSON.stringify(q)} ${problem}`] : [];
  });
}

/** A dashboard as far as the dangling-metric check is concerned. */
export interface ReadingDashboard {
  promqlQueries(): readonly string[];
  readonly sourceMetrics: readonly string[];
}

/**
 * Metric names the dashboards read that nothing produces: not recorded by a rule of `groups`, not a
 * declared source metric, and not `ALERTS` of an alert defined in `groups`.
 */
export function danglingMetrics(dashboards: readonly ReadingDashboard[], groups: readonly RuleGroup[]): string[] {
  const rules = groups.flatMap((g) => g.rules);
  const recorded = new Set(rules.flatMap((r) => ('record' in r ? [r.record] : [])));
  const alerts = new Set(rules.flatMap((r) => ('alert' in r ? [r.alert] : [])));
  const found = new Set<string>();
  for (const d of dashboards) {
    const declared = new Set(d.sourceMetrics);
    for (const q of d.promqlQueries()) {
      for (const name of metricNamesIn(q)) {
        if (name === 'ALERTS') {
          for (const alertName of alertNamesRead(q)) if (!alerts.has(alertName)) found.add(`ALERTS{alertname="${alertName}"}`);
        } else if (!recorded.has(name) && !declared.has(name)) {
          found.add(name);
        }
      }
    }
  }
  return [...found].sort();
}

/** Alert names an expression's ALERTS selectors ask for (alternatives of a regex matcher split). */
function alertNamesRead(expr: string): string[] {
  return [...expr.matchAll(/ALERTS\{[^}]*\}/g)].flatMap((m) => {
    const sel = parseSelector(m[0]);
    if (typeof sel === 'string') return [`<unparsable ${m[0]}>`];
    const matcher = sel.matchers.find((x) => x.name === 'alertname');
    if (!matcher) return ['<any alert>'];
    return matcher.op === '=~' ? matcher.value.split('|') : [matcher.value];
  });
}
