/**
 * The series a {@link CapacityPlanDefinition} records, one of each per resource, labelled `service` and
 * `resource` (plus the resource's own grouping labels, such as `persistentvolumeclaim`). Everything that
 * reads a plan (its alerts, its dashboard, `sre-constructs forecast --query`) reads these names.
 */
export abstract class CapacityMetrics {
  /** What the resource uses now, in its own unit (cores, bytes, connections). */
  public static readonly USAGE = 'capacity:usage';
  /** What the resource can hold, in the same unit. */
  public static readonly TOTAL = 'capacity:total';
  /** usage ÷ total. The alerts' trend (`predict_linear`) is taken on this ratio, so a capacity change moves it at once. */
  public static readonly UTILISATION = 'capacity:utilisation:ratio';
}

/**
 * Source metrics of capacity plans that the USE set ({@link KubernetesMetrics}) does not name: node allocatable
 * and pod phase from kube-state-metrics.
 *
 * @see https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/cluster/node-metrics.md
 */
export abstract class CapacitySourceMetrics {
  /** kube-state-metrics: what a node offers to pods, `resource` = cpu (cores) or memory (bytes). */
  public static readonly NODE_ALLOCATABLE = 'kube_node_status_allocatable';
  /** kube-state-metrics: 1 for a pod's current phase (`phase="Running"`). */
  public static readonly POD_PHASE = 'kube_pod_status_phase';
}
