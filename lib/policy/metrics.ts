/**
 * Names of the series an ErrorBudgetPolicy records. They are how the rest of the world learns the policy:
 * deploy gates (Argo Rollouts, Flagger), the `budget` command and chaos schedules read these, so the
 * thresholds live in one place (the policy's rules) and every reader agrees with the others.
 *
 * Per-SLO series carry the labels of the SLO's own recorded series (`service`, `slo` and the SLO's labels),
 * and exist only for the SLOs the policy counts. Service-wide series carry `service` and the service's labels.
 */
export abstract class BudgetPolicyMetrics {
  /** The share of the error budget left at or below which deploys freeze (0 = when the budget is spent). Per SLO. */
  public static readonly FREEZE_THRESHOLD = 'slo:budget_policy_freeze_threshold:ratio';
  /** The share of the error budget left below which the policy warns. Per SLO. */
  public static readonly WARN_THRESHOLD = 'slo:budget_policy_warn_threshold:ratio';
  /** The highest burn rate a canary may cause. Per SLO. */
  public static readonly CANARY_MAX_BURN_RATE = 'slo:budget_policy_canary_max_burn_rate:ratio';
  /** The SLO's burn rate over the policy's canary window. Per SLO. */
  public static readonly CANARY_BURN_RATE = 'slo:budget_policy_canary_burn_rate:ratio';
  /** 1 while the SLO's budget is at or below the freeze threshold, 0 while above; absent while the budget is unknown. Per SLO. */
  public static readonly FROZEN = 'slo:budget_policy_frozen:bool';
  /**
   * 1 while any counted SLO is frozen, 0 while every counted SLO has a budget above the freeze threshold;
   * absent while the answer is unknown (a counted SLO without a budget, and none frozen). Per service.
   */
  public static readonly SERVICE_FROZEN = 'service:budget_policy_frozen:bool';
  /** The lowest share of error budget left among the counted SLOs; absent while any of them has no budget. Per service. */
  public static readonly SERVICE_BUDGET_REMAINING = 'service:budget_policy_error_budget_remaining:min';
  /** The highest canary-window burn rate among the counted SLOs; absent while any of them has none. Per service. */
  public static readonly SERVICE_CANARY_BURN_RATE = 'service:budget_policy_canary_burn_rate:max';
  /** 1 for each exemption the policy allows, with its name in the `exemption` label. Per service. */
  public static readonly EXEMPTION = 'service:budget_policy_exemption:info';
}
