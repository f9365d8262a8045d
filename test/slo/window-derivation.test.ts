import { Duration, Objective, RecordingRule, RuleFile, Sli, SliSpec, SloMetrics, SloServiceDefinition, SloServiceProps } from 'sre-constructs';
import { metricNamesIn } from '../../lib/common/promql';
import { InputSeries, Probe, checkRules, counter, evaluate, promtoolVersion } from '../support/promtool';
import { firingProbes, httpRequests } from '../support/traffic';

/**
 * Long windows added up from recorded shorter ones (`windowDerivation: 'recorded'`, the default) against
 * the previous form (`'raw'`, every window reads the source series), side by side under promtool: one
 * scrape and one evaluation a minute, minutes counted from the first sample.
 */
const requests = 'http_requests_total{job="checkout"}';
const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'];

function define(service: string, sli: SliSpec, extra: Partial<SloServiceProps> = {}): SloServiceDefinition {
  return SloServiceDefinition.create({ service, slos: [{ name: 'slo', sli, objective: Objective.percent(99) }], ...extra });
}

/** The same SLO in both forms, told apart by their service label. */
function bothForms(sli: SliSpec = Sli.availability({ requests })): { recorded: SloServiceDefinition; raw: SloServiceDefinition; files: RuleFile[] } {
  const recorded = define('recorded', sli);
  const raw = define('raw', sli, { windowDerivation: 'raw' });
  return { recorded, raw, files: [recorded.ruleFile(), raw.ruleFile()] };
}

function records(def: SloServiceDefinition): RecordingRule[] {
  return def.ruleGroups().flatMap((g) => g.rules).filter((r): r is RecordingRule => 'record' in r);
}

function recording(def: SloServiceDefinition, record: string): RecordingRule {
  const found = records(def).find((r) => r.record === record);
  if (!found) throw new Error(`no rule records ${record}`);
  return found;
}

/** `series{service="..."}` at each minute, for both forms; returns [recorded, raw] pairs. */
function sideBySide(files: RuleFile[], input: InputSeries[], series: string[], minutes: number[]): Array<{ series: string; minute: number; recorded?: number; raw?: number }> {
  const probes: Probe[] = series.flatMap((s) =>
    minutes.flatMap((atMinute) => [
      { expr: `${s}{service="recorded"}`, atMinute },
      { expr: `${s}{service="raw"}`, atMinute },
    ]),
  );
  const v = evaluate(files, input, probes);
  return series.flatMap((s, si) => minutes.map((minute, mi) => ({ series: s, minute, recorded: v[2 * (si * minutes.length + mi)], raw: v[2 * (si * minutes.length + mi) + 1] })));
}

const close = (a: number | undefined, b: number | undefined) => a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

beforeAll(() => {
  promtoolVersion();
});

describe('which series each window reads', () => {
  const { recorded, raw } = bothForms();

  test("'recorded' (the default): only the 5-minute window reads the source series", () => {
    expect(recorded.slos[0].windowDerivation).toBe('recorded');
    const readingSource = records(recorded).filter((r) => metricNamesIn(r.expr).includes('http_requests_total')).map((r) => r.record);
    expect(readingSource).toEqual([SloMetrics.total(Duration.minutes(5)), SloMetrics.errors(Duration.minutes(5))]);
    for (const rule of records(recorded)) {
      expect(metricNamesIn(rule.expr).every((m) => m === 'http_requests_total' || m.startsWith('slo:'))).toBe(true);
    }
  });

  test('each longer window adds up the longest recorded window that divides it, and the period adds up 3-day windows', () => {
    const sources = recorded.slos[0].windowSources.map((s) => [s.window.toPrometheus(), s.tiles ? `${s.tiles.count} x ${s.tiles.window.toPrometheus()}` : 'source']);
    expect(sources).toEqual([
      ['5m', 'source'],
      ['30m', '6 x 5m'],
      ['1h', '2 x 30m'],
      ['2h', '2 x 1h'],
      ['6h', '3 x 2h'],
      ['1d', '4 x 6h'],
      ['3d', '3 x 1d'],
    ]);
    expect(recorded.slos[0].periodTiles).toEqual({ window: Duration.days(3), count: 10 });
    expect(metricNamesIn(recording(recorded, 'slo:sli_errors:rate30d').expr)).toEqual(['slo:sli_errors:rate3d']);
    // Events per second over the period are recorded alongside its ratio.
    expect(metricNamesIn(recording(recorded, 'slo:sli_error:ratio_rate30d').expr)).toEqual(['slo:sli_errors:rate30d', 'slo:sli_total:rate30d']);
  });

  test('a window of 6 tiles reads the newest one and the five before it, missing ones as zero', () => {
    expect(recording(recorded, 'slo:sli_total:rate30m').expr).toBe(
      [
        '(',
        '    slo:sli_total:rate5m{service="recorded", slo="slo"}',
        ...[5, 10, 15, 20, 25].map((m) => `  + on() (slo:sli_total:rate5m{service="recorded", slo="slo"} offset ${m}m or on() vector(0))`),
        ')',
        '/ 6',
      ].join('\n'),
    );
  });

  test("'raw' is the previous form: every window reads the source over its length, the period sums the 5-minute series", () => {
    expect(raw.slos[0].windowDerivation).toBe('raw');
    expect(recording(raw, 'slo:sli_total:rate3d').expr).toBe('sum(rate(http_requests_total{job="checkout"}[3d]))');
    expect(recording(raw, 'slo:sli_error:ratio_rate30d').expr).toMatch(/^sum_over_time\(slo:sli_errors:rate5m\{service="raw", slo="slo"\}\[30d\]\)\n\/\n/);
    expect(records(raw).some((r) => r.record === 'slo:sli_total:rate30d')).toBe(false);
  });

  test('a window that is not a whole number of 5-minute windows reads the source series', () => {
    const def = define('checkout', Sli.availability({ requests }), {
      alerting: { tiers: { fast: { longWindow: Duration.minutes(30), shortWindow: Duration.seconds(150), factor: 14.4 } } },
    });
    const short = def.slos[0].windowSources.find((s) => s.window.toPrometheus() === '2m30s');
    expect(short?.tiles).toBeUndefined();
    expect(recording(def, 'slo:sli_total:rate2m30s').expr).toBe('sum(rate(http_requests_total{job="checkout"}[2m30s]))');
    expect(checkRules(def.ruleFile()).ok).toBe(true);
  });

  test.each<[string, SliSpec, string | RegExp]>([
    ['availability', Sli.availability({ requests }), 'recorded'],
    ['classic latency', Sli.latency({ histogram: 'h_bucket{job="a"}', threshold: Duration.millis(300) }), 'recorded'],
    ['native latency', Sli.nativeLatency({ histogram: 'h{job="a"}', threshold: Duration.millis(300) }), 'recorded'],
    ['bool gauge', Sli.boolGauge({ gauge: 'probe_success{job="a"}' }), /counts samples \(count_over_time, sum_over_time\), which Prometheus 2 takes from both ends/],
    ['events from selectors', Sli.events({ errors: 'e_total', total: 't_total' }), 'recorded'],
    ['events from rate templates', Sli.events({ errors: 'sum(rate(e[{{.window}}]))', total: 'sum(rate(t[{{.window}}]))' }), 'recorded'],
    ['events from increase templates', Sli.events({ errors: 'sum(increase(e[{{.window}}]))', total: 'sum(increase(t[{{.window}}]))' }), 'recorded'],
    ['events counting samples', Sli.events({ errors: 'sum(rate(e[{{.window}}]))', total: 'sum_over_time((count(x))[{{.window}}:])' }), /total query reads its window with sum_over_time\(\), which counts samples/],
    ['a ready-made error ratio', Sli.errorRatio({ query: 'sum(rate(e[{{.window}}])) / sum(rate(t[{{.window}}]))' }), /ready-made error ratio has no event counts/],
    ['a max_over_time template', Sli.events({ errors: 'max_over_time(e[{{.window}}])', total: 'sum(rate(t[{{.window}}]))' }), /errors query reads its window with max_over_time\(\)/],
    ['a template mixing rates and counts', Sli.events({ errors: 'sum(rate(e[{{.window}}])) + sum(increase(f[{{.window}}]))', total: 'sum(rate(t[{{.window}}]))' }), /mixes per-second functions and counts \(increase, rate\)/],
    ['good rates against total counts', Sli.events({ good: 'sum(rate(g[{{.window}}]))', total: 'sum(increase(t[{{.window}}]))' }), /good query is a mean and its total query a sum/],
  ])('%s: %s', (_name, sli, expected) => {
    const slo = define('checkout', sli).slos[0];
    if (typeof expected === 'string') {
      expect(slo.windowDerivation).toBe(expected);
      expect(slo.rawWindowsReason).toBeUndefined();
    } else {
      expect(slo.windowDerivation).toBe('raw');
      expect(slo.rawWindowsReason).toMatch(expected);
      expect(slo.windowSources.every((s) => !s.tiles)).toBe(true);
    }
  });

  test('counts add up over tiles (no division), rates average', () => {
    const def = define('checkout', Sli.events({ errors: 'sum(increase(e[{{.window}}]))', total: 'sum(rate(t[{{.window}}])) * 0 + sum(increase(t[{{.window}}]))' }));
    expect(def.slos[0].rawWindowsReason).toMatch(/mixes/);
    const counts = define('checkout', Sli.events({ errors: 'sum(increase(e[{{.window}}]))', total: 'sum(increase(t[{{.window}}]))' }));
    expect(recording(counts, 'slo:sli_total:rate1h').expr).not.toMatch(/\/ 2$/);
    expect(recording(define('checkout', Sli.availability({ requests })), 'slo:sli_total:rate1h').expr).toMatch(/\n\/ 2$/);
  });
});

describe('the same numbers as the raw form, evaluated by promtool', () => {
  test('every window and the period agree with the raw form through healthy traffic, an outage, a slow burn and silence, from the first minute on', () => {
    const { files } = bothForms();
    const input = httpRequests('{job="checkout"}', [
      { minutes: 40, rps: 10 },
      { minutes: 15, rps: 10, errorRatio: 1 },
      { minutes: 200, rps: 20, errorRatio: 0.02 },
      { minutes: 60, rps: 0 },
      { minutes: 100, rps: 5, errorRatio: 0.1 },
    ]);
    const series = WINDOWS.filter((w) => w !== '30d').flatMap((w) => [`slo:sli_errors:rate${w}`, `slo:sli_total:rate${w}`, `slo:sli_error:ratio_rate${w}`]);
    const rows = sideBySide(files, input, series, [3, 12, 47, 55, 61, 130, 256, 290, 330, 415]);
    const off = rows.filter((r) => !close(r.recorded, r.raw));
    expect(off).toEqual([]);
  });

  test('the period is the ratio of every event seen, where the raw form\'s sum of overlapping 5-minute samples lags by minutes', () => {
    const { files } = bothForms();
    // 40 healthy minutes, then every request fails: at minute 47, 7 of 47 minutes failed.
    const input = httpRequests('{job="checkout"}', [
      { minutes: 40, rps: 10 },
      { minutes: 15, rps: 10, errorRatio: 1 },
    ]);
    const [recorded, raw] = evaluate(files, input, [
      { expr: 'slo:sli_error:ratio_rate30d{service="recorded"}', atMinute: 47 },
      { expr: 'slo:sli_error:ratio_rate30d{service="raw"}', atMinute: 47 },
    ]);
    expect(recorded).toBeCloseTo(7 / 47, 9);
    expect(raw).toBeLessThan(0.12);
  });

  test('counts added up over tiles agree with counts over the whole window', () => {
    const sli = Sli.events({ errors: 'sum(increase(http_requests_total{job="checkout", code="500"}[{{.window}}]))', total: 'sum(increase(http_requests_total{job="checkout"}[{{.window}}]))' });
    const { recorded, files } = bothForms(sli);
    expect(recorded.slos[0].windowDerivation).toBe('recorded');
    const input = httpRequests('{job="checkout"}', [
      { minutes: 30, rps: 10 },
      { minutes: 90, rps: 10, errorRatio: 0.3 },
    ]);
    const rows = sideBySide(files, input, ['slo:sli_errors:rate1h', 'slo:sli_total:rate2h', 'slo:sli_error:ratio_rate6h'], [20, 65, 120]);
    expect(rows.filter((r) => !close(r.recorded, r.raw))).toEqual([]);
    // An increase over 2 hours, not a per-second rate: 120 minutes of 600 requests.
    expect(rows.find((r) => r.series === 'slo:sli_total:rate2h' && r.minute === 120)?.recorded).toBeCloseTo(120 * 600, 6);
  });
});

describe('why windows are added up from non-overlapping tiles', () => {
  test('windows summing the overlapping 5-minute samples (sum_over_time) would page 2 minutes later; tiles page with the raw form', () => {
    const { recorded, raw } = bothForms();
    const sel = '{service="recorded", slo="slo"}';
    const overlapping: RuleFile = {
      groups: recorded.ruleFile().groups.map((g) => ({
        ...g,
        rules: g.rules.map((r) => {
          const w = 'record' in r ? /^slo:sli_error:ratio_rate(\w+)$/.exec(r.record)?.[1] : undefined;
          if (!w || w === '5m' || w === '30d') return r;
          return { ...r, expr: `sum_over_time(slo:sli_errors:rate5m${sel}[${w}]) / sum_over_time(slo:sli_total:rate5m${sel}[${w}])` };
        }),
      })),
    };
    for (const errorRatio of [1, 0.5, 0.2]) {
      const input = httpRequests('{job="checkout"}', [{ minutes: 120, rps: 10 }, { minutes: 60, rps: 10, errorRatio }]);
      const [tiles, sums, source] = [recorded.ruleFile(), overlapping, raw.ruleFile()].map((file) => evaluate(file, input, firingProbes('{severity="critical"}', 180))[0]);
      expect({ errorRatio, tiles, sums: sums! - source! }).toEqual({ errorRatio, tiles: source, sums: 2 });
    }
  });
});

describe('edges', () => {
  test('a young window holds what was seen: ten minutes into a total outage after a fresh start, every window reads an error ratio of 1, as the raw form does', () => {
    const { files } = bothForms();
    const input = httpRequests('{job="checkout"}', [{ minutes: 10, rps: 10, errorRatio: 1 }]);
    const rows = sideBySide(files, input, ['slo:sli_error:ratio_rate1h', 'slo:sli_error:ratio_rate3d', 'slo:sli_error:ratio_rate30d'], [10]);
    expect(rows.map((r) => r.recorded)).toEqual([1, 1, 1]);
    expect(rows.map((r) => r.raw)).toEqual([1, 1, 1]);
  });

  test('a young window pages on a fresh start at the same minute as the raw form', () => {
    const { files } = bothForms();
    const input = httpRequests('{job="checkout"}', [
      { minutes: 10, rps: 10 },
      { minutes: 20, rps: 10, errorRatio: 1 },
    ]);
    const v = evaluate(files, input, [...firingProbes('{service="recorded", severity="critical"}', 30), ...firingProbes('{service="raw", severity="critical"}', 30)]);
    expect(v[0]).toBeDefined();
    expect(v[0]).toBe(v[2]);
  });

  test('a restart: while the 5-minute series is missing every window is missing (never healthy), and afterwards each holds the events seen, undiluted', () => {
    // 1% errors throughout; Prometheus is down from minute 60 to minute 80: no scrapes, no evaluations
    // (promtool keeps evaluating, but without samples the 5-minute rate is gone after 5 minutes).
    const { files } = bothForms();
    const input: InputSeries[] = [
      { series: 'http_requests_total{job="checkout", code="200"}', values: cut(counter([{ minutes: 120, perMinute: 594 }])) },
      { series: 'http_requests_total{job="checkout", code="500"}', values: cut(counter([{ minutes: 120, perMinute: 6 }])) },
    ];
    const during = sideBySide(files, input, ['slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate1h', 'slo:sli_error:ratio_rate3d'], [70, 78]);
    expect(during.map((r) => r.recorded)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    const after = sideBySide(files, input, ['slo:sli_error:ratio_rate1h', 'slo:sli_error:ratio_rate6h', 'slo:sli_error:ratio_rate3d', 'slo:sli_error:ratio_rate30d'], [82, 100, 120]);
    for (const row of after) {
      expect({ ...row, recorded: Number(row.recorded?.toFixed(9)) }).toEqual({ ...row, recorded: 0.01 });
    }
  });

  test('a restart during an outage: the events of the gap are lost to the added-up windows, which still never read healthier than what was seen', () => {
    // All requests fail while Prometheus is down (minutes 60 to 80) and after it is back.
    const { files } = bothForms();
    const ok = counter([{ minutes: 60, perMinute: 600 }, { minutes: 60, perMinute: 0 }]);
    const bad = counter([{ minutes: 60, perMinute: 0 }, { minutes: 60, perMinute: 600 }]);
    const input: InputSeries[] = [
      { series: 'http_requests_total{job="checkout", code="200"}', values: cut(ok) },
      { series: 'http_requests_total{job="checkout", code="500"}', values: cut(bad) },
    ];
    const [row] = sideBySide(files, input, ['slo:sli_error:ratio_rate1h'], [90]);
    // The raw form counts the 20 failed minutes of the gap (the counter kept counting): 30 of 60 minutes.
    expect(row.raw).toBeCloseTo(30 / 60, 2);
    // The added-up window saw 30 healthy minutes (30..60) and the 10 failed ones since the restart.
    expect(row.recorded).toBeCloseTo(10 / 40, 2);
    // The page fires all the same, a few minutes after the raw form's (which counts the gap's failures):
    // the window needs about 6 failed minutes since the restart to cross 14.4 x 1%.
    const v = evaluate(files, input, [...firingProbes('{service="recorded", severity="critical"}', 90), ...firingProbes('{service="raw", severity="critical"}', 90)]);
    expect(v[2]).toBeLessThanOrEqual(82);
    expect(v[0]).toBeGreaterThan(v[2]!);
    expect(v[0]).toBeLessThanOrEqual(87);
  });

  test('series churn: pods replaced every 25 minutes, counters starting again from 0, read within 3% of the raw form', () => {
    const { files } = bothForms();
    const input: InputSeries[] = [];
    for (let pod = 0; pod < 6; pod++) {
      const start = pod * 25;
      const values = Array.from({ length: 151 }, (_, minute) => (minute < start || minute > start + 30 ? '_' : String((minute - start) * (pod === 3 ? 300 : 600))));
      const bad = Array.from({ length: 151 }, (_, minute) => (minute < start || minute > start + 30 ? '_' : String((minute - start) * (pod === 3 ? 300 : 6))));
      input.push({ series: `http_requests_total{job="checkout", pod="p${pod}", code="200"}`, values: values.join(' ') });
      input.push({ series: `http_requests_total{job="checkout", pod="p${pod}", code="500"}`, values: bad.join(' ') });
    }
    const rows = sideBySide(files, input, ['slo:sli_error:ratio_rate30m', 'slo:sli_error:ratio_rate1h', 'slo:sli_error:ratio_rate2h', 'slo:sli_error:ratio_rate6h'], [40, 90, 110, 150]);
    // Where a series stops, rate() extrapolates by up to half a scrape interval past its last sample: over
    // the whole window in the raw form, over one 5-minute tile here. Both estimate the same events.
    expect(rows.filter((r) => r.recorded === undefined || Math.abs(r.recorded - r.raw!) > 0.03 * r.raw!)).toEqual([]);
  });

  test('a counter reset inside a window reads the same in both forms', () => {
    const { files } = bothForms();
    const input: InputSeries[] = [
      { series: 'http_requests_total{job="checkout", code="200"}', values: `${counter([{ minutes: 50, perMinute: 590 }])} 0+590x69` },
      { series: 'http_requests_total{job="checkout", code="500"}', values: `${counter([{ minutes: 50, perMinute: 10 }])} 0+10x69` },
    ];
    const rows = sideBySide(files, input, ['slo:sli_error:ratio_rate1h', 'slo:sli_total:rate2h'], [70, 120]);
    expect(rows.filter((r) => !close(r.recorded, r.raw))).toEqual([]);
  });

  test('zero traffic: every added-up window records 0 errors, 0 events and an error ratio of 0, never NaN', () => {
    const { recorded } = bothForms();
    const input = httpRequests('{job="checkout"}', [{ minutes: 90, rps: 0 }]);
    const names = records(recorded).map((r) => r.record).filter((n) => /rate/.test(n));
    const values = evaluate(recorded.ruleFile(), input, names.map((expr) => ({ expr, atMinute: 90 })));
    expect(values).toEqual(names.map(() => 0));
  });

  test('source series gone: every window is missing, not 0, and the absent-data alert fires', () => {
    const def = define('checkout', Sli.availability({ requests }), { alerting: { absentDataAlert: true } });
    const input = httpRequests('{job="checkout"}', [{ minutes: 30, rps: 10, errorRatio: 0.01 }]).map((s) => ({ ...s, values: `${s.values} _x40` }));
    const values = evaluate(def.ruleFile(), input, [
      { expr: 'slo:sli_error:ratio_rate1h', atMinute: 60 },
      { expr: 'slo:sli_error:ratio_rate30d', atMinute: 60 },
      { expr: 'count(ALERTS{alertname="SloDataMissing", alertstate="firing"})', atMinute: 60 },
    ]);
    expect(values).toEqual([undefined, undefined, 1]);
  });
});

/** Samples of minutes 61 to 79 left out: Prometheus was down. */
function cut(values: string): string {
  return expand(values).map((v, minute) => (minute > 60 && minute < 80 ? '_' : v)).join(' ');
}

/** promtool's expanding notation written out, one value a minute ("0+5x2" is "0 5 10"). */
function expand(values: string): string[] {
  return values.split(' ').flatMap((term) => {
    const m = /^(-?[\d.e+]+)([+-][\d.e]+)x(\d+)$/.exec(term);
    if (!m) return [term];
    const [start, step, times] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return Array.from({ length: times + 1 }, (_, i) => String(Number((start + step * i).toPrecision(12))));
  });
}
