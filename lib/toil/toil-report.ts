import { mdCode, mdDocument, mdHeading, mdList, mdTable, mdText } from '../common/markdown';
import { formatPercent, formatSeconds } from '../reports/format';
import type { ReportBundle } from '../reports/report-files';
import { CHART_COLOURS, barChartSvg } from '../reports/svg-chart';
import type { AlertToil, ToilReport } from './toil-analysis';

/** How a run was asked, for the report's header. */
export interface ToilRun {
  /** Prometheus URL. */
  readonly prometheus: string;
  /** The label that names services. */
  readonly serviceLabel: string;
  /** `severity` values that page without a `sev` label. */
  readonly pageSeverities: readonly string[];
  /** Note on runbooks when the rules could not be listed. */
  readonly runbookNote?: string;
}

/** Services drawn as their own stack in the chart; the rest are "other". */
const CHART_SERVICES = CHART_COLOURS.length - 1;

/** The stacked bar chart of pages per week, one stack per service. */
export function pagesPerWeekChart(report: ToilReport): string {
  const ranked = report.services.filter((s) => s.pages > 0).map((s) => s.service);
  const shown = ranked.slice(0, CHART_SERVICES);
  const stacks = shown.map((svc) => ({ name: svc, values: report.weeks.map((w) => w.byService[svc] ?? 0) }));
  if (ranked.length > shown.length) {
    stacks.push({ name: 'other services', values: report.weeks.map((w) => w.pages - shown.reduce((n, svc) => n + (w.byService[svc] ?? 0), 0)) });
  }
  return barChartSvg({ title: `Pages per week (${report.timezone})`, categories: report.weeks.map((w) => w.week), stacks, yLabel: 'pages', integers: true });
}

function runbookText(a: AlertToil): string {
  return a.runbook === null ? 'unknown' : a.runbook ? 'yes' : 'no';
}

/** A few lines for the terminal. */
export function toilText(report: ToilReport): string {
  const t = report.totals;
  const lines = [
    `${report.from} to ${report.to}: ${t.alerts} alerts fired ${t.fired} times, ${t.pages} pages (${t.nightPages} at night, ${report.night} ${report.timezone})`,
    ...report.services.filter((s) => s.pages > 0).map((s) => `  ${s.service}: ${s.pages} pages (${formatPercent(s.pageShare)}), ${s.nightPages} at night`),
    report.toilCandidates.length > 0 ? 'Toil candidates, noisiest first:' : 'No toil candidates: no alert fired twice, flapped, fired at night or lacks a runbook.',
    ...report.toilCandidates.map((a, i) => `  ${i + 1}. ${a.alertname} (${a.service}): ${a.reasons.join('; ')}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The Markdown report, with the pages-per-week chart added to `bundle`. */
export function toilMarkdown(report: ToilReport, run: ToilRun, bundle: ReportBundle): string {
  const t = report.totals;
  const services = report.services.map((s) => s.service);
  return mdDocument([
    mdHeading(1, 'On-call load and toil'),
    mdList([
      `Range: ${mdText(`${report.from} to ${report.to}`)}, from ${mdCode(run.prometheus)}`,
      `Night: ${mdText(report.night)} in ${mdText(report.timezone)}; weeks are ISO weeks in that zone`,
      `Services: the ${mdCode(run.serviceLabel)} label; a page is an alert whose ${mdCode('sev')} pages (SEV1, SEV2), or without ${mdCode('sev')}, whose ${mdCode('severity')} is ${run.pageSeverities.map(mdCode).join(' or ')}`,
      ...(run.runbookNote ? [mdText(run.runbookNote)] : []),
    ]),
    mdText(
      `${t.alerts} alerts fired ${t.fired} times for ${formatSeconds(t.firingSeconds)} in all; ${t.pages} of those firings paged someone, ${t.nightPages} of them at night.`,
    ),
    mdHeading(2, 'Toil candidates'),
    report.toilCandidates.length > 0
      ? mdTable(
          ['#', 'Alert', 'Service', 'Fired', 'Flaps', 'At night', 'Median firing', 'Runbook', 'Why'],
          report.toilCandidates.map((a, i) => [
            String(i + 1),
            mdCode(a.alertname),
            mdText(a.service),
            String(a.fired),
            String(a.flaps),
            String(a.nightFirings),
            mdText(formatSeconds(a.medianFiringSeconds)),
            runbookText(a),
            mdText(a.reasons.join('; ')),
          ]),
        )
      : mdText('None: no alert fired twice, flapped, fired at night or lacks a runbook.'),
    mdHeading(2, 'Pages per week'),
    bundle.chart('pages-per-week', 'Pages per week, stacked by service', pagesPerWeekChart(report)),
    mdTable(
      ['Week', 'Monday', 'Pages', ...services.map(mdText)],
      report.weeks.map((w) => [mdText(w.week), mdText(w.monday), String(w.pages), ...services.map((s) => String(w.byService[s] ?? 0))]),
    ),
    mdHeading(2, 'Share of pages per service'),
    mdTable(
      ['Service', 'Pages', 'Share of pages', 'Pages at night', 'Firings', 'Firing time'],
      report.services.map((s) => [mdText(s.service), String(s.pages), mdText(formatPercent(s.pageShare)), String(s.nightPages), String(s.fired), mdText(formatSeconds(s.firingSeconds))]),
    ),
    mdHeading(2, 'Every alert'),
    mdTable(
      ['Alert', 'Service', 'Severity', 'Pages', 'Fired', 'Total firing', 'Median firing', 'Flaps', 'At night', 'Runbook'],
      report.alerts.map((a) => [
        mdCode(a.alertname),
        mdText(a.service),
        mdText([a.sev, a.severity].filter((x) => x !== '').join(' / ') || 'none'),
        a.pages ? 'yes' : 'no',
        String(a.fired),
        mdText(formatSeconds(a.firingSeconds)),
        mdText(formatSeconds(a.medianFiringSeconds)),
        String(a.flaps),
        String(a.nightFirings),
        runbookText(a),
      ]),
    ),
    mdHeading(2, 'How these are counted'),
    mdList([
      mdText('A firing is a run of ALERTS{alertstate="firing"} samples of one alert instance; a gap longer than the step, or a new ALERTS_FOR_STATE start time, begins a new one. Durations are accurate to one step.'),
      mdText('A flap is a firing that starts within the flap window after the same alert instance resolved; an alert that flapped twice or more is flapping.'),
      mdText('A firing at night started within the night hours, in the time zone given.'),
      mdText('Runbooks come from the rules Prometheus evaluates now (/api/v1/rules): an alert whose rules lack a runbook_url has none; one no loaded rule defines is unknown.'),
      mdText('The noise score ranks toil candidates: firings, plus flaps, plus firings at night.'),
    ]),
  ]);
}
