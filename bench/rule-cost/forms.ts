import { Objective, RuleFile, Sli, SloServiceDefinition, SloServiceProps } from 'sre-constructs';
import { SlothEventSlo, slothRuleGroups } from './sloth-form';

/** The three rule forms compared, each for the same N SLO specs. */
export type FormName = 'recorded' | 'raw' | 'sloth';

/** One form's rules and the recorded series its rules read from the past (offsets and ranges). */
export interface Form {
  readonly name: FormName;
  readonly title: string;
  readonly file: RuleFile;
  /** Recorded series whose history the rules read, as label sets; backfilled so the first cycles cost what later ones do. */
  readonly history: ReadonlyArray<{ readonly metric: string; readonly labels: Readonly<Record<string, string>>; readonly value: number }>;
  /** Labels that pick this form's recorded series (for counting them). */
  readonly selector: string;
}

/** The source counter every SLO reads: `bench_requests_total{slo, pod, code}`. */
export const SOURCE_METRIC = 'bench_requests_total';

/** Bad and all requests of SLO `slo`, in Sloth's notation. */
export function queries(slo: string): { errors: string; total: string } {
  return {
    errors: `sum(rate(${SOURCE_METRIC}{slo="${slo}",code=~"5.."}[{{.window}}]))`,
    total: `sum(rate(${SOURCE_METRIC}{slo="${slo}"}[{{.window}}]))`,
  };
}

export function sloName(i: number): string {
  return `s${String(i + 1).padStart(3, '0')}`;
}

const OBJECTIVE = 99.9;
const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** Our SloService for N SLOs of one service, in window derivation `derivation`. */
function ours(n: number, derivation: 'recorded' | 'raw'): SloServiceDefinition {
  const props: SloServiceProps = {
    service: derivation === 'recorded' ? 'bench-recorded' : 'bench-raw',
    windowDerivation: derivation,
    slos: Array.from({ length: n }, (_, i) => {
      const q = queries(sloName(i));
      return { name: sloName(i), sli: Sli.events({ errors: q.errors, total: q.total }), objective: Objective.percent(OBJECTIVE) };
    }),
  };
  return SloServiceDefinition.create(props, `bench/${derivation}`);
}

function slothSlo(i: number): SlothEventSlo {
  const q = queries(sloName(i));
  return {
    service: 'bench-sloth',
    name: sloName(i),
    objective: OBJECTIVE,
    errorQuery: q.errors,
    totalQuery: q.total,
    labels: {},
    alerting: { name: 'SloErrorBudgetBurn', page: { labels: { severity: 'critical' } }, ticket: { labels: { severity: 'warning' } } },
  };
}

/**
 * The three forms for N SLOs. `rates(i)` gives SLO i's bad and all requests per second, which the
 * backfilled recorded series carry.
 */
export function forms(n: number, rates: (i: number) => { errors: number; total: number }): Form[] {
  const recorded = ours(n, 'recorded');
  const raw = ours(n, 'raw');
  const sloNames = Array.from({ length: n }, (_, i) => sloName(i));
  const ourHistory = (def: SloServiceDefinition, windows: readonly string[]) =>
    def.slos.flatMap((slo, i) =>
      windows.flatMap((w) => [
        { metric: `slo:sli_errors:rate${w}`, labels: slo.labels, value: rates(i).errors },
        { metric: `slo:sli_total:rate${w}`, labels: slo.labels, value: rates(i).total },
      ]),
    );
  return [
    {
      name: 'recorded',
      title: "ours, windowDerivation 'recorded' (the default)",
      file: recorded.ruleFile(),
      // Windows read at offsets: every one that is added up into a longer one.
      history: ourHistory(recorded, WINDOWS),
      selector: '{service="bench-recorded"}',
    },
    {
      name: 'raw',
      title: "ours, windowDerivation 'raw' (the previous form)",
      file: raw.ruleFile(),
      // The period sums the 5-minute rates over 30 days.
      history: ourHistory(raw, ['5m']),
      selector: '{service="bench-raw"}',
    },
    {
      name: 'sloth',
      title: "Sloth's form",
      file: { groups: sloNames.flatMap((_, i) => slothRuleGroups(slothSlo(i))) },
      // The period averages the 5-minute ratios over 30 days.
      history: sloNames.map((slo, i) => ({
        metric: 'slo:sli_error:ratio_rate5m',
        labels: { sloth_id: `bench-sloth-${slo}`, sloth_service: 'bench-sloth', sloth_slo: slo, sloth_window: '5m' },
        value: rates(i).errors / rates(i).total,
      })),
      selector: '{sloth_service="bench-sloth"}',
    },
  ];
}
