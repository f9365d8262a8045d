import { Duration, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { CHECKLIST_SECTIONS } from './checklist';
import type { ReadinessLevel, ReadinessRule } from './rule';
import { READINESS_RULES } from './rules';

/** How a pack runs one rule. */
export interface ReadinessRuleSettings {
  /**
   * Level: `error` fails the review, `warning` is reported.
   * @default - the rule's own level
   */
  readonly level?: ReadinessLevel;
  /**
   * The time limit of a rule that has one: an attestation's maximum age, a chaos schedule's or restore
   * drill's longest gap between runs.
   * @default - the rule's own limit
   */
  readonly within?: Duration;
}

/** A pack: which rules run, at which level. */
export interface ReadinessPackProps {
  /** Name (lowercase letters, digits and '-'), as `review --pack NAME` and the report show it. */
  readonly name: string;
  /**
   * A pack to start from: its rules and settings, changed by `rules`.
   * @default - none: the pack holds only the rules it names
   */
  readonly extends?: ReadinessPack;
  /**
   * The library's rules by id: `true` (the rule's own settings), settings, or `false` to leave out a rule of
   * the pack it extends. A rule id the library does not have is an error.
   * @default - none
   */
  readonly rules?: Readonly<Record<string, boolean | ReadinessRuleSettings>>;
  /**
   * Rules of your own, run after the library's. Their ids must not be the library's.
   * @default - none
   */
  readonly customRules?: readonly ReadinessRule[];
}

/** One rule of a pack with its settings. */
export interface ReadinessPackEntry {
  /** The rule. */
  readonly rule: ReadinessRule;
  /** Its level in this pack. */
  readonly level: ReadinessLevel;
  /** Its time limit in this pack, when it has one. */
  readonly within?: Duration;
}

const PACK_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;

/**
 * A set of readiness rules. The seed's checklist is the default pack; compose your own from it: pick rules,
 * change levels and limits, add rules of your own.
 *
 * @example
 * const pack = ReadinessPack.create({
 *   name: 'payments',
 *   extends: ReadinessPack.seedChecklist(),
 *   rules: { 'SRE-CAP-003': { level: 'error' }, 'SRE-ARC-001': { within: Duration.days(90) } },
 * });
 */
export class ReadinessPack {
  /** Name of the seed's checklist. */
  public static readonly SEED_CHECKLIST = 'seed-checklist';

  /** Every item of the seed's Production Readiness Checklist and Quality Checks, each rule at its own level. */
  public static seedChecklist(): ReadinessPack {
    return new ReadinessPack(
      ReadinessPack.SEED_CHECKLIST,
      READINESS_RULES.map((rule) => ({ rule, level: rule.level, ...(rule.within ? { within: rule.within } : {}) })),
    );
  }

  /** The library's rule with this id, if there is one. */
  public static libraryRule(id: string): ReadinessRule | undefined {
    return READINESS_RULES.find((r) => r.id === id);
  }

  /** Checks the props and builds the pack. Throws a SpecError naming the field and value at the first problem. */
  public static create(props: ReadinessPackProps, path?: string): ReadinessPack {
    const at = new SpecPath(path ?? String(props?.name ?? 'ReadinessPack'));
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not a pack', 'Give { name, extends?, rules?, customRules? }.');
    if (typeof props.name !== 'string' || !PACK_NAME.test(props.name)) {
      at.fail('name', props.name, 'is not a pack name', 'Use lowercase letters, digits and "-", e.g. "payments".');
    }
    if (props.extends !== undefined && !(props.extends instanceof ReadinessPack)) {
      at.fail('extends', props.extends, 'is not a pack', 'Give a ReadinessPack, e.g. ReadinessPack.seedChecklist().');
    }
    const entries: ReadinessPackEntry[] = [...(props.extends?.entries ?? [])];
    for (const [id, setting] of Object.entries(props.rules ?? {})) {
      const rule = ReadinessPack.libraryRule(id);
      if (!rule) at.fail(`rules.${id}`, id, 'is not a rule of the library', `Use one of ${READINESS_RULES.map((r) => r.id).join(', ')}, or add your own with customRules.`);
      const index = entries.findIndex((e) => e.rule.id === id);
      if (setting === false) {
        if (index >= 0) entries.splice(index, 1);
        continue;
      }
      const entry = settle(at.at('rules', id), rule!, setting === true ? {} : setting, index >= 0 ? entries[index] : undefined);
      if (index >= 0) entries[index] = entry;
      else entries.push(entry);
    }
    entries.sort((a, b) => order(a.rule) - order(b.rule));
    (props.customRules ?? []).forEach((rule, i) => {
      const rat = at.at('customRules', String(i));
      requireCustomRule(rat, rule);
      if (entries.some((e) => e.rule.id === rule.id)) rat.fail('id', rule.id, 'is already a rule of the pack', 'Give your rule an id of its own, e.g. "ACME-SEC-001".');
      entries.push({ rule, level: rule.level, ...(rule.within ? { within: rule.within } : {}) });
    });
    if (entries.length === 0) at.fail('rules', props.rules, 'leaves the pack empty', 'Name at least one rule, or extend ReadinessPack.seedChecklist().');
    return new ReadinessPack(props.name, entries);
  }

  private constructor(
    /** Name. */
    public readonly name: string,
    /** Rules and their settings, in order. */
    public readonly entries: readonly ReadinessPackEntry[],
  ) {}

  /** The rule with this id: the pack's own, or the library's. */
  public knownRule(id: string): ReadinessRule | undefined {
    return this.entries.find((e) => e.rule.id === id)?.rule ?? ReadinessPack.libraryRule(id);
  }

  /** Attestation items the pack's rules read, sorted. */
  public attestedItems(): string[] {
    return [...new Set(this.entries.flatMap((e) => (e.rule.attests ? [e.rule.attests] : [])))].sort();
  }

  /** Attestation items any rule of the library or of this pack reads, sorted: what an attestation may name. */
  public knownAttestedItems(): string[] {
    return [...new Set([...READINESS_RULES, ...this.entries.map((e) => e.rule)].flatMap((r) => (r.attests ? [r.attests] : [])))].sort();
  }
}

function settle(at: SpecPath, rule: ReadinessRule, setting: ReadinessRuleSettings, base: ReadinessPackEntry | undefined): ReadinessPackEntry {
  if (setting === null || typeof setting !== 'object') at.fail(undefined, setting, 'is not a rule setting', 'Give true, false, or { level, within }.');
  const level = setting.level ?? base?.level ?? rule.level;
  if (level !== 'error' && level !== 'warning') at.fail('level', level, 'is not a level', 'Use "error" or "warning".');
  if (setting.within !== undefined && !rule.within) {
    at.fail('within', setting.within.toString(), `does not apply: ${rule.id} has no time limit`, 'Leave within out for this rule.');
  }
  const within = setting.within !== undefined ? requirePositiveDuration(at, 'within', setting.within) : (base?.within ?? rule.within);
  return { rule, level, ...(within ? { within } : {}) };
}

function order(rule: ReadinessRule): number {
  const i = READINESS_RULES.indexOf(rule);
  return i < 0 ? READINESS_RULES.length : i;
}

function requireCustomRule(at: SpecPath, rule: ReadinessRule): void {
  if (rule === null || typeof rule !== 'object') at.fail(undefined, rule, 'is not a rule', 'Give { id, title, checklist, level, description, check }.');
  if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id)) at.fail('id', rule.id, 'is not a rule id', 'Use capitals, digits and "-", e.g. "ACME-SEC-001".');
  if (ReadinessPack.libraryRule(rule.id)) at.fail('id', rule.id, 'is the id of a library rule', 'Give your rule an id of its own, e.g. "ACME-SEC-001".');
  if (typeof rule.title !== 'string' || rule.title.trim() === '') at.fail('title', rule.title, 'is empty', 'Say what must hold.');
  if (!rule.checklist || !CHECKLIST_SECTIONS.includes(rule.checklist.section) || typeof rule.checklist.item !== 'string') {
    at.fail('checklist', rule.checklist, 'is not a checklist item', 'Use an item of CHECKLIST, or { section, item } with a section of the checklist.');
  }
  if (rule.level !== 'error' && rule.level !== 'warning') at.fail('level', rule.level, 'is not a level', 'Use "error" or "warning".');
  if (typeof rule.check !== 'function') at.fail('check', rule.check, 'is not a function', 'Give check(context) returning the findings.');
}
