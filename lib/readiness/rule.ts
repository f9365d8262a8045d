import type { Duration } from '../common/duration';
import type { AttestationDefinition } from './attestation';
import type { ChecklistItem } from './checklist';
import type { ReadinessModel } from './model/model';
import type { ObjectRef } from './model/objects';

/** How much a failing rule matters: `error` fails the synth, the policy and the `review` command; `warning` is reported. */
export type ReadinessLevel = 'error' | 'warning';

/** One problem a rule found. */
export interface ReadinessFinding {
  /**
   * The object at fault (`Deployment identity/user-authentication`).
   * @default - the tree as a whole
   */
  readonly object?: ObjectRef;
  /**
   * What within it, or what it is about (`service payment-service`, `container app`, `SLO availability`).
   * @default - the object itself
   */
  readonly subject?: string;
  /** What is missing or wrong, as a sentence. */
  readonly problem: string;
  /** How to fix it, as a sentence. */
  readonly fix: string;
}

/** What a rule reads. */
export interface ReadinessContext {
  /** The tree. */
  readonly model: ReadinessModel;
  /** Attestations of what code cannot show. */
  readonly attestations: readonly AttestationDefinition[];
  /** The day the review is made (attestation ages are counted to it), at 00:00 UTC. */
  readonly asOf: Date;
  /** For rules with a time limit (an attestation's age, a schedule's interval): the limit the pack sets. */
  readonly within?: Duration;
}

/**
 * A readiness rule: one item of the checklist made executable. Rules are pure functions of the context;
 * a rule that throws becomes a finding of its own, never a crash.
 */
export interface ReadinessRule {
  /** Identifier, `SRE-<SECTION>-<NNN>` for the library's own. */
  readonly id: string;
  /** What must hold, as a short sentence. */
  readonly title: string;
  /** The checklist item it stands for. */
  readonly checklist: ChecklistItem;
  /** Level unless a pack says otherwise. */
  readonly level: ReadinessLevel;
  /** What it reads and how it decides, for the reader of a report. */
  readonly description: string;
  /**
   * For rules with a time limit: the default limit (an attestation's maximum age, a schedule's longest gap).
   * A pack can change it.
   * @default - no limit
   */
  readonly within?: Duration;
  /**
   * For rules that check an attestation: the item they read (`architecture-diagram`).
   * @default - the rule reads the manifests only
   */
  readonly attests?: string;
  /** Checks the tree. */
  check(context: ReadinessContext): readonly ReadinessFinding[];
}
