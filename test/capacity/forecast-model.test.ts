import { Duration, Headroom } from 'sre-constructs';
import { forecastSeries } from '../../lib/capacity/forecast';
import { SeasonalTrendModel, chooseSeasonalities, holdoutError } from '../../lib/capacity/forecast-model';
import { SyntheticSeries, synthetic } from '../support/synthetic';

const DAY = 86400;
const START = Date.UTC(2025, 0, 6) / 1000;

/** 90 days at an hourly step: 1000 + 5 a day, weekly ±60, monthly ±40, daily ±30, AR(1) noise of sd 15. */
const known: SyntheticSeries = { start: START, days: 90, stepSeconds: 3600, level: 1000, trendPerDay: 5, weekly: 60, monthly: 40, daily: 30, noise: 15, seed: 7 };

describe('the seasonal trend model', () => {
  const points = synthetic(known);
  const choice = chooseSeasonalities(90 * DAY, 3600);
  const model = SeasonalTrendModel.fit(points, choice.seasonalities);

  test('fits daily, weekly and monthly cycles from 90 days of hourly samples', () => {
    expect(choice.seasonalities.map((s) => [s.name, s.harmonics])).toEqual([
      ['daily', 4],
      ['weekly', 3],
      ['monthly', 5],
    ]);
    expect(choice.notes).toEqual([]);
  });

  test('recovers the trend within 5%', () => {
    expect(model.trendPerDay).toBeGreaterThan(5 * 0.95);
    expect(model.trendPerDay).toBeLessThan(5 * 1.05);
  });

  test('predicts the noiseless series 90 days ahead within 3%, and the truth lies within the band', () => {
    const end = START + 90 * DAY;
    for (const days of [1, 30, 60, 90]) {
      const t = end + days * DAY;
      const truth = synthetic({ ...known, noise: 0 }, [t])[0][1];
      const p = model.predict(t);
      expect(Math.abs(p.mean - truth) / truth).toBeLessThan(0.03);
      expect(p.lower).toBeLessThan(truth);
      expect(p.upper).toBeGreaterThan(truth);
    }
  });

  test('widens its band with the horizon', () => {
    const end = START + 90 * DAY;
    const width = (days: number) => {
      const p = model.predict(end + days * DAY);
      return p.upper - p.mean;
    };
    expect(width(90)).toBeGreaterThan(width(1));
    expect(width(1)).toBeGreaterThan(15);
  });

  test('reports its held-out error near the noise level', () => {
    const h = holdoutError(points, choice.seasonalities);
    expect(h.holdoutDays).toBeCloseTo(18, 5);
    expect(h.trainingDays).toBeCloseTo(72, 5);
    // Noise of sd 15 around about 1400: a mean absolute error near 12, under 1%.
    expect(h.mape).toBeGreaterThan(0.005);
    expect(h.mape).toBeLessThan(0.015);
  });

  test('has an honest band: over twelve noise draws, about nine held-out samples in ten lie below the upper band', () => {
    const coverage = Array.from({ length: 12 }, (_, i) => holdoutError(synthetic({ ...known, seed: i + 1 }), choice.seasonalities).coverage);
    const mean = coverage.reduce((a, b) => a + b, 0) / coverage.length;
    expect(mean).toBeGreaterThan(0.85);
    expect(mean).toBeLessThan(0.95);
  });

  test('a flat series has no trend and a band that stays near the noise', () => {
    const flat = synthetic({ ...known, trendPerDay: 0, weekly: 0, monthly: 0, daily: 0 });
    const m = SeasonalTrendModel.fit(flat, choice.seasonalities);
    expect(Math.abs(m.trendPerDay)).toBeLessThan(0.3);
  });
});

describe('which cycles a history supports', () => {
  test('45 days leave the monthly cycle out and say why', () => {
    const c = chooseSeasonalities(45 * DAY, 3600);
    expect(c.seasonalities.map((s) => s.name)).toEqual(['daily', 'weekly']);
    expect(c.notes).toEqual(['monthly seasonality left out: it needs two cycles (60.9 days) of history, and there are 45 days']);
  });

  test('a daily step leaves the daily cycle out, and caps harmonics below half the sampling rate', () => {
    const c = chooseSeasonalities(90 * DAY, DAY);
    expect(c.seasonalities.map((s) => [s.name, s.harmonics])).toEqual([
      ['weekly', 3],
      ['monthly', 5],
    ]);
    expect(c.notes[0]).toMatch(/^daily seasonality left out: a step of 24 hours gives fewer than four samples a cycle$/);
  });

  test('too few samples for the coefficients is an error, not a guess', () => {
    expect(() => SeasonalTrendModel.fit(synthetic({ ...known, days: 1 }).slice(0, 5), [])).toThrow(/5 samples are too few to fit 2 coefficients/);
  });
});

describe('forecastSeries', () => {
  const settings = { horizon: Duration.days(90), step: Duration.hours(1), headroom: Headroom.percent(20), now: START + 90 * DAY };

  test('finds the runway of a growing series within two days of the known answer', () => {
    // A steady line from 1000 at +5 a day with noise sd 15: the 90th percentile is about 1000 + 5 d + 19, and
    // times 1.2 it reaches 2000 when 1000 + 5 d + 19 = 1666.7, on day 129.5 of the series: 39.5 days after now.
    const line = synthetic({ ...known, weekly: 0, monthly: 0, daily: 0 });
    const f = forecastSeries({ job: 'api' }, line, { ...settings, capacity: 2000 });
    expect(f.runwayDays).toBeGreaterThanOrEqual(37);
    expect(f.runwayDays).toBeLessThanOrEqual(40);
    expect(f.recommendation).toMatch(/^Plan for it: the forecast's upper band plus the 20% margin reaches the capacity \(2k\) in \d+ days, on 2025-0[56]-\d\d; raise it to at least/);
    expect(f.capacityNeeded90d).toBeGreaterThan((1000 + 5 * 180) * 1.2);
    expect(f.forecast['30d']!).toBeLessThan(f.forecast['90d']!);
  });

  test('a flat series gets no runway and no action', () => {
    const flat = synthetic({ ...known, trendPerDay: 0 });
    const f = forecastSeries({}, flat, { ...settings, capacity: 2000 });
    expect(f.runwayDays).toBeNull();
    expect(f.recommendation).toMatch(/^No action needed: usage is (flat|growing|shrinking), and the peak need over the next 90 days with the 20% margin is 1\.\d+k, \d+(\.\d)?% of the capacity\.$/);
  });

  test('a series above capacity says so', () => {
    const f = forecastSeries({}, synthetic(known), { ...settings, capacity: 1000 });
    expect(f.over).toBe('capacity');
    expect(f.runwayDays).toBe(0);
    expect(f.recommendation).toMatch(/^Usage \([\d.k]+\) is already above the capacity \(1k\): add capacity now; raise it to at least/);
  });

  test('a horizon longer than the history is refused, saying why', () => {
    const short = synthetic({ ...known, days: 30 });
    expect(() => forecastSeries({ job: 'api' }, short, { ...settings, capacity: 5000 })).toThrow(
      /^\{job="api"\} has 30 days of history, less than the 90 days horizon: a forecast reaches at most as far ahead as the history it learns from/,
    );
  });
});
