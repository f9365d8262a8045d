import type { ManifestSource } from './objects';

/** A resource of a Pulumi stack as a CrossGuard policy sees it (the fields of `PolicyResource` a review reads). */
export interface StackResource {
  /** Type token, `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** URN. */
  readonly urn: string;
  /** Properties: for a Kubernetes resource, the manifest. */
  readonly props: Record<string, unknown>;
}

/**
 * The Kubernetes resources of a stack as manifests, each with its URN as origin. Types are
 * `kubernetes:<group/version>:<kind>` (`core/v1` is `v1`); components (`kubernetes:yaml:ConfigFile`, Helm
 * charts) are left out, their children are resources of their own. Properties are copied out of the policy
 * proxies, so an unknown value (during a preview) throws here and Pulumi reports that the policy cannot run
 * yet; `status` is dropped; a missing name is the resource's own.
 */
export function manifestsFromStack(resources: readonly StackResource[]): ManifestSource[] {
  return resources.flatMap((r) => {
    const type = /^kubernetes:([^:]+\/[^:]+):([^:]+)$/.exec(r.type);
    if (!type || type[1].startsWith('helm.sh/')) return [];
    const props = JSON.parse(JSON.stringify(r.props ?? {})) as Record<string, unknown>;
    delete props.status;
    const metadata = (props.metadata ?? {}) as Record<string, unknown>;
    const manifest = { ...props, apiVersion: props.apiVersion ?? type[1].replace(/^core\//, ''), kind: props.kind ?? type[2], metadata: { ...metadata, name: metadata.name ?? r.name } };
    return [{ manifest, origin: r.urn }];
  });
}
