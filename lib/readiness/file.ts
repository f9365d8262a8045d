import { parseDocument } from 'yaml';
import { Duration } from '../common/duration';
import { SpecPath } from '../common/errors';
import type { ReadinessAcknowledgementProps } from './acknowledgement';
import type { AttestationProps } from './attestation';
import { asArray, asObject } from './model/json';
import { ReadinessPack, ReadinessRuleSettings } from './pack';
import type { ReadinessReviewProps } from './review';

/** apiVersion and kind of the readiness file. */
export const READINESS_FILE = { apiVersion: 'sre-constructs.dev/v1', kind: 'ReadinessReview' } as const;

/**
 * The readiness file: what the `review` command needs besides the manifests (attestations,
 * acknowledgements, packs of your own), and what cdk8s and Pulumi programs can share with it.
 *
 * ```yaml
 * apiVersion: sre-constructs.dev/v1
 * kind: ReadinessReview
 * attestations:
 *   - { item: security-review, by: appsec, date: "2026-10-14", link: "https://wiki.example.com/appsec/123" }
 * acknowledgements:
 *   - { rule: SRE-CAP-003, object: Deployment identity/user-authentication, reason: "Fixed size until the load test in Q1" }
 * packs:
 *   - { name: strict, extends: seed-checklist, rules: { SRE-CAP-003: { level: error } } }
 * ```
 */
export interface ReadinessFileContent {
  /** Attestations. */
  readonly attestations: readonly AttestationProps[];
  /** Acknowledgements. */
  readonly acknowledgements: readonly ReadinessAcknowledgementProps[];
  /** Packs the file defines, by name. */
  readonly packs: ReadonlyMap<string, ReadinessPack>;
}

/** Whether a parsed document is a readiness file (so a folder of manifests can hold one). */
export function isReadinessFile(doc: unknown): boolean {
  const o = asObject(doc);
  return !!o && o.apiVersion === READINESS_FILE.apiVersion && o.kind === READINESS_FILE.kind;
}

/** Parses a readiness file. Throws a SpecError naming `origin`, the field and the value at the first problem. */
export function readReadinessFile(text: string, origin: string): ReadinessFileContent {
  const at = new SpecPath(origin);
  const doc = parseDocument(text);
  if (doc.errors.length > 0) at.fail(undefined, doc.errors[0].message.split('\n')[0], 'is not valid YAML', 'Fix the YAML syntax.');
  return fromDocument(doc.toJS(), at);
}

/** Reads a parsed readiness file. */
export function readinessFileContent(doc: unknown, origin: string): ReadinessFileContent {
  return fromDocument(doc, new SpecPath(origin));
}

function fromDocument(value: unknown, at: SpecPath): ReadinessFileContent {
  const o = asObject(value);
  if (!o || !isReadinessFile(o)) {
    at.fail(undefined, o?.kind ?? value, 'is not a readiness file', `Start it with apiVersion: ${READINESS_FILE.apiVersion} and kind: ${READINESS_FILE.kind}.`);
  }
  const known = new Set(['apiVersion', 'kind', 'attestations', 'acknowledgements', 'packs']);
  for (const key of Object.keys(o!)) if (!known.has(key)) at.fail(key, key, 'is not a field of a readiness file', `Use ${[...known].join(', ')}.`);
  const list = (field: string) => {
    const v = o![field];
    if (v !== undefined && v !== null && !Array.isArray(v)) at.fail(field, v, 'is not a list', `Give ${field} as a list.`);
    return asArray(v);
  };
  const packs = new Map<string, ReadinessPack>();
  list('packs').forEach((p, i) => {
    const pat = at.at('packs', String(i));
    const props = asObject(p);
    if (!props) return pat.fail(undefined, p, 'is not a pack', 'Give { name, extends?, rules }.');
    const baseName = props.extends;
    let base: ReadinessPack | undefined;
    if (baseName !== undefined) {
      base = baseName === ReadinessPack.SEED_CHECKLIST ? ReadinessPack.seedChecklist() : packs.get(String(baseName));
      if (!base) pat.fail('extends', baseName, 'is not a pack defined before it', `Use ${[ReadinessPack.SEED_CHECKLIST, ...packs.keys()].join(', ')}.`);
    }
    const rules: Record<string, boolean | ReadinessRuleSettings> = {};
    for (const [id, setting] of Object.entries(asObject(props.rules) ?? {})) {
      const s = asObject(setting);
      if (typeof setting === 'boolean') rules[id] = setting;
      else if (s) rules[id] = { ...(s.level !== undefined ? { level: s.level as ReadinessRuleSettings['level'] } : {}), ...(s.within !== undefined ? { within: duration(pat.at('rules', id), s.within) } : {}) };
      else pat.fail(`rules.${id}`, setting, 'is not a rule setting', 'Give true, false, or { level, within }.');
    }
    const pack = ReadinessPack.create({ name: props.name as string, ...(base ? { extends: base } : {}), rules }, `${at.path}: packs[${i}]`);
    if (packs.has(pack.name) || pack.name === ReadinessPack.SEED_CHECKLIST) pat.fail('name', pack.name, 'is already the name of a pack', 'Give each pack its own name.');
    packs.set(pack.name, pack);
  });
  return {
    attestations: list('attestations') as AttestationProps[],
    acknowledgements: list('acknowledgements') as ReadinessAcknowledgementProps[],
    packs,
  };
}

function duration(at: SpecPath, value: unknown): Duration {
  try {
    return Duration.parse(String(value));
  } catch {
    return at.fail('within', value, 'is not a duration', 'Give a duration such as 90d.');
  }
}

/** The pack called `name`: the seed's checklist, or one the file defines. */
export function packNamed(name: string, file: ReadinessFileContent | undefined): ReadinessPack | undefined {
  return name === ReadinessPack.SEED_CHECKLIST ? ReadinessPack.seedChecklist() : file?.packs.get(name);
}

/**
 * The review props a readiness file gives, with the pack to run and the day of the review.
 *
 * @default asOf - today
 */
export function reviewPropsFromFile(file: ReadinessFileContent | undefined, pack: ReadinessPack, asOf?: string): ReadinessReviewProps {
  return { pack, attestations: file?.attestations ?? [], acknowledgements: file?.acknowledgements ?? [], ...(asOf !== undefined ? { asOf } : {}) };
}
