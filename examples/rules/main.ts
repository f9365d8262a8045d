import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AutoscalingDefinition,
  CapacityDashboardDefinition,
  CapacityPlanDefinition,
  ChaosScheduleDefinition,
  DisasterRecoveryPlanDefinition,
  ErrorBudgetPolicyDefinition,
  IncidentRoutingDefinition,
  LogPolicyDefinition,
  RedDashboardDefinition,
  ResourceAlertsDefinition,
  RunbooksDefinition,
  ServiceMonitoringDefinition,
  SloDashboardDefinition,
  SloServiceDefinition,
  toYaml,
  UseDashboardDefinition,
} from 'sre-constructs';
import {
  paymentService,
  paymentServiceAutoscaling,
  paymentServiceBudgetPolicy,
  paymentServiceCapacity,
  paymentServiceChaos,
  paymentServiceMonitoring,
  paymentsRouting,
} from '../payment-service';
import {
  dashboardPlacement,
  identityLogPolicy,
  identityResourceAlerts,
  identityRouting,
  identityRunbooks,
  userAuthentication,
  userAuthenticationAutoscaling,
  userAuthenticationBudgetPolicy,
  userAuthenticationCapacity,
  userAuthenticationDisasterRecovery,
  userAuthenticationMonitoring,
  userAuthenticationPods,
} from '../user-authentication';
// Disaster recovery

/**
 * Without any engine: the same rules as plain Prometheus rule files (for `rule_files:`), the dashboards
 * as plain JSON (for Grafana's file provisioning, or to import by hand), the routing as a plain
 * alertmanager.yml, the runbooks as Markdown to publish at the runbook base URL, and the chaos
 * experiment card.
 */
const outdir = process.argv[2] ?? 'dist/rules';
const dashboardsDir = process.argv[3] ?? join(outdir, '..', 'dashboards');
mkdirSync(outdir, { recursive: true });
mkdirSync(dashboardsDir, { recursive: true });

const slos = SloServiceDefinition.create(userAuthentication);
const monitoring = ServiceMonitoringDefinition.create(userAuthenticationMonitoring);
const resources = ResourceAlertsDefinition.create(identityResourceAlerts);
writeFileSync(join(outdir, 'user-authentication.rules.yaml'), toYaml(slos.ruleFile()));
writeFileSync(join(outdir, 'user-authentication.red.rules.yaml'), toYaml(monitoring.ruleFile()));
writeFileSync(join(outdir, 'identity.resources.rules.yaml'), toYaml(resources.ruleFile()));
// Capacity planning
const capacity = CapacityPlanDefinition.create(userAuthenticationCapacity);
writeFileSync(join(outdir, 'user-authentication.capacity.rules.yaml'), toYaml(capacity.ruleFile()));
// Automation and logging: the automation-stuck alerts, the log-policy rules, and the prometheus-adapter rule the HPA reads.
const automation = AutoscalingDefinition.create(userAuthenticationAutoscaling(capacity));
writeFileSync(join(outdir, 'user-authentication.automation.rules.yaml'), toYaml(automation.ruleFile()));
writeFileSync(join(outdir, 'identity.log-policy.rules.yaml'), toYaml(LogPolicyDefinition.create(identityLogPolicy).ruleFile()));
writeFileSync(join(outdir, 'prometheus-adapter.rules.yaml'), toYaml(automation.prometheusAdapterRules()));
const budgetPolicy = ErrorBudgetPolicyDefinition.create(slos, userAuthenticationBudgetPolicy);
writeFileSync(join(outdir, 'user-authentication.budget-policy.rules.yaml'), toYaml(budgetPolicy.ruleFile()));

const dashboards = [
  SloDashboardDefinition.create(slos, dashboardPlacement),
  RedDashboardDefinition.create(monitoring, dashboardPlacement),
  UseDashboardDefinition.create({ ...userAuthenticationPods, resourceAlerts: resources, ...dashboardPlacement }),
  CapacityDashboardDefinition.create(capacity, dashboardPlacement),
];
for (const d of dashboards) writeFileSync(join(dashboardsDir, `${d.metadata.name}.json`), d.json());

// Chaos engineering: the payment-service SLOs, the abort and verification alerts of its experiment, and the experiment card.
const chaosDir = process.argv[4] ?? join(outdir, '..', 'chaos');
mkdirSync(chaosDir, { recursive: true });
const paymentSlos = SloServiceDefinition.create(paymentService);
const paymentPolicy = ErrorBudgetPolicyDefinition.create(paymentSlos, paymentServiceBudgetPolicy);
const paymentChaos = ChaosScheduleDefinition.create(paymentServiceChaos(paymentSlos, paymentPolicy));
writeFileSync(join(outdir, 'payment-service.rules.yaml'), toYaml(paymentSlos.ruleFile()));
writeFileSync(join(outdir, 'payment-service.budget-policy.rules.yaml'), toYaml(paymentPolicy.ruleFile()));
writeFileSync(join(outdir, 'payment-service.chaos.rules.yaml'), toYaml(paymentChaos.ruleFile()));
writeFileSync(join(chaosDir, 'payment-service.md'), paymentChaos.card());
// Disaster recovery: the plan's alert rules (its DR runbook is written with the runbooks below).
const disasterRecovery = DisasterRecoveryPlanDefinition.create(userAuthenticationDisasterRecovery);
writeFileSync(join(outdir, 'user-authentication.dr.rules.yaml'), toYaml(disasterRecovery.ruleFile()));
// Incident response: every alert pack of each service is routed, and each of its paging alerts has a runbook.
const sources = [slos, monitoring, resources, budgetPolicy, capacity, automation, LogPolicyDefinition.create(identityLogPolicy), disasterRecovery];
const paymentMonitoring = ServiceMonitoringDefinition.create(paymentServiceMonitoring);
writeFileSync(join(outdir, 'payment-service.red.rules.yaml'), toYaml(paymentMonitoring.ruleFile()));
const paymentCapacity = CapacityPlanDefinition.create(paymentServiceCapacity);
writeFileSync(join(outdir, 'payment-service.capacity.rules.yaml'), toYaml(paymentCapacity.ruleFile()));
const paymentAutomation = AutoscalingDefinition.create(paymentServiceAutoscaling(paymentCapacity));
writeFileSync(join(outdir, 'payment-service.automation.rules.yaml'), toYaml(paymentAutomation.ruleFile()));
const paymentSources = [paymentSlos, paymentMonitoring, paymentPolicy, paymentChaos, paymentCapacity, paymentAutomation];
// One site publishes every team's runbooks at the runbook base URL, so one collection renders them all.
const runbooks = RunbooksDefinition.create({ ...identityRunbooks([...sources, ...paymentSources]), name: 'identity-and-payments' });
const problems = runbooks.coverageProblems();
if (problems.length > 0) throw new Error(problems.join('\n'));
const runbooksDir = join(outdir, '..', 'runbooks');
for (const [page, markdown] of Object.entries(runbooks.files())) {
  mkdirSync(join(runbooksDir, dirname(page)), { recursive: true });
  writeFileSync(join(runbooksDir, page), markdown);
}
// One Alertmanager configuration per team, as each team's AlertmanagerConfig is in the cdk8s and Pulumi doors.
const alertmanagerDir = join(outdir, '..', 'alertmanager');
mkdirSync(alertmanagerDir, { recursive: true });
const identityRoutes = IncidentRoutingDefinition.create(identityRouting(sources));
writeFileSync(join(alertmanagerDir, 'alertmanager.yml'), toYaml(identityRoutes.alertmanagerYaml()));
// The Watchdog the dead-man's-switch route expects, for a Prometheus whose rules carry none.
writeFileSync(join(outdir, 'identity.watchdog.rules.yaml'), toYaml(identityRoutes.watchdogRuleFile()!));
writeFileSync(join(alertmanagerDir, 'payments.alertmanager.yml'), toYaml(IncidentRoutingDefinition.create(paymentsRouting(paymentSources)).alertmanagerYaml()));
writeFileSync(join(runbooksDir, 'user-authentication-disaster-recovery.md'), disasterRecovery.runbook());
