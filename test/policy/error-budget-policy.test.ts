import {
  AlertingRule,
  BudgetPolicyMetrics,
  Duration,
  ErrorBudgetPolicyDefinition,
  ErrorBudgetPolicyProps,
  Objective,
  Severity,
  Sli,
  SloServiceDefinition,
  SpecError,
  findPromQLSyntaxError,
  toYaml,
} from 'sre-constructs';
import { resolveArgs } from '../support/argo-analysis';
import { renderFlaggerQuery } from '../support/flagger-analysis';
import { checkRules } from '../support/promtool';
import { schemaErrors } from '../support/schema';

const service = SloServiceDefinition.create({
  service: 'checkout',
  labels: { team: 'payments' },
  slos: [
    { name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9), runbookUrl: 'https://runbooks.example.com/checkout' },
    { name: 'latency', sli: Sli.latency({ histogram: 'http_request_duration_seconds_bucket{job="checkout"}', threshold: Duration.millis(300) }), objective: Objective.percent(99) },
  ],
});
const gates = { prometheusUrl: 'http://prometheus-operated.monitoring:9090', flagger: true } as const;
const policy = ErrorBudgetPolicyDefinition.create(service, {
  exemptions: { 'security-fix': 'Fixes for known vulnerabilities ship within 24 hours.', rollback: 'Restores a version that met the SLO.' },
  deployGates: gates,
});

function recordings(p: ErrorBudgetPolicyDefinition) {
  return p.ruleGroups().flatMap((g) => g.rules).filter((r): r is { record: string; expr: string; labels: Record<string, string> } => 'record' in r);
}

describe('ErrorBudgetPolicy rules', () => {
  test('pass promtool together with the service rules they read', () => {
    expect(checkRules({ groups: [...service.ruleGroups(), ...policy.ruleGroups()] }).output).toMatch(/SUCCESS: \d+ rules found/);
  });

  test('record the policy where readers can find it: thresholds and verdict per SLO, the service-wide answers, one series per exemption', () => {
    const rules = recordings(policy);
    const perSlo = (record: string) => rules.filter((r) => r.record === record).map((r) => [r.labels.slo, r.expr]);
    expect(perSlo(BudgetPolicyMetrics.FREEZE_THRESHOLD)).toEqual([['availability', 'vector(0)'], ['latency', 'vector(0)']]);
    expect(perSlo(BudgetPolicyMetrics.WARN_THRESHOLD)).toEqual([['availability', 'vector(0.25)'], ['latency', 'vector(0.25)']]);
    expect(perSlo(BudgetPolicyMetrics.CANARY_MAX_BURN_RATE)).toEqual([['availability', 'vector(6)'], ['latency', 'vector(6)']]);
    for (const r of rules.filter((x) => x.labels.slo)) expect(r.labels).toEqual(service.slo(r.labels.slo).labels);
    const serviceWide = rules.filter((r) => !r.labels.slo);
    expect(serviceWide.map((r) => [r.record, r.labels.exemption])).toEqual([
      [BudgetPolicyMetrics.SERVICE_FROZEN, undefined],
      [BudgetPolicyMetrics.SERVICE_BUDGET_REMAINING, undefined],
      [BudgetPolicyMetrics.SERVICE_CANARY_BURN_RATE, undefined],
      [BudgetPolicyMetrics.EXEMPTION, 'rollback'],
      [BudgetPolicyMetrics.EXEMPTION, 'security-fix'],
    ]);
    for (const r of serviceWide) expect(r.labels).toMatchObject({ service: 'checkout', team: 'payments' });
  });

  test('count only the SLOs the policy names', () => {
    const only = ErrorBudgetPolicyDefinition.create(service, { slos: ['latency'] });
    expect(new Set(recordings(only).map((r) => r.labels.slo).filter(Boolean))).toEqual(new Set(['latency']));
    expect(only.ruleGroups()[1].rules.map((r) => ('alert' in r ? `${r.alert} ${r.labels!.slo}` : ''))).toEqual(['ErrorBudgetExhausted latency', 'ErrorBudgetLow latency']);
    const budget = recordings(only).find((r) => r.record === BudgetPolicyMetrics.SERVICE_BUDGET_REMAINING)!;
    expect(budget.expr).toContain('slo="latency"');
    expect(budget.expr).toContain('== 1');
  });

  test('alerts carry severity and sev, the SLO\'s runbook by default, and let the SEV be overridden', () => {
    const alerts = policy.ruleGroups()[1].rules.filter((r): r is AlertingRule => 'alert' in r);
    const availability = alerts.filter((r) => r.labels!.slo === 'availability');
    expect(availability.map((r) => [r.alert, r.labels!.severity, r.labels!.sev])).toEqual([
      ['ErrorBudgetExhausted', 'warning', 'SEV3'],
      ['ErrorBudgetLow', 'info', 'SEV4'],
    ]);
    for (const a of availability) expect(a).toMatchObject({ annotations: { runbook_url: 'https://runbooks.example.com/checkout' } });
    const paged = ErrorBudgetPolicyDefinition.create(service, { exhaustedAlert: { severity: Severity.SEV2, runbookUrl: 'https://runbooks.example.com/freeze' }, lowAlert: false });
    const rules = paged.ruleGroups()[1].rules as AlertingRule[];
    expect(rules.map((r) => [r.labels!.severity, r.labels!.sev, r.annotations!.runbook_url])).toEqual([
      ['critical', 'SEV2', 'https://runbooks.example.com/freeze'],
      ['critical', 'SEV2', 'https://runbooks.example.com/freeze'],
    ]);
  });

  test('renders the same bytes every time', () => {
    const again = ErrorBudgetPolicyDefinition.create(service, {
      exemptions: { rollback: 'Restores a version that met the SLO.', 'security-fix': 'Fixes for known vulnerabilities ship within 24 hours.' },
      deployGates: gates,
    });
    expect(toYaml([again.ruleFile(), again.gateManifests()])).toBe(toYaml([policy.ruleFile(), policy.gateManifests()]));
  });
});

describe('ErrorBudgetPolicy deploy gates', () => {
  test('the AnalysisTemplate, ClusterAnalysisTemplate and MetricTemplates validate against the upstream CRDs', () => {
    const cluster = ErrorBudgetPolicyDefinition.create(service, { deployGates: { ...gates, argoRollouts: 'ClusterAnalysisTemplate' } });
    const manifests = [...policy.gateManifests(), ...cluster.gateManifests(), policy.prometheusRule()];
    expect(manifests.map((m) => `${m.kind} ${m.metadata.name}`)).toEqual([
      'AnalysisTemplate checkout-error-budget',
      'MetricTemplate checkout-error-budget',
      'MetricTemplate checkout-error-budget-burn-rate',
      'ClusterAnalysisTemplate checkout-error-budget',
      'MetricTemplate checkout-error-budget',
      'MetricTemplate checkout-error-budget-burn-rate',
      'PrometheusRule checkout-error-budget-policy',
    ]);
    for (const m of manifests) expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
  });

  test('every query is valid PromQL once Argo Rollouts or Flagger fills in the exemption', () => {
    const queries = [
      ...(policy.analysisTemplate()!.spec as { metrics: Array<{ provider: { prometheus: { query: string } } }> }).metrics.map((m) => m.provider.prometheus.query),
      ...policy.metricTemplates().map((m) => (m.spec as { query: string }).query),
    ];
    const resolved = [...queries.slice(0, 2).map((q) => resolveArgs(q, { 'budget-exemption': 'none' })), ...queries.slice(2).map((q) => renderFlaggerQuery(q, { budgetExemption: 'none' }))];
    expect(resolved).toHaveLength(4);
    for (const q of resolved) expect({ q, error: findPromQLSyntaxError(q) }).toEqual({ q, error: undefined });
  });

  test('the templates write the exemptions and their reasons down, and the Canary metrics carry the thresholds', () => {
    for (const m of policy.gateManifests()) {
      expect(m.metadata.annotations!['sre-constructs.dev/budget-exemptions']).toBe(
        'rollback: Restores a version that met the SLO.\nsecurity-fix: Fixes for known vulnerabilities ship within 24 hours.',
      );
    }
    expect(policy.flaggerCanaryMetrics()).toEqual([
      { name: 'error-budget', templateRef: { name: 'checkout-error-budget' }, thresholdRange: { min: 1 }, interval: '1m', templateVariables: { budgetExemption: 'none' } },
      { name: 'canary-burn-rate', templateRef: { name: 'checkout-error-budget-burn-rate' }, thresholdRange: { max: 6 }, interval: '1m' },
    ]);
    expect(policy.analysisArgs('security-fix')).toEqual([{ name: 'budget-exemption', value: 'security-fix' }]);
    expect(() => policy.analysisArgs('hotfix')).toThrow(/"hotfix" is not an exemption of this policy; it has rollback, security-fix/);
  });

  test('no templates without deployGates, and only the kinds asked for', () => {
    expect(ErrorBudgetPolicyDefinition.create(service).gateManifests()).toEqual([]);
    const argoOnly = ErrorBudgetPolicyDefinition.create(service, { deployGates: { prometheusUrl: gates.prometheusUrl } });
    expect(argoOnly.gateManifests().map((m) => m.kind)).toEqual(['AnalysisTemplate']);
    const flaggerOnly = ErrorBudgetPolicyDefinition.create(service, { deployGates: { ...gates, argoRollouts: false } });
    expect(flaggerOnly.gateManifests().map((m) => m.kind)).toEqual(['MetricTemplate', 'MetricTemplate']);
  });
});

describe('the freeze other concerns read', () => {
  test('is PromQL over the service-wide verdict, with a separate condition for "unknown"', () => {
    const freeze = policy.freeze;
    expect(freeze).toEqual({
      service: 'checkout',
      metric: BudgetPolicyMetrics.SERVICE_FROZEN,
      selector: { service: 'checkout' },
      condition: 'service:budget_policy_frozen:bool{service="checkout"} == 1',
      unknownCondition: 'absent(service:budget_policy_frozen:bool{service="checkout"})',
    });
    expect(findPromQLSyntaxError(freeze.condition)).toBeUndefined();
    expect(findPromQLSyntaxError(freeze.unknownCondition)).toBeUndefined();
  });
});

describe('bad input: a clear error naming the path, field, value and what is valid', () => {
  const failure = (props: ErrorBudgetPolicyProps): string => {
    try {
      ErrorBudgetPolicyDefinition.create(service, props, 'prod/checkout-policy');
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  test.each([
    [{ freezeAtPercent: -1 }, 'freezeAtPercent (-1) is not a percentage from 0 to 100'],
    [{ freezeAtPercent: 101 }, 'freezeAtPercent (101) is not a percentage from 0 to 100'],
    [{ warnBelowPercent: 120 }, 'warnBelowPercent (120) is not a percentage from 0 to 100'],
    [{ freezeAtPercent: Number.NaN }, 'freezeAtPercent (NaN) is not a percentage from 0 to 100'],
    [{ freezeAtPercent: '10' as unknown as number }, 'freezeAtPercent ("10") is not a percentage from 0 to 100'],
  ])('a threshold outside 0..100%%: %j', (props, message) => {
    expect(failure(props)).toMatch(new RegExp(`^prod/checkout-policy: ${escape(message)}\\. Give the share of the error budget left, in percent`));
  });

  test('a warning line not above the freeze line', () => {
    expect(failure({ freezeAtPercent: 30, warnBelowPercent: 25 })).toBe(
      'prod/checkout-policy: warnBelowPercent (25) is not above freezeAtPercent (30). Warn before the freeze: give a warning threshold above the freeze threshold (or turn the warning off with lowAlert: false).',
    );
  });

  test('a policy naming an SLO the service does not have', () => {
    expect(failure({ slos: ['availability', 'latency-p99'] })).toBe(
      'prod/checkout-policy: slos ("latency-p99") is not an SLO of service checkout. Choose from availability, latency.',
    );
    expect(failure({ slos: [] })).toMatch(/^prod\/checkout-policy: slos \(\[\]\) is empty\. Name at least one SLO of checkout/);
  });

  test('a canary burn-rate ceiling below 1', () => {
    expect(failure({ canaryMaxBurnRate: 0.5 })).toMatch(/^prod\/checkout-policy: canaryMaxBurnRate \(0\.5\) is not a burn rate of at least 1\. A burn rate of 1 spends exactly the whole budget/);
  });

  test('a canary window the service does not record', () => {
    expect(failure({ canaryWindow: Duration.minutes(10) })).toBe(
      'prod/checkout-policy: canaryWindow ("10m") is not a window SloService checkout records for SLO availability. Use one of 5m, 30m, 1h, 2h, 6h, 1d, 3d, 30d, or add it to the SloService\'s extraWindows.',
    );
  });

  test('exemptions that are not names with one-line reasons, including hostile ones', () => {
    expect(failure({ exemptions: { 'x"} or vector(1)': 'inject' } })).toMatch(/exemptions \("x\\"\} or vector\(1\)"\) is not a valid exemption name/);
    expect(failure({ exemptions: { none: 'means no exemption' } })).toMatch(/exemptions \("none"\) is the value that means "no exemption"/);
    expect(failure({ exemptions: { rollback: '' } })).toMatch(/exemptions\[rollback\] \(""\) is not a one-line reason/);
    expect(failure({ exemptions: { rollback: 'two\nlines' } })).toMatch(/exemptions\[rollback\] \("two\\nlines"\) is not a one-line reason/);
  });

  test('deploy gates without a usable Prometheus URL, or with nothing to emit', () => {
    expect(failure({ deployGates: { prometheusUrl: 'prometheus:9090' } })).toMatch(/deployGates\.prometheusUrl \("prometheus:9090"\) is not an absolute http\(s\) URL/);
    expect(failure({ deployGates: {} as never })).toMatch(/deployGates\.prometheusUrl \(not set\) is not set/);
    expect(failure({ deployGates: { prometheusUrl: 'http://prometheus:9090/{{args.x}}' } })).toMatch(/deployGates\.prometheusUrl \(.*\) holds braces, which Argo Rollouts and Flagger read as template placeholders/);
    expect(failure({ deployGates: { prometheusUrl: gates.prometheusUrl, argoRollouts: false } })).toMatch(/deployGates\.argoRollouts \(false\) leaves no template to emit/);
    expect(failure({ deployGates: { prometheusUrl: gates.prometheusUrl, argoRollouts: 'ClusterAnalysisTemplate', metadata: { namespace: 'shop' } } })).toMatch(
      /deployGates\.metadata\.namespace \("shop"\) is set on a cluster-scoped ClusterAnalysisTemplate/,
    );
    expect(failure({ deployGates: { prometheusUrl: gates.prometheusUrl, count: 0 } })).toMatch(/deployGates\.count \(0\) is not a whole number of at least 1/);
  });

  test('alerts with bad names or severities', () => {
    expect(failure({ exhaustedAlert: { alertName: 'Budget Gone' } })).toMatch(/exhaustedAlert\.alertName \("Budget Gone"\) is not a valid alert name/);
    expect(failure({ lowAlert: { severity: 'P1' as unknown as Severity } })).toMatch(/lowAlert\.severity \("P1"\) is not a severity/);
    expect(failure({ lowAlert: { alertName: 'ErrorBudgetExhausted' } })).toMatch(/lowAlert\.alertName \("ErrorBudgetExhausted"\) is also the name of the exhausted alert/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
