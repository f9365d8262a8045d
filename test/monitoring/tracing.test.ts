import { SpecError, TracingDefinition, TracingProps } from 'sre-constructs';
import { schemaErrors } from '../support/schema';

const props: TracingProps = { endpoint: 'http://otel-collector.observability:4317' };

describe('Tracing', () => {
  test('defaults to the seed: parent-based 10% sampling with W3C trace context and baggage', () => {
    const instrumentation = TracingDefinition.create(props).instrumentation();
    expect(instrumentation.spec).toEqual({
      exporter: { endpoint: props.endpoint },
      propagators: ['tracecontext', 'baggage'],
      sampler: { type: 'parentbased_traceidratio', argument: '0.1' },
    });
    expect(schemaErrors(instrumentation)).toEqual([]);
  });

  test('takes another ratio, sampler, propagators and resource attributes, still valid against the CRD', () => {
    const instrumentation = TracingDefinition.create({
      ...props,
      samplingRatio: 1,
      sampler: 'traceidratio',
      propagators: ['tracecontext', 'baggage', 'b3multi'],
      resourceAttributes: { 'service.namespace': 'identity', 'deployment.environment': 'prod' },
      metadata: { name: 'identity-tracing', namespace: 'identity' },
    }).instrumentation();
    expect(schemaErrors(instrumentation)).toEqual([]);
    expect(instrumentation.spec).toMatchObject({ sampler: { type: 'traceidratio', argument: '1' }, resource: { resourceAttributes: { 'deployment.environment': 'prod', 'service.namespace': 'identity' } } });
    expect(Object.keys((instrumentation.spec as { resource: { resourceAttributes: object } }).resource.resourceAttributes)).toEqual(['deployment.environment', 'service.namespace']);
  });

  test('the schema check would catch a propagator the operator does not know', () => {
    const instrumentation = TracingDefinition.create(props).instrumentation();
    expect(schemaErrors({ ...instrumentation, spec: { ...(instrumentation.spec as object), propagators: ['w3c'] } } as never)).not.toEqual([]);
  });

  test.each([
    [{ samplingRatio: 1.5 }, /samplingRatio \(1\.5\) is not a ratio from 0 to 1/],
    [{ samplingRatio: -0.1 }, /samplingRatio \(-0\.1\) is not a ratio from 0 to 1/],
    [{ samplingRatio: NaN }, /samplingRatio \(NaN\) is not a ratio from 0 to 1/],
    [{ endpoint: 'otel-collector:4317' }, /endpoint \("otel-collector:4317"\) is not an http\(s\) URL/],
    [{ propagators: ['w3c' as never] }, /propagators\[0\] \("w3c"\) is not a propagator the operator knows/],
    [{ propagators: [] }, /propagators \(\[\]\) is empty/],
    [{ sampler: 'always_on' as never }, /sampler \("always_on"\) is not a ratio sampler/],
    [{ metadata: { labels: { 'bad key!': 'x' } } }, /metadata\.labels \("bad key!"\) is not a valid Kubernetes label key/],
  ])('refuses %p at construction', (override, message) => {
    let error: unknown;
    try {
      TracingDefinition.create({ ...props, ...override }, 'prod/tracing');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/^prod\/tracing: /);
    expect((error as Error).message).toMatch(message);
  });
});
