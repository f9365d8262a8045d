import { parse } from 'yaml';
import type { AlertingRule, RecordingRule, RuleGroup } from 'sre-constructs';

/**
 * Sloth's rule form for an events SLO with its default 30-day windows, templated from the files Sloth
 * generates (test/fixtures/upstream/peers/slo/sloth: examples/_gen and the integration testdata); the
 * test in test/compat/sloth-form.test.ts checks that it reproduces them. Sloth's code is not copied: this
 * writes out what its output looks like, so the benchmark can load Sloth's form for specs of its own.
 */
export interface SlothEventSlo {
  readonly service: string;
  readonly name: string;
  /** Objective in percent (99.9). */
  readonly objective: number;
  /** Bad events, with `{{.window}}`. */
  readonly errorQuery: string;
  /** All events, with `{{.window}}`. */
  readonly totalQuery: string;
  /** Labels of the spec's service and SLO, plus any `--extra-labels`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly alerting: {
    readonly name: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly page?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
    readonly ticket?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  };
}

/** Sloth's default windows for a 30-day period (its "google-30d" AlertWindows). */
const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
const PAGE = [
  { short: '5m', long: '1h', factor: 14.4 },
  { short: '30m', long: '6h', factor: 6 },
];
const TICKET = [
  { short: '2h', long: '1d', factor: 3 },
  { short: '6h', long: '3d', factor: 1 },
];

/** The three groups Sloth writes for one events SLO over 30 days. */
export function slothRuleGroups(slo: SlothEventSlo, version = 'dev'): RuleGroup[] {
  const id = `${slo.service}-${slo.name}`;
  const ids = { sloth_id: id, sloth_service: slo.service, sloth_slo: slo.name };
  const selector = `{sloth_id="${id}", sloth_service="${slo.service}", sloth_slo="${slo.name}"}`;
  const window = (w: string) => (q: string) => q.replace(/\{\{ *\.window *\}\}/g, w);
  const record = (name: string, expr: string, labels: Record<string, string>): RecordingRule => ({ record: name, expr, labels: { ...slo.labels, ...labels } });

  const sli: RecordingRule[] = WINDOWS.map((w) =>
    record(`slo:sli_error:ratio_rate${w}`, `(${window(w)(slo.errorQuery)})\n/\n(${window(w)(slo.totalQuery)})\n`, { ...ids, sloth_window: w }),
  );
  sli.push(
    record(
      'slo:sli_error:ratio_rate30d',
      `sum_over_time(slo:sli_error:ratio_rate5m${selector}[30d])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${selector}[30d])\n`,
      { ...ids, sloth_window: '30d' },
    ),
  );

  const objective = slo.objective / 100;
  const budget = (100 - slo.objective) / 100;
  const perBudget = (series: string) => `${series}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}\n`;
  const meta: RecordingRule[] = [
    record('slo:objective:ratio', `vector(${objective})`, ids),
    record('slo:error_budget:ratio', `vector(1-${objective})`, ids),
    record('slo:time_period:days', 'vector(30)', ids),
    record('slo:current_burn_rate:ratio', perBudget('slo:sli_error:ratio_rate5m'), ids),
    record('slo:period_burn_rate:ratio', perBudget('slo:sli_error:ratio_rate30d'), ids),
    record('slo:period_error_budget_remaining:ratio', `1 - slo:period_burn_rate:ratio${selector}`, ids),
    record('sloth_slo_info', 'vector(1)', {
      ...ids,
      sloth_mode: 'cli-gen-prom',
      sloth_objective: String(slo.objective),
      sloth_spec: 'prometheus/v1',
      sloth_version: version,
    }),
  ];

  const condition = (w: string, factor: number) => `max(slo:sli_error:ratio_rate${w}${selector} > (${factor} * ${budget})) without (sloth_window)`;
  const pair = (t: { short: string; long: string; factor: number }) => `(\n    ${condition(t.short, t.factor)}\n    and\n    ${condition(t.long, t.factor)}\n)`;
  const alert = (severity: 'page' | 'ticket', tiers: typeof PAGE): AlertingRule => {
    const own = slo.alerting[severity] ?? {};
    return {
      alert: slo.alerting.name,
      expr: `${tiers.map(pair).join('\nor\n')}\n`,
      labels: { ...slo.alerting.labels, ...own.labels, sloth_severity: severity },
      annotations: {
        summary: '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
        title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
        ...slo.alerting.annotations,
        ...own.annotations,
      },
    };
  };

  return [
    { name: `sloth-slo-sli-recordings-${id}`, rules: sli },
    { name: `sloth-slo-meta-recordings-${id}`, rules: meta },
    { name: `sloth-slo-alerts-${id}`, rules: [alert('page', PAGE), alert('ticket', TICKET)] },
  ];
}

/** The events SLOs of a Sloth `prometheus/v1` spec, as the template takes them. */
export function slothEventSlos(specYaml: string, extraLabels: Readonly<Record<string, string>> = {}): SlothEventSlo[] {
  const spec = parse(specYaml) as {
    service: string;
    labels?: Record<string, string>;
    slos: Array<{
      name: string;
      objective: number;
      labels?: Record<string, string>;
      sli: { events?: { error_query: string; total_query: string } };
      alerting: {
        name: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
        page_alert?: { labels?: Record<string, string>; annotations?: Record<string, string> };
        ticket_alert?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      };
    }>;
  };
  return spec.slos
    .filter((s) => s.sli.events)
    .map((s) => ({
      service: spec.service,
      name: s.name,
      objective: s.objective,
      errorQuery: s.sli.events!.error_query,
      totalQuery: s.sli.events!.total_query,
      labels: { ...extraLabels, ...spec.labels, ...s.labels },
      alerting: {
        name: s.alerting.name,
        labels: s.alerting.labels,
        annotations: s.alerting.annotations,
        page: s.alerting.page_alert,
        ticket: s.alerting.ticket_alert,
      },
    }));
}
