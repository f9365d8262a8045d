import { Chart, Testing } from 'cdk8s';
import {
  AutoscalingDefinition,
  CapacityPlanDefinition,
  ChaosScheduleDefinition,
  EmittedAlert,
  ErrorBudgetPolicyDefinition,
  IncidentRoutingDefinition,
  LogPolicyDefinition,
  ResourceAlertsDefinition,
  RuleGroup,
  RuleSet,
  RunbooksDefinition,
  ServiceMonitoringDefinition,
  Severity,
  SloServiceDefinition,
  SpecError,
  emittedAlerts,
  toYaml,
} from 'sre-constructs';
import { ChaosSchedule, Runbooks, SloService } from 'sre-constructs/cdk8s';
import { Runbooks as PulumiRunbooks } from 'sre-constructs/pulumi';
import { paymentService, paymentServiceBudgetPolicy, paymentServiceChaos, paymentsRouting, paymentsRunbooks } from '../../examples/payment-service';
import {
  identityLogPolicy,
  identityResourceAlerts,
  identityRouting,
  identityRunbooks,
  userAuthentication,
  userAuthenticationAutoscaling,
  userAuthenticationBudgetPolicy,
  userAuthenticationCapacity,
  userAuthenticationMonitoring,
} from '../../examples/user-authentication';
import { registerOffline } from '../../scripts/pulumi-offline';
import { checkConfig, routesTest } from '../support/amtool';

/**
 * Every alert source routes and gets runbooks: the packs that are rule sets (error-budget policy, capacity
 * plan, autoscaling, log policy, chaos schedule) are read from the rules they render, so the routing checks
 * their namespace labels and the runbook check their links, as for the SLO, RED and resource packs.
 */
const slos = SloServiceDefinition.create(userAuthentication);
const capacity = CapacityPlanDefinition.create(userAuthenticationCapacity);
const packs = {
  policy: ErrorBudgetPolicyDefinition.create(slos, userAuthenticationBudgetPolicy),
  capacity,
  automation: AutoscalingDefinition.create(userAuthenticationAutoscaling(capacity)),
  logs: LogPolicyDefinition.create(identityLogPolicy),
};
const identitySources = [slos, ServiceMonitoringDefinition.create(userAuthenticationMonitoring), ResourceAlertsDefinition.create(identityResourceAlerts), ...Object.values(packs)];
const paymentSlos = SloServiceDefinition.create(paymentService);
const paymentPolicy = ErrorBudgetPolicyDefinition.create(paymentSlos, paymentServiceBudgetPolicy);
const chaos = ChaosScheduleDefinition.create(paymentServiceChaos(paymentSlos, paymentPolicy));
const paymentSources = [paymentSlos, paymentPolicy, chaos];

/** The labels an alert reaches Alertmanager with: its own, its alert name, and the namespace its series fix. */
function arriving(a: EmittedAlert): Record<string, string> {
  const fromSeries = a.seriesNamespaces;
  const ns: Record<string, string> = Array.isArray(fromSeries) && fromSeries.length === 1 ? { namespace: fromSeries[0] } : {};
  return { alertname: a.alertName, ...ns, ...a.labels };
}

describe('a rule set is read from the alerting rules it renders', () => {
  test('each alert with its SEV, labels and runbook link; the namespace from its labels or from what its expression keeps', () => {
    const byName = (alerts: EmittedAlert[], name: string) => alerts.find((a) => a.alertName === name)!;
    const policy = emittedAlerts(packs.policy);
    expect(byName(policy, 'ErrorBudgetExhausted')).toMatchObject({
      kind: 'rule',
      sev: Severity.SEV3,
      labels: { namespace: 'identity', service: 'user-authentication', slo: 'availability', sev: 'SEV3', severity: 'warning' },
      runbook: { url: 'https://runbooks.internal/user-authentication/error-budget' },
    });
    const automation = emittedAlerts(packs.automation);
    expect(byName(automation, 'HpaPinnedAtMaxReplicas').seriesNamespaces).toEqual(['identity']);
    expect(byName(automation, 'HpaMetricsAbsent').seriesNamespaces).toEqual(['identity']);
    expect(byName(emittedAlerts(packs.logs), 'LogPolicyMetricsAbsent').seriesNamespaces).toEqual(['identity']);
    expect(emittedAlerts(chaos).map((a) => a.alertName)).toEqual(expect.arrayContaining(['ChaosAbortConditionMet', 'ChaosVerificationFailed']));
  });

  test('the SEV comes from `sev`, else from the ecosystem severity, else the ticket class the routing root gives it', () => {
    expect(emittedAlerts(ownRuleSet({ sev: 'SEV1', severity: 'critical' }))[0].sev).toBe(Severity.SEV1);
    expect(emittedAlerts(ownRuleSet({ severity: 'critical' }))[0].sev).toBe(Severity.SEV2);
    expect(emittedAlerts(ownRuleSet({}))[0].sev).toBe(Severity.SEV3);
    expect(emittedAlerts(ownRuleSet({ team: '{{ $labels.team }}' }))[0].labels).toEqual({});
  });
});

describe('routing (amtool config routes test on the example configurations)', () => {
  const identityYaml = toYaml(IncidentRoutingDefinition.create(identityRouting(identitySources)).alertmanagerYaml());
  const paymentsYaml = toYaml(IncidentRoutingDefinition.create(paymentsRouting(paymentSources)).alertmanagerYaml());

  test('both configurations pass amtool check-config', () => {
    expect(checkConfig(identityYaml).ok).toBe(true);
    expect(checkConfig(paymentsYaml).ok).toBe(true);
  });

  test.each([
    ['error-budget policy', 'ErrorBudgetExhausted', () => emittedAlerts(packs.policy)],
    ['capacity plan', 'CapacityRunwayShort', () => emittedAlerts(packs.capacity)],
    ['autoscaling', 'HpaPinnedAtMaxReplicas', () => emittedAlerts(packs.automation)],
    ['log policy', 'NonConformingLogs', () => emittedAlerts(packs.logs)],
  ])('an alert of the %s reaches the identity ticket receiver', (_pack, name, alerts) => {
    const alert = alerts().find((a) => a.alertName === name)!;
    expect(routesTest(identityYaml, arriving(alert))).toEqual(['identity-tickets']);
  });

  test('an alert of the chaos schedule reaches the payments ticket receiver', () => {
    const alert = emittedAlerts(chaos).find((a) => a.alertName === 'ChaosAbortConditionMet')!;
    expect(routesTest(paymentsYaml, arriving(alert))).toEqual(['payments-tickets']);
  });

  test('a pack alert raised to SEV2 pages', () => {
    const paging = ErrorBudgetPolicyDefinition.create(slos, { ...userAuthenticationBudgetPolicy, exhaustedAlert: { severity: Severity.SEV2 } });
    const alert = emittedAlerts(paging).find((a) => a.alertName === 'ErrorBudgetExhausted')!;
    expect(routesTest(identityYaml, arriving(alert))).toEqual(['identity-pager']);
  });
});

describe('the operator namespace matcher is checked for rule-set sources', () => {
  test('the example routings let every alert of every pack through', () => {
    expect(IncidentRoutingDefinition.create(identityRouting(identitySources)).namespaceMatcherProblems('identity')).toEqual([]);
    expect(IncidentRoutingDefinition.create(paymentsRouting(paymentSources)).namespaceMatcherProblems('payments')).toEqual([]);
  });

  test('a pack whose alerts carry no namespace is caught, with the way out', () => {
    const unlabelled = ErrorBudgetPolicyDefinition.create(slos, { ...userAuthenticationBudgetPolicy, labels: undefined });
    const problems = IncidentRoutingDefinition.create(identityRouting([unlabelled]), 'identity-routing').namespaceMatcherProblems('identity');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/alert ErrorBudgetExhausted of user-authentication-error-budget-policy may carry any namespace label, or none, from the series it reads/);
    expect(problems[0]).toMatch(/Add namespace: "identity" to its labels/);
  });

  test('an absent-data alert over several namespaces carries none, and is caught', () => {
    const wide = LogPolicyDefinition.create({ ...identityLogPolicy, namespaces: ['identity', 'payments'] });
    const problems = IncidentRoutingDefinition.create(identityRouting([wide])).namespaceMatcherProblems('identity');
    expect(problems.join('\n')).toMatch(/alert LogPolicyMetricsAbsent of .* carries no namespace label/);
    expect(problems.join('\n')).toMatch(/alert NonConformingLogs of .* watches namespaces identity, payments/);
  });
});

describe('runbook coverage of rule-set sources', () => {
  const pagingChaos = (runbookUrl?: string) =>
    ChaosScheduleDefinition.create({ ...paymentServiceChaos(paymentSlos), alerts: { severity: Severity.SEV2, labels: { namespace: 'payments' }, ...(runbookUrl ? { runbookUrl } : {}) } }, 'payments/chaos');

  test('the example collections cover every paging alert of every pack', () => {
    expect(RunbooksDefinition.create(identityRunbooks(identitySources)).coverageProblems()).toEqual([]);
    expect(RunbooksDefinition.create(paymentsRunbooks(paymentSources)).coverageProblems()).toEqual([]);
  });

  test('a paging alert of a new pack without a runbook is caught', () => {
    const problems = RunbooksDefinition.create({ name: 'payments', sources: [pagingChaos()] }).coverageProblems();
    expect(problems).toContain(
      'payments/chaos: alert ChaosAbortConditionMet (SEV2, pages) has no runbook. Give payments/chaos a runbookUrl, or acknowledge it in the Runbooks that has this source: acknowledgeNoRunbook: { ChaosAbortConditionMet: "<reason>" }.',
    );
    expect(RunbooksDefinition.create({ name: 'payments', sources: [pagingChaos('https://runbooks.internal/payment-service/chaos')] }).coverageProblems()).toEqual([]);
  });

  test('an acknowledgement with its reason accepts it; a stale or misplaced one is refused', () => {
    const acknowledged = RunbooksDefinition.create({
      name: 'payments',
      sources: [pagingChaos()],
      acknowledgeNoRunbook: { ChaosAbortConditionMet: 'the experiment card says how to stop the run', ChaosVerificationFailed: 'the card lists what was verified' },
    });
    expect(acknowledged.coverageProblems()).toEqual([]);
    const refusal = (acks: Record<string, string>, sources: never[] = [pagingChaos('https://runbooks.internal/chaos')] as never[]) => {
      try {
        RunbooksDefinition.create({ name: 'payments', sources, acknowledgeNoRunbook: acks }, 'payments/runbooks');
      } catch (e) {
        expect(e).toBeInstanceOf(SpecError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ ChaosAbortConditionMet: 'no need' })).toMatch(/acknowledgeNoRunbook\.ChaosAbortConditionMet .* links its runbook \(https:\/\/runbooks\.internal\/chaos\)/);
    expect(refusal({ Typo: 'no need' })).toMatch(/acknowledgeNoRunbook\.Typo \("Typo"\) is not an alert of the sources/);
    expect(refusal({ SloErrorBudgetBurn: 'no need' }, [paymentSlos] as never[])).toMatch(/which acknowledges its own/);
    expect(refusal({ ChaosAbortConditionMet: '' }, [pagingChaos()] as never[])).toMatch(/is not a reason/);
  });

  test('the cdk8s door: a Runbooks with such a source fails at synth', () => {
    const chart = new Chart(Testing.app(), 'payments', { namespace: 'payments' });
    const service = new SloService(chart, 'slos', paymentService);
    const schedule = new ChaosSchedule(chart, 'chaos', { ...paymentServiceChaos(service.definition), alerts: { severity: Severity.SEV2, labels: { namespace: 'payments' } } });
    new Runbooks(chart, 'runbooks', { name: 'payments', sources: [schedule] });
    expect(() => Testing.synth(chart)).toThrow(/ChaosAbortConditionMet \(SEV2, pages\) has no runbook/);
  });

  test('the Pulumi door: a Runbooks with such a source fails before anything registers', async () => {
    await expect(registerOffline(() => [new PulumiRunbooks('payments', { name: 'payments', sources: [pagingChaos()] })])).rejects.toThrow(/ChaosAbortConditionMet \(SEV2, pages\) has no runbook/);
  });
});

/** A rule set of one's own, with one alert carrying `labels`. */
class OwnRules extends RuleSet {
  public readonly metadata = { name: 'own-rules' };

  constructor(private readonly labels: Record<string, string>) {
    super();
  }

  public ruleGroups(): RuleGroup[] {
    return [{ name: 'own', rules: [{ alert: 'OwnAlert', expr: 'up == 0', labels: this.labels }] }];
  }
}

function ownRuleSet(labels: Record<string, string>): OwnRules {
  return new OwnRules(labels);
}
