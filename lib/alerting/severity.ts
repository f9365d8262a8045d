import { Duration } from '../common/duration';
import type { SpecPath } from '../common/errors';

/** The name of an incident severity. */
export type SeverityName = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

/** The `severity` label value most routing trees key on (kube-prometheus, Alertmanager examples). */
export type EcosystemSeverity = 'critical' | 'warning' | 'info';

/**
 * An incident severity: what it means, how fast someone must respond, and whether it wakes a person.
 *
 * Every alert this library emits carries two labels: `sev` (SEV1..SEV4, this scale) and `severity`
 * (critical / warning / info, the scale the ecosystem routes on). The defaults follow the seed's table.
 *
 * @example
 * Severity.SEV2.responseTime.toPrometheus(); // "15m"
 * Severity.SEV2.alertLabels();              // { severity: "critical", sev: "SEV2" }
 */
export class Severity {
  /** Complete outage or data-loss risk (database corruption, security breach). Respond within 5 minutes; pages. */
  public static readonly SEV1 = new Severity('SEV1', 1, 'Complete outage, data loss risk', Duration.minutes(5), true, 'critical');
  /** A major feature unavailable (payment processing down). Respond within 15 minutes; pages. */
  public static readonly SEV2 = new Severity('SEV2', 2, 'Major feature unavailable', Duration.minutes(15), true, 'critical');
  /** Degraded performance (elevated latency, partial failures). Respond within 1 hour; a ticket, no page. */
  public static readonly SEV3 = new Severity('SEV3', 3, 'Degraded performance', Duration.hours(1), false, 'warning');
  /** A minor issue with a workaround. Respond within 4 hours; a ticket. */
  public static readonly SEV4 = new Severity('SEV4', 4, 'Minor issue, workaround exists', Duration.hours(4), false, 'info');

  /** Every severity, most severe first. */
  public static all(): Severity[] {
    return [Severity.SEV1, Severity.SEV2, Severity.SEV3, Severity.SEV4];
  }

  /** The severity called `name` ("SEV2", case-insensitive), or undefined. */
  public static of(name: string): Severity | undefined {
    return Severity.all().find((s) => typeof name === 'string' && s.name === name.trim().toUpperCase());
  }

  /**
   * The SEV an alert labelled only with an ecosystem `severity` most likely means: `critical` pages (SEV2),
   * `warning` is a ticket (SEV3), `info` a minor issue (SEV4). SEV1 is never inferred: a complete outage
   * or a data-loss risk is said explicitly. Undefined for any other value.
   */
  public static fromEcosystem(severity: string): Severity | undefined {
    switch (severity) {
      case 'critical':
        return Severity.SEV2;
      case 'warning':
        return Severity.SEV3;
      case 'info':
        return Severity.SEV4;
      default:
        return undefined;
    }
  }

  private constructor(
    /** SEV1..SEV4. */
    public readonly name: SeverityName,
    /** 1 (most severe) to 4. */
    public readonly level: 1 | 2 | 3 | 4,
    /** What an incident of this severity means. */
    public readonly impact: string,
    /** How soon someone must be working on it. */
    public readonly responseTime: Duration,
    /** Whether it wakes a person (paging class) or waits in a queue (ticket class). */
    public readonly pages: boolean,
    /** The `severity` label value. */
    public readonly ecosystemSeverity: EcosystemSeverity,
  ) {}

  /** The labels an alert of this severity carries: `severity` and `sev`. */
  public alertLabels(): { readonly severity: EcosystemSeverity; readonly sev: SeverityName } {
    return { severity: this.ecosystemSeverity, sev: this.name };
  }

  /** True when this is more severe than `other` (SEV1 is more severe than SEV2). */
  public isMoreSevereThan(other: Severity): boolean {
    return this.level < other.level;
  }

  /** "SEV2". */
  public toString(): string {
    return this.name;
  }
}

/** Checks a severity field: a {@link Severity}, or its name as text ("SEV2"). */
export function requireSeverity(at: SpecPath, field: string, value: unknown): Severity {
  if (value instanceof Severity) return value;
  const found = typeof value === 'string' ? Severity.of(value) : undefined;
  if (!found) {
    return at.fail(field, value, 'is not a severity', 'Use Severity.SEV1, Severity.SEV2, Severity.SEV3 or Severity.SEV4 (or "SEV1".."SEV4").');
  }
  return found;
}
