/**
 * Synthetic metric histories whose trend, cycles and noise are known, for the forecast tests and benchmark:
 * level + trend·days + weekly, monthly and daily sine waves + AR(1) noise (ρ = 0.8) from a seeded generator,
 * so every run sees the same numbers.
 */
export interface SyntheticSeries {
  /** First sample, seconds since the epoch. */
  readonly start: number;
  /** Days of history. */
  readonly days: number;
  /** Seconds between samples. */
  readonly stepSeconds: number;
  /** Value at the start. */
  readonly level: number;
  /** Growth per day. */
  readonly trendPerDay: number;
  /** Amplitude of the weekly cycle. */
  readonly weekly: number;
  /** Amplitude of the monthly cycle (30.436875 days). */
  readonly monthly: number;
  /** Amplitude of the daily cycle. */
  readonly daily: number;
  /** Standard deviation of the noise. */
  readonly noise: number;
  /** Seed of the noise. */
  readonly seed: number;
}

const DAY = 86400;

/** The series' samples, or its value at the given times (noise included unless `noise` is 0). */
export function synthetic(s: SyntheticSeries, times?: readonly number[]): Array<[number, number]> {
  let state = s.seed;
  const uniform = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state + 1) / 2147483649;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const rho = 0.8;
  let ar = 0;
  const at = times ?? Array.from({ length: Math.floor((s.days * DAY) / s.stepSeconds) + 1 }, (_, i) => s.start + i * s.stepSeconds);
  return at.map((t) => {
    ar = rho * ar + Math.sqrt(1 - rho * rho) * gaussian() * s.noise;
    const d = (t - s.start) / DAY;
    const abs = t / DAY;
    const value =
      s.level +
      s.trendPerDay * d +
      s.weekly * Math.sin((2 * Math.PI * abs) / 7) +
      s.monthly * Math.sin((2 * Math.PI * abs) / 30.436875) +
      s.daily * Math.sin(2 * Math.PI * abs) +
      (s.noise > 0 ? ar : 0);
    return [t, value];
  });
}
