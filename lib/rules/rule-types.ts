/** A Prometheus recording rule, as written in a rule file. */
export interface RecordingRule {
  /** Name of the recorded series. */
  readonly record: string;
  /** PromQL. */
  readonly expr: string;
  /** Labels added to the recorded series. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Prometheus alerting rule, as written in a rule file. */
export interface AlertingRule {
  /** Alert name. */
  readonly alert: string;
  /** PromQL; every series it returns is an alert. */
  readonly expr: string;
  /** How long the condition must hold before the alert fires (Prometheus duration). */
  readonly for?: string;
  /** How long the alert keeps firing after the condition stops holding (Prometheus duration). */
  readonly keep_firing_for?: string;
  /** Labels added to the alert (templated by Prometheus). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations (templated by Prometheus). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Either kind of rule. */
export type Rule = RecordingRule | AlertingRule;

/** A rule group: rules evaluated in order at one interval. */
export interface RuleGroup {
  /** Group name, unique within a rule file. */
  readonly name: string;
  /** Evaluation interval (Prometheus duration); the server's global interval when absent. */
  readonly interval?: string;
  /**
   * Thanos Ruler only: `abort` or `warn` when a query gets a partial response. Prometheus and promtool
   * refuse rule files that carry it.
   * @see https://thanos.io/tip/components/rule.md/#partial-response
   */
  readonly partial_response_strategy?: string;
  /** The rules. */
  readonly rules: readonly Rule[];
}

/** A Prometheus rule file (`rule_files:`), the format promtool checks. */
export interface RuleFile {
  /** The groups. */
  readonly groups: readonly RuleGroup[];
}
