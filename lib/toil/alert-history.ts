import type { RangeSeries } from '../cli/prometheus-client';

/** One firing of one alert instance: from the first to the last evaluation it was seen firing. */
export interface AlertEpisode {
  /** The alert's labels (`alertname` included, `alertstate` and `__name__` left out). */
  readonly labels: Readonly<Record<string, string>>;
  /** First time seen firing, seconds since the epoch. */
  readonly start: number;
  /** Last time seen firing. */
  readonly end: number;
  /** How long it fired: the samples seen, one step each (accurate to one step). */
  readonly firingSeconds: number;
}

/** The identity of an alert instance: its labels without `__name__` and `alertstate`, sorted. */
export function alertKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.keys(labels)
      .filter((k) => k !== '__name__' && k !== 'alertstate')
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

/**
 * Cuts the history of `ALERTS{alertstate="firing"}` (sampled every `stepSeconds`) into firing episodes. A gap
 * of more than one step ends an episode; so does a change of the alert's `ALERTS_FOR_STATE` value (the time it
 * became active), which tells two firings apart even when they are closer than the step. Non-finite samples
 * count as not firing.
 */
export function alertEpisodes(firing: readonly RangeSeries[], forState: readonly RangeSeries[], stepSeconds: number): AlertEpisode[] {
  const activeAt = new Map<string, Map<number, number>>();
  for (const s of forState) {
    const byTime = new Map<number, number>();
    for (const [t, v] of s.samples) if (Number.isFinite(v)) byTime.set(t, v);
    activeAt.set(alertKey(s.labels), byTime);
  }
  const episodes: AlertEpisode[] = [];
  for (const s of firing) {
    const key = alertKey(s.labels);
    const labels = Object.fromEntries(JSON.parse(key) as Array<[string, string]>);
    const since = activeAt.get(key);
    let run: number[] = [];
    const close = () => {
      if (run.length > 0) episodes.push({ labels, start: run[0], end: run[run.length - 1], firingSeconds: run.length * stepSeconds });
      run = [];
    };
    for (const [t, v] of s.samples) {
      if (!Number.isFinite(v) || v === 0) {
        close();
        continue;
      }
      const previous = run[run.length - 1];
      const gap = previous !== undefined && t - previous > stepSeconds * 1.5;
      const restarted = previous !== undefined && since?.get(t) !== undefined && since?.get(previous) !== undefined && since.get(t) !== since.get(previous);
      if (gap || restarted) close();
      run.push(t);
    }
    close();
  }
  return episodes.sort((a, b) => a.start - b.start || alertKey(a.labels).localeCompare(alertKey(b.labels)));
}
