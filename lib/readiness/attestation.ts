import { optionalUrl } from '../alerting/burn-rate-alerts';
import type { SpecPath } from '../common/errors';
import { requireDnsLabel } from '../common/names';

/**
 * A person's word for what code cannot show (an architecture diagram, a security review, a load test): who
 * attested it, when, and where the evidence is. Attestation rules check it is there and recent enough.
 */
export interface AttestationProps {
  /** What is attested: the item an attestation rule names (`architecture-diagram`, `security-review`...). */
  readonly item: string;
  /** Who attests it (a person or a team). */
  readonly by: string;
  /** When, as an ISO date (`2026-11-02`). */
  readonly date: string;
  /** Where the evidence is: an absolute http(s) link (the diagram, the review, the load-test report). */
  readonly link: string;
  /**
   * The service it is for.
   * @default - every service of the tree
   */
  readonly service?: string;
}

/** A checked attestation. */
export interface AttestationDefinition {
  /** Item. */
  readonly item: string;
  /** Who. */
  readonly by: string;
  /** When, at 00:00 UTC. */
  readonly date: Date;
  /** When, as written. */
  readonly dateText: string;
  /** Evidence. */
  readonly link: string;
  /** Service, when it is for one. */
  readonly service?: string;
}

/** Checks an attestation; `items` are the items the library's and the pack's rules attest. */
export function defineAttestation(at: SpecPath, props: AttestationProps, items: readonly string[]): AttestationDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not an attestation', 'Give { item, by, date, link }.');
  }
  if (typeof props.item !== 'string' || !items.includes(props.item)) {
    at.fail('item', props.item, 'is not an item any rule attests', `Use one of ${items.join(', ')}.`);
  }
  if (typeof props.by !== 'string' || props.by.trim() === '') {
    at.fail('by', props.by, 'is empty', 'Say who attests it: a person or a team.');
  }
  const date = parseIsoDate(props.date);
  if (!date) at.fail('date', props.date, 'is not an ISO date', 'Give the day it was attested as YYYY-MM-DD, e.g. "2026-11-02".');
  if (props.link === undefined) at.fail('link', props.link, 'is missing', 'Give the link to the evidence (the diagram, the review, the report).');
  const link = optionalUrl(at, 'link', props.link)!;
  const service = props.service === undefined ? undefined : requireDnsLabel(at, 'service', props.service);
  return { item: props.item, by: props.by.trim(), date: date!, dateText: props.date, link, ...(service ? { service } : {}) };
}

/** An ISO calendar date (`YYYY-MM-DD`) at 00:00 UTC, or undefined when the text is not one. */
export function parseIsoDate(text: unknown): Date | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/** A date as `YYYY-MM-DD`. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
