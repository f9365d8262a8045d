/**
 * Source metrics of Kubernetes that the USE dashboard and the resource alert pack read, as the exporters
 * name them: cAdvisor (in the kubelet), kube-state-metrics, the kubelet's volume stats and cert-manager.
 * These are the declared source metrics of those outputs: nothing here is recorded by this library.
 *
 * @see https://github.com/google/cadvisor/blob/master/docs/storage/prometheus.md
 * @see https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/workload/pod-metrics.md
 * @see https://cert-manager.io/docs/devops-tips/prometheus-metrics/
 * @see https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/workload/horizontalpodautoscaler-metrics.md
 */
export abstract class KubernetesMetrics {
  /** cAdvisor: CPU time used, in seconds (counter). */
  public static readonly CPU_USAGE = 'container_cpu_usage_seconds_total';
  /** cAdvisor: CFS periods that elapsed while the container could run (counter). */
  public static readonly CPU_PERIODS = 'container_cpu_cfs_periods_total';
  /** cAdvisor: CFS periods in which the container was throttled (counter). */
  public static readonly CPU_THROTTLED_PERIODS = 'container_cpu_cfs_throttled_periods_total';
  /** cAdvisor: memory working set in bytes, what the OOM killer looks at (gauge). */
  public static readonly MEMORY_WORKING_SET = 'container_memory_working_set_bytes';
  /** cAdvisor: bytes received (counter, per pod and interface). */
  public static readonly NETWORK_RECEIVE_BYTES = 'container_network_receive_bytes_total';
  /** cAdvisor: bytes sent (counter). */
  public static readonly NETWORK_TRANSMIT_BYTES = 'container_network_transmit_bytes_total';
  /** cAdvisor: receive errors (counter). */
  public static readonly NETWORK_RECEIVE_ERRORS = 'container_network_receive_errors_total';
  /** cAdvisor: transmit errors (counter). */
  public static readonly NETWORK_TRANSMIT_ERRORS = 'container_network_transmit_errors_total';
  /** cAdvisor: received packets dropped (counter). */
  public static readonly NETWORK_RECEIVE_DROPPED = 'container_network_receive_packets_dropped_total';
  /** cAdvisor: sent packets dropped (counter). */
  public static readonly NETWORK_TRANSMIT_DROPPED = 'container_network_transmit_packets_dropped_total';
  /** cAdvisor: bytes read from disk (counter). */
  public static readonly FS_READ_BYTES = 'container_fs_reads_bytes_total';
  /** cAdvisor: bytes written to disk (counter). */
  public static readonly FS_WRITE_BYTES = 'container_fs_writes_bytes_total';
  /** kube-state-metrics: resource limits per container, `resource` = cpu (cores) or memory (bytes). */
  public static readonly RESOURCE_LIMITS = 'kube_pod_container_resource_limits';
  /** kube-state-metrics: resource requests per container. */
  public static readonly RESOURCE_REQUESTS = 'kube_pod_container_resource_requests';
  /** kube-state-metrics: container restarts (counter). */
  public static readonly RESTARTS = 'kube_pod_container_status_restarts_total';
  /** kube-state-metrics: 1 for the reason of the container's last termination (`reason="OOMKilled"`), kept until the next one. */
  public static readonly LAST_TERMINATED_REASON = 'kube_pod_container_status_last_terminated_reason';
  /** kube-state-metrics: one series per pod, for variables. */
  public static readonly POD_INFO = 'kube_pod_info';
  /** kube-state-metrics: which PersistentVolumeClaims a pod mounts. */
  public static readonly POD_PVC_INFO = 'kube_pod_spec_volumes_persistentvolumeclaims_info';
  /** kubelet: bytes used on a PersistentVolumeClaim's volume. */
  public static readonly VOLUME_USED_BYTES = 'kubelet_volume_stats_used_bytes';
  /** kubelet: capacity of a PersistentVolumeClaim's volume. */
  public static readonly VOLUME_CAPACITY_BYTES = 'kubelet_volume_stats_capacity_bytes';
  /** cert-manager: when a Certificate expires, in Unix seconds. */
  public static readonly CERTIFICATE_EXPIRATION = 'certmanager_certificate_expiration_timestamp_seconds';
  // Autoscaling: what the automation-stuck alerts read.
  /** kube-state-metrics: replicas an HPA currently runs (`horizontalpodautoscaler`, `namespace` labels). */
  public static readonly HPA_CURRENT_REPLICAS = 'kube_horizontalpodautoscaler_status_current_replicas';
  /** kube-state-metrics: an HPA's maxReplicas. */
  public static readonly HPA_MAX_REPLICAS = 'kube_horizontalpodautoscaler_spec_max_replicas';
}
