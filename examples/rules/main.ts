import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CapacityDashboardDefinition,
  CapacityPlanDefinition,
  RedDashboardDefinition,
  ResourceAlertsDefinition,
  ServiceMonitoringDefinition,
  SloDashboardDefinition,
  SloServiceDefinition,
  UseDashboardDefinition,
  toYaml,
} from 'sre-constructs';
import {
  dashboardPlacement,
  identityResourceAlerts,
  userAuthentication,
  userAuthenticationCapacity,
  userAuthenticationMonitoring,
  userAuthenticationPods,
} from '../user-authentication';

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
// Capacity planning
const capacity = CapacityPlanDefinition.create(userAuthenticationCapacity);
writeFileSync(join(outdir, 'user-authentication.capacity.rules.yaml'), toYaml(capacity.ruleFile()));

const dashboards = [
  SloDashboardDefinition.create(slos, dashboardPlacement),
  RedDashboardDefinition.create(monitoring, dashboardPlacement),
  UseDashboardDefinition.create({ ...userAuthenticationPods, resourceAlerts: resources, ...dashboardPlacement }),
  CapacityDashboardDefinition.create(capacity, dashboardPlacement),
];
for (const d of dashboards) writeFileSync(join(dashboardsDir, `${d.metadata.name}.json`), d.json());
