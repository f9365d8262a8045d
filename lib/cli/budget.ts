import { parseArgs } from 'node:util';
import { Duration } from '../common/duration';
import { BudgetPolicyMetrics } from '../policy/metrics';
import { BudgetReport, SloBudget, readSloBudgets } from '../policy/budget-report';
import { tidy } from '../slo/objective';
import { CliIO, EXIT, UsageError } from './io';
import { PrometheusClient } from './prometheus-client';

export const BUDGET_HELP = `Usage: sre-constructs budget --prometheus URL [--service S] [--slo NAME] [--json] [--gate]
                            [--timeout 10s]

Reads the error budgets an SloService records from a running Prometheus and prints a
table per SLO: objective and window, budget remaining (percent and minutes of total
outage), the burn rate over each window its burn-rate alerts watch (and 1h), the time
to exhaustion at the current 1h burn, and what its error-budget policy says.

Everything comes from Prometheus: the SLOs from their recorded series, the alert
windows from the loaded alerting rules, the policy from the series an
ErrorBudgetPolicy records. No data is an error, never a healthy budget.

Options:
  --prometheus URL   Prometheus to read, e.g. http://prometheus-operated.monitoring:9090.
  --service S        Only this service.
  --slo NAME         Only SLOs with this name.
  --json             One JSON document instead of tables:
                     {"slos":[{"service","slo","objective","period","budgetRemaining",
                     "budgetRemainingMinutes","burnRates":{"1h":..},"exhaustsIn","frozen"}]}
                     (budgetRemaining a fraction, negative once overspent; exhaustsIn
                     null when the budget outlasts the period at the current 1h burn).
  --gate             Exit 3 when an error-budget policy freezes any selected SLO.
                     Without a policy for any of them it is an error.
  --timeout D        Time allowed for each request to Prometheus. Default 10s.
  -h, --help         This help.

Time to exhaustion is the budget left over the current 1h burn rate. It ignores errors
leaving the rolling window, so it errs on the early side.

Exit status: 0 done (with --gate: no freeze), 1 error (Prometheus unreachable or too
slow, an unknown service or SLO, no data, --gate without a policy), 2 usage error,
3 frozen (--gate).
`;

/** Exit status of `budget --gate` when a policy freezes deploys. */
export const EXIT_FROZEN = 3;

/** `sre-constructs budget`. */
export async function budget(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prometheus: { type: 'string' },
      service: { type: 'string' },
      slo: { type: 'string' },
      json: { type: 'boolean' },
      gate: { type: 'boolean' },
      timeout: { type: 'string', default: '10s' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(BUDGET_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`budget takes no arguments besides its options, not ${JSON.stringify(positionals[0])}`);
  if (values.prometheus === undefined) throw new UsageError('budget needs --prometheus URL');
  let timeout: Duration;
  try {
    timeout = Duration.parse(values.timeout!);
  } catch {
    throw new UsageError(`--timeout ${JSON.stringify(values.timeout)} is not a duration such as 10s`);
  }
  const client = PrometheusClient.create(values.prometheus, timeout);
  const report = await readSloBudgets(client, { service: values.service, slo: values.slo });
  if (report.problems.length > 0) return fail(io, report.problems);
  const gated = report.budgets.filter((b) => b.policy);
  if (values.gate && gated.length === 0) {
    const which = report.budgets.map((b) => `${b.service}/${b.slo}`).join(', ');
    return fail(io, [
      `--gate: no error-budget policy covers ${which} (Prometheus at ${client.url} has no ${BudgetPolicyMetrics.FREEZE_THRESHOLD} series for them), so there is nothing to gate on; add an ErrorBudgetPolicy for the service, or leave --gate out`,
    ]);
  }
  io.stdout(values.json ? `${JSON.stringify(budgetJson(report))}\n` : report.budgets.map(budgetTable).join('\n'));
  if (!values.gate) return EXIT.ok;
  const frozen = gated.filter((b) => b.policy!.frozen);
  if (frozen.length > 0) {
    io.stderr(`gate: closed: deploys are frozen by the error-budget policy of ${frozen.map((b) => `${b.service}/${b.slo} (${percent(b.budgetRemaining)} left)`).join(', ')}\n`);
    return EXIT_FROZEN;
  }
  io.stderr(`gate: open: ${gated.length} SLO${gated.length === 1 ? '' : 's'} under a policy, none frozen\n`);
  return EXIT.ok;
}

/** The `--json` document. */
export function budgetJson(report: BudgetReport): { slos: object[] } {
  return {
    slos: report.budgets.map((b) => ({
      service: b.service,
      slo: b.slo,
      objective: b.objective,
      period: b.period.toPrometheus(),
      budgetRemaining: round(b.budgetRemaining, 4),
      budgetRemainingMinutes: round(b.budgetRemainingMinutes, 1),
      burnRates: Object.fromEntries(b.burnRates.map((r) => [r.window.toPrometheus(), round(r.burnRate, 3)])),
      exhaustsIn: b.exhaustsIn === undefined ? null : shortDuration(b.exhaustsIn),
      frozen: b.policy?.frozen ?? false,
    })),
  };
}

/** One SLO as a small two-column table. */
export function budgetTable(b: SloBudget): string {
  const left =
    b.budgetRemaining >= 0
      ? `${percent(b.budgetRemaining)} (${minutes(b.budgetRemainingMinutes)} of ${minutes(b.budgetMinutes)} minutes)`
      : `${percent(b.budgetRemaining)} (overspent by ${minutes(-b.budgetRemainingMinutes)} of ${minutes(b.budgetMinutes)} minutes)`;
  const hourly = b.burnRates.find((r) => r.window.equals(Duration.hours(1)))!;
  const exhausts =
    b.exhaustsIn === undefined
      ? `not within ${b.period.toPrometheus()} at the current 1h burn (${burn(hourly.burnRate)})`
      : b.exhaustsIn.toMilliseconds() === 0
        ? 'already spent'
        : `${shortDuration(b.exhaustsIn)} at the current 1h burn (${burn(hourly.burnRate)})`;
  const rows: Array<[string, string]> = [
    ['objective', `${tidy(b.objective * 100)}% over ${b.period.toPrometheus()}`],
    ['budget remaining', left],
    ...b.burnRates.map((r): [string, string] => [`burn rate ${r.window.toPrometheus()}`, burn(r.burnRate)]),
    ['exhausts in', exhausts],
    ['policy', policyText(b)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`${b.service}/${b.slo}`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n') + '\n';
}

function policyText(b: SloBudget): string {
  const p = b.policy;
  if (!p) return 'none (no error-budget policy counts this SLO)';
  const lines = `freezes at ${tidy(p.freezeAt * 100)}% left, warns below ${tidy(p.warnBelow * 100)}%`;
  if (p.frozen) return `DEPLOYS FROZEN (${lines})`;
  if (b.budgetRemaining < p.warnBelow) return `deploys open, budget low (${lines})`;
  return `deploys open (${lines})`;
}

/** "3h10m", "1d17h", "45m": hours and minutes under a day, else days and hours (to the nearest hour). */
export function shortDuration(d: Duration): string {
  const total = Math.round(d.toMinutes());
  if (total >= 1440) {
    const hoursInAll = Math.round(total / 60);
    const hours = hoursInAll % 24;
    return `${Math.floor(hoursInAll / 24)}d${hours > 0 ? `${hours}h` : ''}`;
  }
  const hours = Math.floor(total / 60);
  const mins = total % 60;
  if (hours > 0) return `${hours}h${mins > 0 ? `${mins}m` : ''}`;
  return `${mins}m`;
}

function fail(io: CliIO, problems: readonly string[]): number {
  for (const p of problems) io.stderr(`error: ${p}\n`);
  return EXIT.invalid;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function minutes(n: number): string {
  return n.toFixed(1);
}

function burn(rate: number): string {
  return `${rate.toFixed(2)}x`;
}

function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}
