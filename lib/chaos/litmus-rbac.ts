import type { ManifestMetadata } from '../common/manifest';
import type { ChaosExperimentDefinition } from './experiment';
import { LITMUS_EXPERIMENTS, runnerName, triggerName } from './litmus';

/** One rule of a Role: verbs on resources of one API group, optionally on named objects only. */
export interface RbacRule {
  /** API group (`""` for the core group). */
  readonly apiGroup: string;
  /** Resource types (`pods`, `pods/log`). */
  readonly resources: readonly string[];
  /** Verbs. */
  readonly verbs: readonly string[];
  /**
   * Object names the rule is limited to.
   * @default - every object of the types
   */
  readonly resourceNames?: readonly string[];
  /** Why the identity needs it. */
  readonly why: string;
}

/** A ServiceAccount with a Role and RoleBinding of its own, in one namespace. */
export interface LitmusIdentity {
  /** Name of the ServiceAccount, Role and RoleBinding. */
  readonly name: string;
  /** Metadata shared by the three objects. */
  readonly metadata: ManifestMetadata;
  /** Whether pods using it get an API token (both identities talk to the API server). */
  readonly automountToken: boolean;
  /** The Role's rules. */
  readonly rules: readonly RbacRule[];
}

/** A ServiceAccount as a plain value. */
export interface ServiceAccountManifest {
  /** `v1`. */
  readonly apiVersion: 'v1';
  /** `ServiceAccount`. */
  readonly kind: 'ServiceAccount';
  /** Metadata. */
  readonly metadata: ManifestMetadata;
  /** Whether pods using it get an API token. */
  readonly automountServiceAccountToken: boolean;
}

/** A Role as a plain value. */
export interface RoleManifest {
  /** `rbac.authorization.k8s.io/v1`. */
  readonly apiVersion: 'rbac.authorization.k8s.io/v1';
  /** `Role`. */
  readonly kind: 'Role';
  /** Metadata. */
  readonly metadata: ManifestMetadata;
  /** Kubernetes policy rules. */
  readonly rules: ReadonlyArray<Readonly<Record<string, readonly string[]>>>;
}

/** A RoleBinding of a Role to one ServiceAccount, as a plain value. */
export interface RoleBindingManifest {
  /** `rbac.authorization.k8s.io/v1`. */
  readonly apiVersion: 'rbac.authorization.k8s.io/v1';
  /** `RoleBinding`. */
  readonly kind: 'RoleBinding';
  /** Metadata. */
  readonly metadata: ManifestMetadata;
  /** The Role. */
  readonly roleRef: { readonly apiGroup: string; readonly kind: 'Role'; readonly name: string };
  /** The ServiceAccount. */
  readonly subjects: ReadonlyArray<{ readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace?: string }>;
}

/** Faults whose Litmus experiment runs commands in the target containers (`pods/exec`), per its upstream RBAC. */
const NEEDS_EXEC = new Set(['pod-cpu-hog', 'pod-memory-hog', 'pod-http-reset-peer', 'pod-http-latency', 'pod-network-partition']);

/**
 * The two identities of a Litmus experiment, each with only what it needs:
 *
 * - `<name>-runner`, the ChaosEngine's `chaosServiceAccount`, used by the runner, the experiment job and its
 *   helper pods: the rules of the experiment's upstream RBAC (litmus-go `experiments/generic/<fault>/rbac.yaml`),
 *   split per API group, without what this library never uses (ConfigMaps and Secrets mounted into the
 *   experiment, OpenShift and Argo Rollouts owners), and with workload reads limited to the target's kind;
 * - `<name>-trigger`, the CronJob's: get and patch on this one ChaosEngine.
 */
export function litmusIdentities(e: ChaosExperimentDefinition): LitmusIdentity[] {
  const experiment = LITMUS_EXPERIMENTS[e.fault.kind]!;
  const owners: Record<string, string[]> = { deployment: ['deployments', 'replicasets'], statefulset: ['statefulsets'], daemonset: ['daemonsets'] };
  const runner: RbacRule[] = [
    { apiGroup: '', resources: ['pods'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update'], why: 'Create and watch the experiment and helper pods; list the target pods (and delete them, for pod-delete).' },
    { apiGroup: '', resources: ['events'], verbs: ['create', 'get', 'list', 'patch', 'update'], why: 'Record events on the ChaosEngine and ChaosResult.' },
    { apiGroup: '', resources: ['pods/log'], verbs: ['get', 'list', 'watch'], why: 'Follow the experiment and helper pods\' logs.' },
    ...(NEEDS_EXEC.has(experiment) ? [{ apiGroup: '', resources: ['pods/exec'], verbs: ['create', 'get', 'list'], why: `Run the ${experiment} fault inside the target containers.` }] : []),
    { apiGroup: 'apps', resources: owners[e.target.workloadKind], verbs: ['get', 'list'], why: `Resolve the target pods through their ${e.target.workloadKind}.` },
    { apiGroup: 'batch', resources: ['jobs'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list'], why: 'Run the experiment job (chaos-runner).' },
    ...(experiment === 'pod-network-partition' ? [{ apiGroup: 'networking.k8s.io', resources: ['networkpolicies'], verbs: ['create', 'delete', 'get', 'list'], why: 'Apply and remove the partition\'s NetworkPolicy.' }] : []),
    { apiGroup: 'litmuschaos.io', resources: ['chaosengines'], verbs: ['get', 'list', 'patch', 'update'], why: 'Read the engine; a probe with stopOnFailure sets it to stop.' },
    { apiGroup: 'litmuschaos.io', resources: ['chaosexperiments'], verbs: ['get', 'list'], why: 'Read the experiment definition.' },
    { apiGroup: 'litmuschaos.io', resources: ['chaosresults'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'], why: 'Write the verdict.' },
  ];
  const trigger: RbacRule[] = [
    { apiGroup: 'litmuschaos.io', resources: ['chaosengines'], resourceNames: [e.metadata.name], verbs: ['get', 'patch'], why: 'Set this ChaosEngine active at each scheduled start.' },
  ];
  const identity = (name: string, rules: RbacRule[]): LitmusIdentity => ({
    name,
    metadata: { name, namespace: e.target.namespace, labels: e.metadata.labels ?? {} },
    automountToken: true,
    rules,
  });
  return [identity(runnerName(e), runner), identity(triggerName(e), trigger)];
}

/**
 * An identity's ServiceAccount, Role (one rule per resource, as cdk8s-plus writes them) and RoleBinding.
 * The ServiceAccount mounts its token: the runner and the trigger both call the API server.
 */
export function litmusIdentityManifests(i: LitmusIdentity): [ServiceAccountManifest, RoleManifest, RoleBindingManifest] {
  const { metadata } = i;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: i.automountToken },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: roleRules(i.rules) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: i.name },
      subjects: [{ kind: 'ServiceAccount', name: i.name, ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}) }],
    },
  ];
}

/** One Kubernetes rule per resource type, the shape cdk8s-plus renders, so both doors write the same Role. */
export function roleRules(rules: readonly RbacRule[]): Array<Record<string, string[]>> {
  return rules.flatMap((r) =>
    r.resources.map((resource) => ({
      apiGroups: [r.apiGroup],
      resources: [resource],
      ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
      verbs: [...r.verbs],
    })),
  );
}
