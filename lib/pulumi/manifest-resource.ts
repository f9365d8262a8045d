import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { PendingInputs } from './inputs';

/** A Kubernetes resource registered from a manifest: its metadata as the cluster will hold it. */
export type KubernetesResource = pulumi.CustomResource & { readonly metadata: pulumi.Output<k8s.types.output.meta.v1.ObjectMeta> };

type ResourceClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => KubernetesResource;

/** Built-in kinds get their typed Pulumi resource; everything else is a CustomResource. */
const BUILTIN: Record<string, ResourceClass> = {
  'v1/ConfigMap': k8s.core.v1.ConfigMap,
  'v1/Secret': k8s.core.v1.Secret,
  'v1/Service': k8s.core.v1.Service,
  'v1/ServiceAccount': k8s.core.v1.ServiceAccount,
  'v1/Namespace': k8s.core.v1.Namespace,
  'apps/v1/Deployment': k8s.apps.v1.Deployment,
  'apps/v1/StatefulSet': k8s.apps.v1.StatefulSet,
  'batch/v1/CronJob': k8s.batch.v1.CronJob,
  'batch/v1/Job': k8s.batch.v1.Job,
  'rbac.authorization.k8s.io/v1/Role': k8s.rbac.v1.Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': k8s.rbac.v1.RoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRole': k8s.rbac.v1.ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': k8s.rbac.v1.ClusterRoleBinding,
  'autoscaling/v2/HorizontalPodAutoscaler': k8s.autoscaling.v2.HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': k8s.policy.v1.PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': k8s.networking.v1.NetworkPolicy,
};

/**
 * Registers a manifest the core rendered as the matching Pulumi Kubernetes resource, with any Inputs the
 * user gave for its metadata put back in place.
 */
export function registerManifest(
  name: string,
  manifest: { readonly apiVersion: string; readonly kind: string },
  pending: PendingInputs | undefined,
  opts: pulumi.CustomResourceOptions,
): KubernetesResource {
  const args = pending ? pending.resolve(manifest) : { ...manifest };
  const Resource = BUILTIN[`${manifest.apiVersion}/${manifest.kind}`];
  if (Resource) return new Resource(name, args as never, opts);
  return new k8s.apiextensions.CustomResource(name, args as k8s.apiextensions.CustomResourceArgs, opts);
}
