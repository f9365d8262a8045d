import { SpecPath } from '../common/errors';
import { ReadinessAcknowledgement, ReadinessAcknowledgementProps, acknowledges, defineAcknowledgement } from './acknowledgement';
import { AttestationDefinition, AttestationProps, defineAttestation, isoDate, parseIsoDate } from './attestation';
import { ReadinessModel } from './model/model';
import { ManifestSource, describeObject } from './model/objects';
import { ReadinessPack } from './pack';
import { AcknowledgedFinding, ReadinessReport, ReadinessResult } from './report';
import type { ReadinessFinding } from './rule';

/** What a review needs besides the manifests: the pack, the attestations and the acknowledgements. */
export interface ReadinessReviewProps {
  /**
   * The rules to run.
   * @default ReadinessPack.seedChecklist()
   */
  readonly pack?: ReadinessPack;
  /**
   * Attestations of what code cannot show.
   * @default - none
   */
  readonly attestations?: readonly AttestationProps[];
  /**
   * Findings accepted, each with its reason.
   * @default - none
   */
  readonly acknowledgements?: readonly ReadinessAcknowledgementProps[];
  /**
   * The day of the review (`YYYY-MM-DD`): attestation ages are counted to it. Set it where the output must be
   * the same bytes on every run (an example, a snapshot); leave it out in a pipeline.
   * @default - today (UTC)
   */
  readonly asOf?: string;
}

/**
 * A checked review: the pack, attestations and acknowledgements, ready to run over any tree.
 *
 * The cdk8s `Readiness`, the Pulumi policy pack and the `review` command each build one of these and hand it
 * the manifests they collect, so they report the same findings for the same declarations.
 *
 * @example
 * const review = ReadinessReviewDefinition.create({ attestations, acknowledgements });
 * const report = review.review(manifests.map((manifest, i) => ({ manifest, origin: `#${i}` })));
 * if (!report.passed) console.log(report.text());
 */
export class ReadinessReviewDefinition {
  /** Checks the props. Throws a SpecError naming the field and value at the first problem. */
  public static create(props: ReadinessReviewProps = {}, path = 'ReadinessReview'): ReadinessReviewDefinition {
    return new ReadinessReviewDefinition(props, path);
  }

  /** The pack. */
  public readonly pack: ReadinessPack;
  /** Attestations. */
  public readonly attestations: readonly AttestationDefinition[];
  /** Acknowledgements. */
  public readonly acknowledgements: readonly ReadinessAcknowledgement[];
  /** The day of the review, at 00:00 UTC. */
  public readonly asOf: Date;

  private constructor(props: ReadinessReviewProps, path: string) {
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not a review', 'Give { pack?, attestations?, acknowledgements?, asOf? }.');
    if (props.pack !== undefined && !(props.pack instanceof ReadinessPack)) {
      at.fail('pack', props.pack, 'is not a pack', 'Give ReadinessPack.seedChecklist() or a pack made with ReadinessPack.create().');
    }
    this.pack = props.pack ?? ReadinessPack.seedChecklist();
    const items = this.pack.knownAttestedItems();
    this.attestations = listOf(at, 'attestations', props.attestations).map((a, i) => defineAttestation(at.at('attestations', String(i)), a, items));
    this.acknowledgements = listOf(at, 'acknowledgements', props.acknowledgements).map((a, i) =>
      defineAcknowledgement(at.at('acknowledgements', String(i)), a, (id) => this.pack.knownRule(id) !== undefined),
    );
    if (props.asOf === undefined) {
      const now = new Date();
      this.asOf = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    } else {
      const day = parseIsoDate(props.asOf);
      if (!day) at.fail('asOf', props.asOf, 'is not an ISO date', 'Give the day of the review as YYYY-MM-DD, or leave it out for today.');
      this.asOf = day!;
    }
  }

  /** Reads the manifests and runs the pack over them. Throws a SpecError when one object appears twice with different content. */
  public review(sources: readonly ManifestSource[]): ReadinessReport {
    return this.reviewModel(ReadinessModel.fromManifests(sources));
  }

  /**
   * Runs the pack (or only the rules named in `only`) over a model. A rule that throws becomes a finding of
   * its own.
   *
   * @default only - every rule of the pack
   */
  public reviewModel(model: ReadinessModel, only?: readonly string[]): ReadinessReport {
    const used = new Set<ReadinessAcknowledgement>();
    const entries = only ? this.pack.entries.filter((e) => only.includes(e.rule.id)) : this.pack.entries;
    const results: ReadinessResult[] = entries.map((entry) => {
      let findings: ReadinessFinding[];
      try {
        findings = [...entry.rule.check({ model, attestations: this.attestations, asOf: this.asOf, ...(entry.within ? { within: entry.within } : {}) })];
      } catch (e) {
        findings = [
          {
            problem: `the rule failed while checking the tree: ${(e as Error)?.message ?? String(e)}`,
            fix: 'Nothing was checked by this rule; fix the rule (or report it if it is the library\'s) and review again.',
          },
        ];
      }
      const open: ReadinessFinding[] = [];
      const acknowledged: AcknowledgedFinding[] = [];
      for (const f of sortFindings(findings)) {
        const ack = this.acknowledgements.find((a) => acknowledges(a, entry.rule.id, f));
        if (ack) {
          used.add(ack);
          acknowledged.push({ ...f, reason: ack.reason });
        } else {
          open.push(f);
        }
      }
      const status = open.length > 0 ? 'fail' : acknowledged.length > 0 ? 'acknowledged' : 'pass';
      return { rule: entry.rule, level: entry.level, status, findings: open, acknowledged };
    });
    return new ReadinessReport({
      pack: this.pack.name,
      asOf: isoDate(this.asOf),
      results,
      unusedAcknowledgements: this.acknowledgements.filter((a) => !used.has(a) && (!only || only.includes(a.rule))),
      strayAttestations: this.attestations.filter((a) => a.service !== undefined && !model.service(a.service)),
      tree: { objects: model.objects.length, plainFiles: model.plainFiles, duplicates: model.duplicates, skipped: model.skipped },
    });
  }
}

function listOf<T>(at: SpecPath, field: string, value: readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return at.fail(field, value, 'is not a list', `Give ${field} as a list.`);
  return value;
}

/** Findings in a stable order, whatever order the runner collected the manifests in. */
function sortFindings(findings: readonly ReadinessFinding[]): ReadinessFinding[] {
  const key = (f: ReadinessFinding) => [f.object ? describeObject(f.object) : '', f.subject ?? '', f.problem].join('\u0000');
  return [...findings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
