import { parseArgs } from 'node:util';
import { alertEpisodes } from '../toil/alert-history';
import { NightHours, analyseToil } from '../toil/toil-analysis';
import { toilMarkdown, toilText } from '../toil/toil-report';
import { ReportBundle } from '../reports/report-files';
import { isPrometheusLabelName } from '../common/names';
import { CliIO, EXIT, InputError, UsageError } from './io';
import { ProgressBar } from './progress';
import { PrometheusClient, PrometheusError } from './prometheus-client';
import { parseDurationFlag, parseEndFlag, writeReport } from './report-output';

export const TOIL_HELP = `Usage: sre-constructs toil --prometheus URL [options]

Reads the history of ALERTS and ALERTS_FOR_STATE from Prometheus and reports, per alert and
per service: how often it fired, total and median firing time, flapping, firings at night,
alerts without a runbook, the noisiest alerts as toil candidates, and the share of pages
per service and per week.

Options:
  --prometheus URL         Prometheus base URL.
  --since DUR              How far back. Default 30d.
  --end TIME               End of the range (RFC 3339 or Unix seconds). Default now.
  --timezone ZONE          IANA time zone for night hours and weeks. Default UTC.
  --night HH:MM-HH:MM      Night hours in that zone. Default 22:00-07:00.
  --service-label NAME     The label that names a service. Default service.
  --page-severity LIST     severity values that page when an alert has no sev label.
                           Default critical,page.
  --flap-window DUR        A firing this soon after the same alert resolved is a flap.
                           Default 1h.
  --step DUR               Resolution of the history. Default 1m.
  --timeout DUR            Time allowed for each request. Default 30s.
  --json                   Print JSON.
  --out FILE.md            Write a Markdown report with an SVG chart of pages per week.
  -h, --help               This help.

Exit status: 0 done, 1 Prometheus failed or no ALERTS data in the range (nothing
written), 2 usage error.
`;

/** `sre-constructs toil`. */
export async function toil(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prometheus: { type: 'string' },
      since: { type: 'string' },
      end: { type: 'string' },
      timezone: { type: 'string' },
      night: { type: 'string' },
      'service-label': { type: 'string' },
      'page-severity': { type: 'string' },
      'flap-window': { type: 'string' },
      step: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(TOIL_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`toil takes no positional arguments, not ${JSON.stringify(positionals[0])}`);
  if (values.prometheus === undefined) throw new UsageError('toil needs --prometheus');
  const since = parseDurationFlag('since', values.since ?? '30d');
  const step = parseDurationFlag('step', values.step ?? '1m');
  const flapWindow = parseDurationFlag('flap-window', values['flap-window'] ?? '1h');
  const timeout = parseDurationFlag('timeout', values.timeout ?? '30s');
  const to = parseEndFlag(values.end);
  const from = to - since.toSeconds();
  const timezone = parseTimezone(values.timezone ?? 'UTC');
  const night = parseNight(values.night ?? '22:00-07:00');
  const serviceLabel = values['service-label'] ?? 'service';
  if (!isPrometheusLabelName(serviceLabel)) throw new UsageError(`--service-label ${JSON.stringify(serviceLabel)} is not a label name such as service or team`);
  const pageSeverities = (values['page-severity'] ?? 'critical,page').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (pageSeverities.length === 0) throw new UsageError('--page-severity needs at least one severity value, such as critical');

  const client = PrometheusClient.create(values.prometheus, timeout);
  const progress = new ProgressBar(io, 'fetching alert history');
  const range = [new Date(from * 1000), new Date(to * 1000)] as const;
  const firing = await client.queryRange('ALERTS{alertstate="firing"}', range[0], range[1], step, { onProgress: (d) => progress.update(d / 2) });
  const forState = await client.queryRange('ALERTS_FOR_STATE', range[0], range[1], step, { onProgress: (d) => progress.update(0.5 + d / 2) });
  progress.done();
  const episodes = alertEpisodes(firing, forState, step.toSeconds());
  if (episodes.length === 0) {
    throw new InputError(
      `Prometheus at ${client.url} has no firing ALERTS from ${range[0].toISOString()} to ${range[1].toISOString()}: ` +
        'either no alert fired, or the rules or their history are missing (check /api/v1/rules and the retention); there is nothing to report',
    );
  }
  const runbooks = new Map<string, boolean>();
  let runbookNote: string | undefined;
  try {
    for (const rule of await client.alertingRules()) {
      const has = typeof rule.annotations.runbook_url === 'string' && rule.annotations.runbook_url.trim() !== '';
      runbooks.set(rule.name, (runbooks.get(rule.name) ?? true) && has);
    }
  } catch (e) {
    if (!(e instanceof PrometheusError)) throw e;
    runbookNote = `Runbooks are unknown: ${e.message}.`;
  }
  const report = analyseToil(episodes, { from, to, timezone, night, serviceLabel, pageSeverities, flapWindowSeconds: flapWindow.toSeconds(), runbooks });
  if (values.out !== undefined) {
    const bundle = new ReportBundle(values.out);
    writeReport(io, bundle.files(toilMarkdown(report, { prometheus: client.url, serviceLabel, pageSeverities, runbookNote }, bundle)));
  }
  if (runbookNote && !values.json) io.stderr(`warning: ${runbookNote}\n`);
  io.stdout(values.json ? `${JSON.stringify({ ...report, ...(runbookNote ? { runbookNote } : {}) }, null, 2)}\n` : toilText(report));
  return EXIT.ok;
}

function parseTimezone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new UsageError(`--timezone ${JSON.stringify(zone)} is not an IANA time zone such as UTC or Europe/Paris`);
  }
  return zone;
}

function parseNight(text: string): NightHours {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m || m[1] + m[2] === m[3] + m[4]) throw new UsageError(`--night ${JSON.stringify(text)} is not a range of hours such as 22:00-07:00`);
  return { from: Number(m[1]) * 60 + Number(m[2]), to: Number(m[3]) * 60 + Number(m[4]) };
}
