import type { Duration } from '../common/duration';

/** A duration in words, largest units first: "2 hours 20 minutes", "92 days", "90 seconds" stays "1 minute 30 seconds". */
export function spellDuration(d: Duration): string {
  let rest = Math.round(d.toSeconds());
  if (rest === 0) return '0 seconds';
  const parts: string[] = [];
  for (const [unit, seconds] of [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]] as const) {
    const n = Math.floor(rest / seconds);
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
    rest -= n * seconds;
  }
  return parts.join(' ');
}
