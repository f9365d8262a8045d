import { Severity } from '../alerting/severity';
import type { AlertEpisode } from './alert-history';
import { alertKey } from './alert-history';

/** Hours of the night, in minutes after local midnight; `from` after `to` wraps past midnight. */
export interface NightHours {
  /** Start (22:00 is 1320). */
  readonly from: number;
  /** End (07:00 is 420). */
  readonly to: number;
}

/** How toil is counted. */
export interface ToilSettings {
  /** Start of the range, seconds since the epoch. */
  readonly from: number;
  /** End of the range. */
  readonly to: number;
  /** IANA time zone for night hours and weeks ("UTC", "Europe/Paris"). */
  readonly timezone: string;
  /** Night hours. */
  readonly night: NightHours;
  /** The label that names an alert's service. */
  readonly serviceLabel: string;
  /** `severity` values that page when an alert has no `sev` label. */
  readonly pageSeverities: readonly string[];
  /** A firing that starts within this many seconds after the same alert resolved is a flap. */
  readonly flapWindowSeconds: number;
  /** Whether each alert name's rules carry a runbook (true/false), or unknown (absent). */
  readonly runbooks: ReadonlyMap<string, boolean>;
}

/** The toil of one alert of one service. */
export interface AlertToil {
  /** Alert name. */
  readonly alertname: string;
  /** Service (the service label's value, "(none)" without it). */
  readonly service: string;
  /** `severity` label. */
  readonly severity: string;
  /** `sev` label, or "" without one. */
  readonly sev: string;
  /** Whether it pages. */
  readonly pages: boolean;
  /** Firing episodes. */
  readonly fired: number;
  /** Total firing time, seconds. */
  readonly firingSeconds: number;
  /** Median firing time, seconds. */
  readonly medianFiringSeconds: number;
  /** Firings that started within the flap window after the same alert instance resolved. */
  readonly flaps: number;
  /** Fired and resolved repeatedly: two flaps or more. */
  readonly flapping: boolean;
  /** Firings that started at night. */
  readonly nightFirings: number;
  /** Whether its rules carry a `runbook_url`; null when no rule of that name is loaded now. */
  readonly runbook: boolean | null;
  /** Noise score: firings, plus flaps, plus firings at night (a night firing counts twice). */
  readonly score: number;
  /** Why it is toil, in words. */
  readonly reasons: readonly string[];
}

/** The load of one service. */
export interface ServiceToil {
  /** Service. */
  readonly service: string;
  /** Firing episodes of its alerts. */
  readonly fired: number;
  /** Pages. */
  readonly pages: number;
  /** Its share of all pages (0 to 1). */
  readonly pageShare: number;
  /** Pages at night. */
  readonly nightPages: number;
  /** Total firing time, seconds. */
  readonly firingSeconds: number;
}

/** Pages of one week. */
export interface WeekToil {
  /** ISO week, "2025-W14". */
  readonly week: string;
  /** Its Monday, YYYY-MM-DD, in the time zone. */
  readonly monday: string;
  /** Pages that week. */
  readonly pages: number;
  /** Pages per service. */
  readonly byService: Readonly<Record<string, number>>;
}

/** What `sre-constructs toil` reports. */
export interface ToilReport {
  /** Range start, ISO time. */
  readonly from: string;
  /** Range end, ISO time. */
  readonly to: string;
  /** Time zone of night hours and weeks. */
  readonly timezone: string;
  /** Night hours, "22:00-07:00". */
  readonly night: string;
  /** Totals. */
  readonly totals: { readonly fired: number; readonly pages: number; readonly nightPages: number; readonly firingSeconds: number; readonly alerts: number };
  /** Every alert, noisiest first. */
  readonly alerts: readonly AlertToil[];
  /** The noisiest alerts (score 2 or more), at most ten: what to fix first. */
  readonly toilCandidates: readonly AlertToil[];
  /** Every service, most pages first. */
  readonly services: readonly ServiceToil[];
  /** Every week of the range, in order. */
  readonly weeks: readonly WeekToil[];
}

/** Firings shorter than this resolve before anyone can act on them. */
const SHORT_SECONDS = 5 * 60;

/** Whether an alert with these labels pages: its `sev` is a paging severity, or without `sev`, its `severity` is one of `pageSeverities`. */
export function pages(labels: Readonly<Record<string, string>>, pageSeverities: readonly string[]): boolean {
  const sev = labels.sev === undefined ? undefined : Severity.of(labels.sev);
  if (sev) return sev.pages;
  return pageSeverities.includes(labels.severity ?? '');
}

/** Local calendar parts of a time in a zone. */
export function localParts(seconds: number, timezone: string): { year: number; month: number; day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(seconds * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), minutes: get('hour') * 60 + get('minute') };
}

/** True when a time falls in the night hours of its zone. */
export function atNight(seconds: number, timezone: string, night: NightHours): boolean {
  const { minutes } = localParts(seconds, timezone);
  return night.from <= night.to ? minutes >= night.from && minutes < night.to : minutes >= night.from || minutes < night.to;
}

/** ISO week ("2025-W14") and its Monday of a time in a zone. */
export function isoWeek(seconds: number, timezone: string): { week: string; monday: string } {
  const { year, month, day } = localParts(seconds, timezone);
  const date = Date.UTC(year, month - 1, day);
  const weekday = (new Date(date).getUTCDay() + 6) % 7;
  const monday = date - weekday * 86400000;
  const thursday = monday + 3 * 86400000;
  const weekYear = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * 86400000)) + 1;
  return { week: `${weekYear}-W${String(week).padStart(2, '0')}`, monday: new Date(monday).toISOString().slice(0, 10) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Counts firings, pages, flaps and night firings per alert, per service and per week, and ranks the noisiest alerts. */
export function analyseToil(episodes: readonly AlertEpisode[], settings: ToilSettings): ToilReport {
  const service = (e: AlertEpisode) => e.labels[settings.serviceLabel] ?? '(none)';
  const isPage = (e: AlertEpisode) => pages(e.labels, settings.pageSeverities);
  const isNight = (e: AlertEpisode) => atNight(e.start, settings.timezone, settings.night);

  // Flaps: per alert instance, a firing that starts soon after the previous one ended.
  const flapped = new Set<AlertEpisode>();
  const byInstance = new Map<string, AlertEpisode[]>();
  for (const e of episodes) {
    const list = byInstance.get(alertKey(e.labels)) ?? [];
    list.push(e);
    byInstance.set(alertKey(e.labels), list);
  }
  for (const list of byInstance.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) if (list[i].start - list[i - 1].end <= settings.flapWindowSeconds) flapped.add(list[i]);
  }

  const groups = new Map<string, AlertEpisode[]>();
  for (const e of episodes) {
    const key = JSON.stringify([e.labels.alertname ?? '', service(e), e.labels.sev ?? '', e.labels.severity ?? '']);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const flapWords = formatWindow(settings.flapWindowSeconds);
  const alerts: AlertToil[] = [...groups.entries()].map(([key, list]) => {
    const [alertname, svc, sev, severity] = JSON.parse(key) as [string, string, string, string];
    const fired = list.length;
    const flaps = list.filter((e) => flapped.has(e)).length;
    const nightFirings = list.filter(isNight).length;
    const medianFiringSeconds = median(list.map((e) => e.firingSeconds));
    const runbook = settings.runbooks.has(alertname) ? settings.runbooks.get(alertname)! : null;
    const reasons: string[] = [];
    if (fired >= 2) reasons.push(`fired ${fired} times`);
    if (flaps >= 2) reasons.push(`flapping: fired again within ${flapWords} of resolving ${flaps} times`);
    if (nightFirings > 0) reasons.push(`${nightFirings} firing${nightFirings === 1 ? '' : 's'} at night`);
    if (medianFiringSeconds < SHORT_SECONDS) reasons.push('median firing under 5 minutes: it resolves before anyone can act');
    if (runbook === false) reasons.push('no runbook');
    return {
      alertname,
      service: svc,
      severity,
      sev,
      pages: isPage(list[0]),
      fired,
      firingSeconds: list.reduce((s, e) => s + e.firingSeconds, 0),
      medianFiringSeconds,
      flaps,
      flapping: flaps >= 2,
      nightFirings,
      runbook,
      score: fired + flaps + nightFirings,
      reasons,
    };
  });
  alerts.sort((a, b) => b.score - a.score || b.firingSeconds - a.firingSeconds || a.alertname.localeCompare(b.alertname) || a.service.localeCompare(b.service));

  const paging = episodes.filter(isPage);
  const totalPages = paging.length;
  const services: ServiceToil[] = [...new Set(episodes.map(service))].map((svc) => {
    const mine = episodes.filter((e) => service(e) === svc);
    const minePages = mine.filter(isPage);
    return {
      service: svc,
      fired: mine.length,
      pages: minePages.length,
      pageShare: totalPages > 0 ? minePages.length / totalPages : 0,
      nightPages: minePages.filter(isNight).length,
      firingSeconds: mine.reduce((s, e) => s + e.firingSeconds, 0),
    };
  });
  services.sort((a, b) => b.pages - a.pages || b.fired - a.fired || a.service.localeCompare(b.service));

  // Every week of the range, quiet ones included, so a chart shows the load falling to zero.
  const weekOrder: Array<{ week: string; monday: string }> = [];
  for (let t = settings.from; ; t += 86400) {
    const w = isoWeek(Math.min(t, settings.to), settings.timezone);
    if (weekOrder.length === 0 || weekOrder[weekOrder.length - 1].week !== w.week) weekOrder.push(w);
    if (t >= settings.to) break;
  }
  const weeks: WeekToil[] = weekOrder.map((w) => {
    const mine = paging.filter((e) => isoWeek(e.start, settings.timezone).week === w.week);
    const byService: Record<string, number> = {};
    for (const e of mine) byService[service(e)] = (byService[service(e)] ?? 0) + 1;
    return { ...w, pages: mine.length, byService: Object.fromEntries(Object.entries(byService).sort(([a], [b]) => a.localeCompare(b))) };
  });
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return {
    from: new Date(settings.from * 1000).toISOString(),
    to: new Date(settings.to * 1000).toISOString(),
    timezone: settings.timezone,
    night: `${hhmm(settings.night.from)}-${hhmm(settings.night.to)}`,
    totals: {
      fired: episodes.length,
      pages: totalPages,
      nightPages: paging.filter(isNight).length,
      firingSeconds: episodes.reduce((s, e) => s + e.firingSeconds, 0),
      alerts: alerts.length,
    },
    alerts,
    toilCandidates: alerts.filter((a) => a.score >= 2 || a.runbook === false).slice(0, 10),
    services,
    weeks,
  };
}

function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'an hour' : `${seconds / 3600} hours`;
  return `${Math.round(seconds / 60)} minutes`;
}
