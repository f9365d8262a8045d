import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RedDashboardDefinition,
  ResourceAlertsDefinition,
  ServiceMonitoringDefinition,
  SloDashboardDefinition,
  SloServiceDefinition,
  UseDashboardDefinition,
  toYaml,
} from 'sre-constructs';
// Disaster recovery
import { DisasterRecoveryPlanDefinition } from 'sre-constructs';
import { userAuthenticationDisasterRecovery } from '../user-authentication';
import { dashboardPlacement, identityResourceAlerts, userAuthentication, userAuthenticationMonitoring, userAuthenticationPods } from '../user-authentication';

/**
 * Without any engine: the same rules as plain Prometheus rule files (for `rule_files:`) and the dashboards
 * as plain JSON (for Grafana's file provisioning, or to import by hand).
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

const dashboards = [
  SloDashboardDefinition.create(slos, dashboardPlacement),
  RedDashboardDefinition.create(monitoring, dashboardPlacement),
  UseDashboardDefinition.create({ ...userAuthenticationPods, resourceAlerts: resources, ...dashboardPlacement }),
];
for (const d of dashboards) writeFileSync(join(dashboardsDir, `${d.metadata.name}.json`), d.json());

// Disaster recovery: the plan's alert rules, and its DR runbook for the team's runbook site.
const disasterRecovery = DisasterRecoveryPlanDefinition.create(userAuthenticationDisasterRecovery);
writeFileSync(join(outdir, 'user-authentication.dr.rules.yaml'), toYaml(disasterRecovery.ruleFile()));
const runbooksDir = join(outdir, '..', 'runbooks');
mkdirSync(runbooksDir, { recursive: true });
writeFileSync(join(runbooksDir, 'user-authentication-disaster-recovery.md'), disasterRecovery.runbook());
