import type { SpecPath } from '../common/errors';
import { requireDnsLabel } from '../common/names';

/** Why something is switched off: the kill switch. */
export interface ChaosPause {
  /** Why, in words; it lands in an annotation and on the experiment card ("error budget of availability exhausted"). */
  readonly reason: string;
}

/** An explicit, reasoned opt-in to something the library refuses by default. */
export interface ChaosOptIn {
  /** Why it is needed, in words; it lands in an annotation and on the experiment card. */
  readonly reason: string;
}

/** Where an experiment runs. */
export interface ChaosEnvironment {
  /** Environment name (DNS label): `staging`, `prod-eu`. */
  readonly name: string;
  /** Whether it serves real users. Production experiments need `allowProduction`. */
  readonly production: boolean;
}

const PRODUCTION_NAME = /(^|[-_.])prod(uction)?($|[-_.\d])/i;

/** Checks a kill switch: a reason is required. */
export function requirePause(at: SpecPath, field: string, value: unknown): ChaosPause {
  const reason = (value as ChaosPause | null)?.reason;
  if (value === null || typeof value !== 'object' || typeof reason !== 'string' || reason.trim() === '') {
    return at.fail(field, value, 'has no reason', 'Say why it is paused: { reason: "error budget of availability exhausted" }.');
  }
  return { reason: reason.trim() };
}

/** Checks an opt-in: a reason is required. */
export function requireOptIn(at: SpecPath, field: string, value: unknown): ChaosOptIn {
  const reason = (value as ChaosOptIn | null)?.reason;
  if (value === null || typeof value !== 'object' || typeof reason !== 'string' || reason.trim() === '') {
    return at.fail(field, value, 'has no reason', 'An opt-in states why: { reason: "..." }.');
  }
  return { reason: reason.trim() };
}

/** Checks an environment; a name that reads like production must be marked so. */
export function defineEnvironment(at: SpecPath, value: ChaosEnvironment): ChaosEnvironment {
  if (value === null || typeof value !== 'object') {
    return at.fail('environment', value, 'is not an environment', 'Give { name: "staging", production: false }.');
  }
  const name = requireDnsLabel(at, 'environment.name', value.name);
  if (typeof value.production !== 'boolean') {
    at.fail('environment.production', value.production, 'is not set', 'Say whether the environment serves real users: production: true or false.');
  }
  if (!value.production && PRODUCTION_NAME.test(name)) {
    at.fail('environment.production', value.production, `is false, but the environment is called ${JSON.stringify(name)}`, 'Mark it production: true (and give allowProduction), or name the environment for what it is.');
  }
  return { name, production: value.production };
}

