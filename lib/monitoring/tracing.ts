import { parseHttpUrl } from '../common/urls';
import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { tidy } from '../slo/objective';

/** Trace-context propagators the OpenTelemetry operator can configure. */
export type TracePropagator = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger' | 'xray' | 'ottrace' | 'none';

/** Ratio samplers: `parentbased_traceidratio` follows the caller's decision and samples new traces at the ratio. */
export type TraceSampler = 'parentbased_traceidratio' | 'traceidratio';

const PROPAGATORS: readonly TracePropagator[] = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'xray', 'ottrace', 'none'];

/**
 * Distributed tracing through the OpenTelemetry operator's auto-instrumentation: the seed's 10% sampling
 * with W3C trace context.
 *
 * @see https://opentelemetry.io/docs/platforms/kubernetes/operator/automatic/
 */
export interface TracingProps {
  /** Where instrumented pods send spans (OTLP): `http://otel-collector.observability:4317`. */
  readonly endpoint: string;
  /**
   * Share of new traces sampled, from 0 to 1.
   * @default 0.1
   */
  readonly samplingRatio?: number;
  /**
   * Sampler. The parent-based one keeps a trace whole across services: a service samples what its caller sampled.
   * @default "parentbased_traceidratio"
   */
  readonly sampler?: TraceSampler;
  /**
   * Propagators, in order.
   * @default ["tracecontext", "baggage"] (W3C Trace Context and Baggage)
   */
  readonly propagators?: readonly TracePropagator[];
  /**
   * Resource attributes added to every span (`deployment.environment`, ...).
   * @default - none
   */
  readonly resourceAttributes?: Readonly<Record<string, string>>;
  /**
   * Metadata of the Instrumentation. Pods opt in with an annotation such as
   * `instrumentation.opentelemetry.io/inject-java: "<namespace>/<name>"` (or `"true"` when it is the only one).
   * @default - named "tracing"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** A checked tracing setup: the `Instrumentation` (opentelemetry.io/v1alpha1) it renders. */
export class TracingDefinition {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: TracingProps, path = 'Tracing'): TracingDefinition {
    return new TracingDefinition(props, path);
  }

  /** OTLP endpoint. */
  public readonly endpoint: string;
  /** Sampling ratio (0 to 1). */
  public readonly samplingRatio: number;
  /** Sampler. */
  public readonly sampler: TraceSampler;
  /** Propagators. */
  public readonly propagators: readonly TracePropagator[];
  /** Resource attributes, sorted. */
  public readonly resourceAttributes: Readonly<Record<string, string>>;
  /** Metadata. */
  public readonly metadata: ManifestMetadata;

  private constructor(props: TracingProps, path: string) {
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not a Tracing spec', 'Give { endpoint, ... }.');
    }
    this.endpoint = requireEndpoint(at, 'endpoint', props.endpoint);
    const ratio = props.samplingRatio ?? 0.1;
    if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      at.fail('samplingRatio', ratio, 'is not a ratio from 0 to 1', 'Give the share of traces to keep, e.g. 0.1 for 10% (the seed\'s rate); 1 keeps every trace.');
    }
    this.samplingRatio = tidy(ratio);
    const sampler = props.sampler ?? 'parentbased_traceidratio';
    if (sampler !== 'parentbased_traceidratio' && sampler !== 'traceidratio') {
      at.fail('sampler', sampler, 'is not a ratio sampler', 'Use "parentbased_traceidratio" (follows the caller) or "traceidratio".');
    }
    this.sampler = sampler;
    const propagators = props.propagators ?? ['tracecontext', 'baggage'];
    if (!Array.isArray(propagators) || propagators.length === 0) {
      at.fail('propagators', propagators, 'is empty', 'Give at least one propagator, e.g. ["tracecontext", "baggage"].');
    }
    propagators.forEach((p, i) => {
      if (!PROPAGATORS.includes(p)) at.fail(`propagators[${i}]`, p, 'is not a propagator the operator knows', `Use ${PROPAGATORS.join(', ')}.`);
    });
    if (new Set(propagators).size !== propagators.length) {
      at.fail('propagators', propagators, 'repeats a propagator', 'Give each propagator once.');
    }
    this.propagators = [...propagators];
    const attributes: Record<string, string> = {};
    for (const key of Object.keys(props.resourceAttributes ?? {}).sort()) {
      const value = props.resourceAttributes![key];
      if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(key)) {
        at.fail('resourceAttributes', key, 'is not an attribute name', 'Use letters, digits, "_", "." and "-", starting with a letter (e.g. "deployment.environment").');
      }
      if (typeof value !== 'string') at.fail(`resourceAttributes.${key}`, value, 'is not a string', 'Attribute values are strings.');
      attributes[key] = value;
    }
    this.resourceAttributes = attributes;
    this.metadata = defineMetadata(at, props.metadata, 'tracing');
  }

  /** The Instrumentation custom resource. */
  public instrumentation(): KubernetesManifest {
    const resource = Object.keys(this.resourceAttributes).length > 0 ? { resource: { resourceAttributes: this.resourceAttributes } } : {};
    return {
      apiVersion: 'opentelemetry.io/v1alpha1',
      kind: 'Instrumentation',
      metadata: this.metadata,
      spec: {
        exporter: { endpoint: this.endpoint },
        propagators: [...this.propagators],
        sampler: { type: this.sampler, argument: String(this.samplingRatio) },
        ...resource,
      },
    };
  }
}

/** Checks an OTLP endpoint: an http(s) URL without spaces. */
export function requireEndpoint(at: SpecPath, field: string, value: unknown): string {
  const url = parseHttpUrl(value);
  if (!url) {
    return at.fail(field, value, 'is not an http(s) URL', 'Give the OTLP endpoint of your collector, e.g. "http://otel-collector.observability:4317".');
  }
  return value as string;
}
