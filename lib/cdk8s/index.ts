/**
 * The cdk8s door: constructs that add the core's manifests to a cdk8s chart.
 *
 * @packageDocumentation
 */
export * from './slo-service';
export * from './burn-rate-alerts';
