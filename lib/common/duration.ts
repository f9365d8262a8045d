import type { SpecPath } from './errors';

const UNIT_MS = {
  y: 365 * 24 * 3600 * 1000,
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
} as const;

type Unit = keyof typeof UNIT_MS;

/** Prometheus duration syntax: one or more `<integer><unit>` terms, largest unit first. */
const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * A length of time, in whole milliseconds, rendered in Prometheus duration syntax.
 *
 * @example
 * Duration.minutes(5).toPrometheus(); // "5m"
 * Duration.parse('1h30m').toMinutes(); // 90
 */
export class Duration {
  /** @param ms milliseconds */
  public static millis(ms: number): Duration {
    return new Duration(ms);
  }
  /** @param seconds seconds */
  public static seconds(seconds: number): Duration {
    return new Duration(seconds * UNIT_MS.s);
  }
  /** @param minutes minutes */
  public static minutes(minutes: number): Duration {
    return new Duration(minutes * UNIT_MS.m);
  }
  /** @param hours hours */
  public static hours(hours: number): Duration {
    return new Duration(hours * UNIT_MS.h);
  }
  /** @param days days */
  public static days(days: number): Duration {
    return new Duration(days * UNIT_MS.d);
  }

  /**
   * Parses a Prometheus duration such as `5m`, `1h30m`, `500ms`, `30d` or `1w`.
   *
   * @throws Error when the text is not a Prometheus duration.
   */
  public static parse(text: string): Duration {
    const match = typeof text === 'string' ? DURATION_PATTERN.exec(text.trim()) : null;
    if (!match || text.trim() === '') {
      throw new Error(
        `${JSON.stringify(text)} is not a duration: write an integer and a unit (ms, s, m, h, d, w, y), largest unit first, e.g. "5m", "1h30m", "500ms", "30d"`,
      );
    }
    const units: Unit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
    let ms = 0;
    units.forEach((unit, i) => {
      const n = match[i + 1];
      if (n !== undefined) ms += Number(n) * UNIT_MS[unit];
    });
    return new Duration(ms);
  }

  private constructor(private readonly ms: number) {}

  /** Length in milliseconds. */
  public toMilliseconds(): number {
    return this.ms;
  }
  /** Length in seconds (may be fractional). */
  public toSeconds(): number {
    return this.ms / UNIT_MS.s;
  }
  /** Length in minutes (may be fractional). */
  public toMinutes(): number {
    return this.ms / UNIT_MS.m;
  }
  /** Length in hours (may be fractional). */
  public toHours(): number {
    return this.ms / UNIT_MS.h;
  }
  /** Length in days (may be fractional). */
  public toDays(): number {
    return this.ms / UNIT_MS.d;
  }

  /** True when this is a positive whole number of milliseconds (the only kind Prometheus can express). */
  public isPositiveWholeMillis(): boolean {
    return Number.isInteger(this.ms) && this.ms > 0;
  }

  /**
   * Prometheus duration syntax using days, hours, minutes, seconds and milliseconds
   * (`30d`, `1h30m`, `500ms`). Weeks and years are not used, so `7d` stays `7d`.
   */
  public toPrometheus(): string {
    if (this.ms === 0) return '0s';
    if (!Number.isInteger(this.ms) || this.ms < 0) {
      throw new Error(`Duration of ${this.ms} ms cannot be written in Prometheus syntax (whole, non-negative milliseconds only)`);
    }
    let rest = this.ms;
    let out = '';
    for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
      const n = Math.floor(rest / UNIT_MS[unit]);
      if (n > 0) {
        out += `${n}${unit}`;
        rest -= n * UNIT_MS[unit];
      }
    }
    return out;
  }

  /** Words for messages and annotations: "30 days", "1 hour", "90 minutes". */
  public toHumanString(): string {
    const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
    if (this.ms % UNIT_MS.d === 0) return plural(this.ms / UNIT_MS.d, 'day');
    if (this.ms % UNIT_MS.h === 0) return plural(this.ms / UNIT_MS.h, 'hour');
    if (this.ms % UNIT_MS.m === 0) return plural(this.ms / UNIT_MS.m, 'minute');
    if (this.ms % UNIT_MS.s === 0) return plural(this.ms / UNIT_MS.s, 'second');
    return plural(this.ms, 'millisecond');
  }

  /** Same length. */
  public equals(other: Duration): boolean {
    return this.ms === other.ms;
  }

  /** Prometheus syntax; what template literals and messages show. */
  public toString(): string {
    return Number.isInteger(this.ms) && this.ms >= 0 ? this.toPrometheus() : `${this.ms}ms`;
  }
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/** Ascending order, for `Array.sort`. */
export function compareDurations(a: Duration, b: Duration): number {
  return a.toMilliseconds() - b.toMilliseconds();
}

/**
 * Checks that `value` is a `Duration` that Prometheus can express and that is positive.
 * Returns it, so normalizers can write `const w = requirePositiveDuration(at, 'window', props.window)`.
 */
export function requirePositiveDuration(at: SpecPath, field: string, value: unknown): Duration {
  if (!(value instanceof Duration)) {
    return at.fail(field, value, 'is not a Duration', 'Use Duration.minutes(5), Duration.days(30) or Duration.parse("5m").');
  }
  if (!value.isPositiveWholeMillis()) {
    return at.fail(field, `${value.toMilliseconds()}ms`, 'is not a positive duration', 'Give a duration greater than zero in whole milliseconds, e.g. Duration.minutes(5).');
  }
  return value;
}
