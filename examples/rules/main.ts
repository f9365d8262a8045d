import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  IncidentRoutingDefinition,
  RunbooksDefinition,
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
  identityRouting,
  identityRunbooks,
  userAuthentication,
  userAuthenticationMonitoring,
  userAuthenticationPods,
} from '../user-authentication';

/**
 * Without any engine: the same rules as plain Prometheus rule files (for `rule_files:`), the dashboards
 * as plain JSON (for Grafana's file provisioning, or to import by hand), the routing as a plain
 * alertmanager.yml, and the runbooks as Markdown to publish at the runbook base URL.
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

// Incident response
const sources = [slos, monitoring, resources];
const runbooks = RunbooksDefinition.create(identityRunbooks(sources));
const problems = runbooks.coverageProblems();
if (problems.length > 0) throw new Error(problems.join('\n'));
const runbooksDir = join(outdir, '..', 'runbooks');
for (const [page, markdown] of Object.entries(runbooks.files())) {
  mkdirSync(join(runbooksDir, dirname(page)), { recursive: true });
  writeFileSync(join(runbooksDir, page), markdown);
}
const alertmanagerDir = join(outdir, '..', 'alertmanager');
mkdirSync(alertmanagerDir, { recursive: true });
writeFileSync(join(alertmanagerDir, 'alertmanager.yml'), toYaml(IncidentRoutingDefinition.create(identityRouting(sources)).alertmanagerYaml()));
