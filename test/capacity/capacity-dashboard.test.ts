import { CapacityDashboardDefinition, CapacityPlanDefinition, CapacityResource, Headroom } from 'sre-constructs';
import { userAuthenticationCapacity } from '../../examples/user-authentication';
import { danglingMetrics, grafanaProblems, promqlProblems } from '../support/grafana';
import { checkRules, evaluate } from '../support/promtool';

const plan = CapacityPlanDefinition.create(userAuthenticationCapacity);
const dashboard = CapacityDashboardDefinition.create(plan, { folder: 'Identity' });

describe('the capacity dashboard', () => {
  test('is a dashboard Grafana accepts, and every query is PromQL', () => {
    expect(grafanaProblems(dashboard.model)).toEqual([]);
    expect(promqlProblems(dashboard.promqlQueries())).toEqual([]);
    expect(dashboard.uid).toBe(CapacityDashboardDefinition.uidFor('user-authentication'));
  });

  test('reads only what the plan records', () => {
    expect(danglingMetrics([dashboard], plan.ruleGroups())).toEqual([]);
    expect(dashboard.metricNames()).toEqual(['capacity:total', 'capacity:usage', 'capacity:utilisation:ratio']);
  });

  test('has a row per resource with utilisation against capacity minus margin, the trend, usage, capacity and runway', () => {
    const panels = (dashboard.model.panels ?? []) as Array<{ type: string; title: string; fieldConfig?: { defaults?: { thresholds?: { steps: Array<{ value: number | null }> } } } }>;
    const rows = panels.filter((p) => p.type === 'row').map((p) => p.title.split(':')[0]);
    expect(rows).toEqual(plan.resources.map((r) => r.name));
    const utilisation = panels.find((p) => p.title === 'cpu: utilisation against capacity minus margin')!;
    expect(utilisation.fieldConfig?.defaults?.thresholds?.steps.map((s) => s.value)).toEqual([null, 0.833333333333, 1]);
    const queries = dashboard.queries().filter((q) => q.includes('resource="cpu"'));
    expect(queries).toContain('predict_linear(capacity:utilisation:ratio{service="user-authentication", resource="cpu"}[7d], 0)');
    expect(queries).toContain('predict_linear(capacity:utilisation:ratio{service="user-authentication", resource="cpu"}[7d], 2592000) * 1.2');
    expect(queries).toContain('capacity:total{service="user-authentication", resource="cpu"} / 1.2');
  });

  test('the runway panel counts the days left to capacity minus margin at the trend, and stays empty for a flat series', () => {
    const queue = CapacityPlanDefinition.create({
      service: 'orders',
      headroom: Headroom.percent(25),
      runwayAlert: false,
      headroomAlert: false,
      resources: [CapacityResource.gauge({ name: 'queue', usage: 'sum(queue_depth)', capacity: 1000 })],
    });
    const runway = CapacityDashboardDefinition.create(queue).promqlQueries().find((q) => q.startsWith('clamp_min'))!;
    expect(checkRules(queue.ruleFile()).ok).toBe(true);
    // Utilisation 0.2 growing 0.01 a day: on day 10 it is 0.3, and capacity minus a 25% margin (0.8) is 50 days away.
    const growing = [{ series: 'queue_depth', values: '200+0.41666666666666667x480' }];
    const flat = [{ series: 'queue_depth', values: '200x480' }];
    const [days] = evaluate(queue.ruleFile(), growing, [{ expr: runway, atMinute: 240 * 60 }], '1h');
    expect(days).toBeCloseTo(50, 1);
    expect(evaluate(queue.ruleFile(), flat, [{ expr: runway, atMinute: 240 * 60 }], '1h')).toEqual([undefined]);
  });
});
