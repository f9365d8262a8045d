import { ApiObject, App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { ManifestSource } from '../readiness/model/objects';
import type { ReadinessPack } from '../readiness/pack';
import type { ReadinessReport } from '../readiness/report';
import { ReadinessReviewDefinition, ReadinessReviewProps } from '../readiness/review';

/** Everything a review takes besides its pack: attestations, acknowledgements, the day of the review. */
export type ReadinessOptions = Omit<ReadinessReviewProps, 'pack'>;

const applied = new WeakMap<IConstruct, Readiness>();

/**
 * The readiness review of a cdk8s app or chart. `apply` adds a validation, so `cdk8s synth` (and
 * `app.synth()`, `Testing.synth()`) fails on any error-level finding, naming the rule, the object and the fix.
 *
 * The review reads every object the charts synthesize, cdk8s-plus workloads included: an App's review reads
 * every chart, a Chart's review reads that chart.
 *
 * @example
 * Readiness.of(app).apply(ReadinessPack.seedChecklist(), { attestations, acknowledgements });
 * app.synth();
 * writeFileSync('dist/readiness.md', Readiness.of(app).report().markdown());
 */
export class Readiness {
  /** The review of an App (every chart) or a Chart (that chart). */
  public static of(scope: App | Chart): Readiness {
    const found = applied.get(scope) ?? new Readiness(scope);
    applied.set(scope, found);
    return found;
  }

  private definition?: ReadinessReviewDefinition;

  private constructor(private readonly scope: App | Chart) {}

  /**
   * Runs the pack over the synthesized objects when the app synthesizes, and fails the synth on an
   * error-level finding. The options are checked now: an acknowledgement without a reason, an unknown rule
   * or a malformed attestation throws here.
   *
   * @default pack - ReadinessPack.seedChecklist()
   */
  public apply(pack?: ReadinessPack, options: ReadinessOptions = {}): Readiness {
    if (this.definition) throw new Error(`${this.path()}: Readiness is already applied here; apply it once per scope`);
    const definition = ReadinessReviewDefinition.create({ ...options, ...(pack ? { pack } : {}) }, this.path());
    this.definition = definition;
    this.scope.node.addValidation({ validate: () => definition.review(this.manifests()).errorMessages() });
    return this;
  }

  /** Runs the review now and returns the full report (warnings and acknowledgements too). */
  public report(): ReadinessReport {
    if (!this.definition) throw new Error(`${this.path()}: call Readiness.of(scope).apply(...) before report()`);
    return this.definition.review(this.manifests());
  }

  private manifests(): ManifestSource[] {
    const charts = this.scope instanceof App ? this.scope.charts : [this.scope];
    return charts.flatMap((chart) =>
      chart.node
        .findAll()
        .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
        .map((o) => ({ manifest: o.toJson(), origin: o.node.path })),
    );
  }

  private path(): string {
    return this.scope.node.path || 'app';
  }
}
