import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { Severity, requireSeverity } from '../alerting/severity';
import { requireAlertName } from '../alerting/burn-rate-alerts';

/** What every alert that watches automation lets you set. */
export interface AutomationAlertProps {
  /**
   * Alert name.
   * @default - named on each alert
   */
  readonly alertName?: string;
  /**
   * Severity: sets the `sev` label and the `severity` label derived from it (critical, warning, info).
   * @default - set on each alert
   */
  readonly sev?: Severity;
  /**
   * How long the condition must hold before the alert fires.
   * @default - set on each alert
   */
  readonly for?: Duration;
}

/** A checked automation alert. */
export interface AutomationAlertDefinition {
  /** Alert name. */
  readonly alertName: string;
  /** Severity. */
  readonly sev: Severity;
  /** `for` clause. */
  readonly for: Duration;
}

/** Checks an automation alert, filling in its defaults; undefined when turned off with `false`. */
export function defineAutomationAlert(
  at: SpecPath,
  props: AutomationAlertProps | false | undefined,
  defaults: { readonly alertName: string; readonly sev: Severity; readonly for: Duration },
): AutomationAlertDefinition | undefined {
  if (props === false) return undefined;
  const p = props ?? {};
  const sev = p.sev === undefined ? defaults.sev : requireSeverity(at, 'sev', p.sev);
  const alertName = requireAlertName(at, 'alertName', p.alertName ?? defaults.alertName);
  return { alertName, sev, for: p.for === undefined ? defaults.for : requirePositiveDuration(at, 'for', p.for) };
}
