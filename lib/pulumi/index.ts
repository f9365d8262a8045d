/**
 * The Pulumi door: ComponentResources that register the core's manifests as Kubernetes resources.
 *
 * @packageDocumentation
 */
export * from './slo-service';
export * from './burn-rate-alerts';
