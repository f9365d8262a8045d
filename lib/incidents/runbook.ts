import { parse } from 'yaml';
import { requireAlertName } from '../alerting/burn-rate-alerts';
import { Severity, requireSeverity } from '../alerting/severity';
import { Duration, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { mdCode, mdCodeBlock, mdDocument, mdHeading, mdList, mdText } from '../common/markdown';
import { requireNotBeforeResponse } from './incident-routing';

/** How risky a mitigation is to apply. */
export type MitigationRisk = 'low' | 'medium' | 'high';

/** One diagnosis step: what to look at, and how. */
export interface DiagnosisStep {
  /** What to do, in words ("Check for recent deployments"). */
  readonly action: string;
  /**
   * The command or query that does it.
   * @default - none
   */
  readonly command?: string;
}

/** One way to mitigate, with its risk. */
export interface MitigationOption {
  /** What it is ("Roll back the recent deployment"). */
  readonly name: string;
  /**
   * The command that does it.
   * @default - none
   */
  readonly command?: string;
  /** low, medium or high. */
  readonly risk: MitigationRisk;
}

/** Who to call, and when. */
export interface RunbookEscalation {
  /** How long after the alert fired to escalate; at least the SEV's response time. */
  readonly after: Duration;
  /** Who: a rotation or a person ("senior-sre-oncall"). */
  readonly to: string;
}

/**
 * A runbook: what fires it, how bad it is, how to diagnose it, how to mitigate it and at what risk, and who
 * to call when that does not work. It renders as Markdown, every user string escaped.
 *
 * @example
 * RunbookDefinition.create({
 *   name: 'High error rate', trigger: 'HighErrorRate: more than 1% of requests failing for 5 minutes', sev: Severity.SEV2,
 *   alerts: ['HighErrorRate'],
 *   diagnosis: [{ action: 'Check for recent deployments', command: 'kubectl rollout history deployment/checkout' }],
 *   mitigation: [{ name: 'Roll back', command: 'kubectl rollout undo deployment/checkout', risk: 'medium' }],
 *   escalation: { after: Duration.minutes(30), to: 'senior-sre-oncall' },
 * });
 */
export interface RunbookProps {
  /** Title ("High CPU Usage"). */
  readonly name: string;
  /** What fires it, in words or as the condition. */
  readonly trigger: string;
  /** Its incident severity. */
  readonly sev: Severity;
  /**
   * What it means, in a sentence or two.
   * @default - the SEV's impact
   */
  readonly meaning?: string;
  /**
   * Who or what is affected while it fires.
   * @default - none stated
   */
  readonly impact?: string;
  /** Diagnosis steps, in order; at least one, each with an action. */
  readonly diagnosis: readonly DiagnosisStep[];
  /** Mitigation options; at least one, each with its risk. */
  readonly mitigation: readonly MitigationOption[];
  /**
   * When and to whom to escalate.
   * @default - none stated
   */
  readonly escalation?: RunbookEscalation;
  /**
   * Alert names this runbook is for. In a `Runbooks` collection, it is rendered at the runbook page of each
   * alert of that name its sources emit, so their `runbook_url` finds it.
   * @default - none: a runbook of its own, at `<name in kebab case>.md`
   */
  readonly alerts?: readonly string[];
}

/** Options of {@link RunbookDefinition.fromYaml}. */
export interface RunbookYamlOptions {
  /**
   * Alert names the runbook is for, when the YAML has no `alerts` list.
   * @default - the YAML's `alerts`, else none
   */
  readonly alerts?: readonly string[];
}

const RISKS: readonly MitigationRisk[] = ['low', 'medium', 'high'];
const YAML_KEYS = ['name', 'trigger', 'severity', 'meaning', 'impact', 'diagnosis_steps', 'mitigation_options', 'escalation', 'alerts'];

/** A checked runbook. */
export class RunbookDefinition {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: RunbookProps, path?: string): RunbookDefinition {
    return new RunbookDefinition(props, path ?? String(props?.name ?? 'Runbook'));
  }

  /**
   * Reads the seed's runbook YAML form:
   *
   * ```yaml
   * name: High CPU Usage
   * trigger: cpu_usage > 85% for 5 minutes
   * severity: SEV3
   * diagnosis_steps:
   *   - step: 1
   *     action: "Check which process is consuming CPU"
   *     command: "top -b -n 1 | head -20"
   * mitigation_options:
   *   - name: "Scale horizontally"
   *     command: "kubectl scale deployment/app --replicas=4"
   *     risk: low
   * escalation:
   *   after: 30 minutes
   *   to: senior-sre-oncall
   * ```
   *
   * `step` numbers, when given, must count 1, 2, 3 in order; `after` takes "30 minutes", "1 hour" or a
   * Prometheus duration ("30m"). `meaning`, `impact` and `alerts` may be added.
   */
  public static fromYaml(text: string, options: RunbookYamlOptions = {}, path = 'runbook'): RunbookDefinition {
    const at = new SpecPath(path);
    let doc: unknown;
    try {
      doc = parse(String(text));
    } catch (e) {
      return at.fail(undefined, '<yaml>', `is not YAML (${(e as Error).message.split('\n')[0]})`, 'Give the runbook as a YAML mapping with name, trigger, severity, diagnosis_steps and mitigation_options.');
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      return at.fail(undefined, doc, 'is not a YAML mapping', 'Give name, trigger, severity, diagnosis_steps and mitigation_options.');
    }
    const y = doc as Record<string, unknown>;
    const unknown = Object.keys(y).filter((k) => !YAML_KEYS.includes(k));
    if (unknown.length > 0) at.fail(unknown[0], y[unknown[0]], 'is not a runbook field', `Use ${YAML_KEYS.join(', ')}.`);
    const steps = y.diagnosis_steps;
    if (Array.isArray(steps)) {
      steps.forEach((s: { step?: unknown }, i) => {
        if (s && typeof s === 'object' && s.step !== undefined && s.step !== i + 1) {
          at.fail(`diagnosis_steps[${i}].step`, s.step, `is not ${i + 1}`, 'Number the steps 1, 2, 3 in the order they are listed, or leave the numbers out.');
        }
      });
    }
    const escalation = y.escalation as { after?: unknown; to?: unknown } | undefined;
    const props = {
      name: y.name,
      trigger: y.trigger,
      sev: y.severity,
      meaning: y.meaning,
      impact: y.impact,
      diagnosis: Array.isArray(steps) ? steps.map((s: Record<string, unknown>) => ({ action: s?.action, command: s?.command })) : steps,
      mitigation: y.mitigation_options,
      escalation:
        escalation && typeof escalation === 'object'
          ? { after: parseHumanDuration(at.at('escalation'), 'after', escalation.after), to: escalation.to }
          : escalation,
      alerts: y.alerts ?? options.alerts,
    };
    return new RunbookDefinition(props as unknown as RunbookProps, path, { sev: 'severity', diagnosis: 'diagnosis_steps', mitigation: 'mitigation_options' });
  }

  /** Title. */
  public readonly name: string;
  /** Trigger. */
  public readonly trigger: string;
  /** Incident severity. */
  public readonly sev: Severity;
  /** Meaning. */
  public readonly meaning: string;
  /** Impact, when stated. */
  public readonly impact?: string;
  /** Diagnosis steps. */
  public readonly diagnosis: readonly DiagnosisStep[];
  /** Mitigation options. */
  public readonly mitigation: readonly MitigationOption[];
  /** Escalation, when stated. */
  public readonly escalation?: RunbookEscalation;
  /** Alert names it is for. */
  public readonly alerts: readonly string[];
  /** Page name: the title in kebab case ("high-cpu-usage"). */
  public readonly slug: string;
  /** Construct path. */
  public readonly path: string;

  private constructor(props: RunbookProps, path: string, names: { sev: string; diagnosis: string; mitigation: string } = { sev: 'sev', diagnosis: 'diagnosis', mitigation: 'mitigation' }) {
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not a runbook', 'Give { name, trigger, sev, diagnosis, mitigation }.');
    }
    this.path = path;
    this.name = requireText(at, 'name', props.name);
    this.slug = this.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63);
    if (this.slug === '') at.fail('name', this.name, 'has no letters or digits to name its page by', 'Give a title such as "High CPU Usage".');
    this.trigger = requireText(at, 'trigger', props.trigger);
    this.sev = requireSeverity(at, names.sev, props.sev);
    this.meaning = props.meaning === undefined ? this.sev.impact : requireText(at, 'meaning', props.meaning);
    this.impact = props.impact === undefined ? undefined : requireText(at, 'impact', props.impact);
    this.diagnosis = requireList(at, names.diagnosis, props.diagnosis, 'diagnosis step', (item, i) => {
      const step = item as DiagnosisStep;
      return { action: requireText(at, `${names.diagnosis}[${i}].action`, step?.action, 'Say what to do in this step, e.g. "Check for recent deployments".'), command: optionalCommand(at, `${names.diagnosis}[${i}].command`, step?.command) };
    });
    this.mitigation = requireList(at, names.mitigation, props.mitigation, 'mitigation option', (item, i) => {
      const option = item as MitigationOption;
      const where = `${names.mitigation}[${i}]`;
      const name = requireText(at, `${where}.name`, option?.name);
      if (!RISKS.includes(option?.risk)) at.fail(`${where}.risk`, option?.risk, 'is not a risk', 'Use "low", "medium" or "high".');
      return { name, command: optionalCommand(at, `${where}.command`, option.command), risk: option.risk };
    });
    if (props.escalation !== undefined) {
      const e = props.escalation;
      const eat = at.at('escalation');
      if (e === null || typeof e !== 'object') eat.fail(undefined, e, 'is not an escalation', 'Give { after, to }.');
      const after = requirePositiveDuration(eat, 'after', e.after);
      requireNotBeforeResponse(eat, 'after', after, this.sev);
      this.escalation = { after, to: requireText(eat, 'to', e.to) };
    }
    const alerts = props.alerts ?? [];
    if (!Array.isArray(alerts)) at.fail('alerts', alerts, 'is not a list', 'Give the alert names, e.g. ["HighErrorRate"].');
    this.alerts = [...new Set(alerts.map((a, i) => requireAlertName(at, `alerts[${i}]`, a)))];
  }

  /** The runbook as Markdown. `postmortemLink`, when given, is where the postmortem template is. */
  public markdown(postmortemLink?: string): string {
    const response = `${this.sev.name}: ${this.sev.impact.toLowerCase()}; respond within ${this.sev.responseTime.toHumanString()}; ${this.sev.pages ? 'pages the on-call' : 'a ticket, no page'}.`;
    return mdDocument([
      mdHeading(1, this.name),
      mdList([
        `**Severity**: ${mdText(response)}`,
        `**Trigger**: ${mdText(this.trigger)}`,
        ...(this.alerts.length ? [`**Alerts**: ${this.alerts.map(mdCode).join(', ')}`] : []),
      ]),
      mdHeading(2, 'What it means'),
      mdText(this.meaning),
      this.impact !== undefined && mdText(`Impact: ${this.impact}`),
      mdHeading(2, 'Diagnosis'),
      ...this.diagnosis.flatMap((s, i) => [mdHeading(3, `${i + 1}. ${s.action}`), s.command !== undefined && mdCodeBlock(s.command, 'sh')]),
      mdHeading(2, 'Mitigation'),
      mdText('Lowest risk first, unless the diagnosis points elsewhere.'),
      ...[...this.mitigation]
        .map((m, i) => ({ m, i }))
        .sort((a, b) => RISKS.indexOf(a.m.risk) - RISKS.indexOf(b.m.risk) || a.i - b.i)
        .flatMap(({ m }) => [mdHeading(3, `${m.name} (risk: ${m.risk})`), m.command !== undefined && mdCodeBlock(m.command, 'sh')]),
      mdHeading(2, 'Escalation'),
      this.escalation
        ? mdText(`Not mitigated ${this.escalation.after.toHumanString()} after the alert fired: escalate to ${this.escalation.to}.`)
        : mdText(`Not mitigated within the ${this.sev.name} response time (${this.sev.responseTime.toHumanString()}): escalate to the senior on-call.`),
      mdHeading(2, 'Afterwards'),
      mdList([
        this.sev.level <= 2
          ? mdText(`A ${this.sev.name} needs a blameless postmortem within 48 hours of resolution.`) + (postmortemLink ? ` Template: [postmortem](${postmortemLink}).` : '')
          : mdText(`Raise it to SEV2 or SEV1 if the impact grows; those need a blameless postmortem within 48 hours.`),
        mdText('Improve this runbook with what you learned.'),
      ]),
    ]);
  }
}

function requireText(at: SpecPath, field: string, value: unknown, expected = 'Give a non-empty text.'): string {
  if (typeof value !== 'string' || value.trim() === '') return at.fail(field, value, 'is empty', expected);
  return value.trim();
}

function optionalCommand(at: SpecPath, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') return at.fail(field, value, 'is empty', 'Give the command, or leave it out.');
  return value.trim();
}

function requireList<T>(at: SpecPath, field: string, value: unknown, what: string, each: (item: unknown, i: number) => T): T[] {
  if (!Array.isArray(value) || value.length === 0) return at.fail(field, value, 'is empty', `Give at least one ${what}.`);
  return value.map(each);
}

/** "30 minutes", "1 hour", "2 days", or a Prometheus duration ("30m"). */
function parseHumanDuration(at: SpecPath, field: string, value: unknown): Duration {
  if (typeof value === 'number') return at.fail(field, value, 'has no unit', 'Write the unit: "30 minutes", "1 hour" or "30m".');
  if (typeof value !== 'string') return at.fail(field, value, 'is not a duration', 'Write "30 minutes", "1 hour" or "30m".');
  const words = /^(\d+)\s*(second|minute|hour|day)s?$/.exec(value.trim().toLowerCase());
  if (words) {
    const n = Number(words[1]);
    const unit = words[2];
    return unit === 'second' ? Duration.seconds(n) : unit === 'minute' ? Duration.minutes(n) : unit === 'hour' ? Duration.hours(n) : Duration.days(n);
  }
  try {
    return Duration.parse(value);
  } catch {
    return at.fail(field, value, 'is not a duration', 'Write "30 minutes", "1 hour" or "30m".');
  }
}
