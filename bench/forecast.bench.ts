import { performance } from 'node:perf_hooks';
import { Duration, Headroom } from 'sre-constructs';
import { forecastSeries } from '../lib/capacity/forecast';
import { SeasonalTrendModel, chooseSeasonalities } from '../lib/capacity/forecast-model';
import { synthetic } from '../test/support/synthetic';

/**
 * `npm run bench:forecast`: fits the forecast model on 90 days of history at a 5-minute step (25,921 samples,
 * trend plus daily, weekly and monthly cycles: 26 coefficients), then runs the whole per-series forecast
 * (fit, held-out check, 90 days of predictions). Prints the median of 7 runs; the last line is JSON.
 */
const DAY = 86400;
const start = Date.UTC(2025, 0, 6) / 1000;
const points = synthetic({ start, days: 90, stepSeconds: 300, level: 1000, trendPerDay: 5, weekly: 60, monthly: 40, daily: 30, noise: 15, seed: 1 });
const { seasonalities } = chooseSeasonalities(90 * DAY, 300);

function median(run: () => void, times = 7): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)];
}

const fitMs = median(() => SeasonalTrendModel.fit(points, seasonalities));
const forecastMs = median(() =>
  forecastSeries({}, points, { horizon: Duration.days(90), step: Duration.minutes(5), capacity: 5000, headroom: Headroom.percent(20), now: start + 90 * DAY }),
);
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
console.log(`fit, 90 days at 5m (${points.length} samples, ${2 + seasonalities.reduce((n, s) => n + 2 * s.harmonics, 0)} coefficients): ${fitMs.toFixed(0)} ms`);
console.log(`whole forecast of one series (fit, held-out check, 90 days of predictions at 5m): ${forecastMs.toFixed(0)} ms`);
console.log(JSON.stringify({ samples: points.length, fitMs: Math.round(fitMs), forecastMs: Math.round(forecastMs), heapMb: Math.round(heapMb) }));
