import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { DashboardCatalog, DashboardDefinition } from '../dashboards/dashboard';

const catalogs = new WeakMap<object, DashboardCatalog>();
const PROCESS = {};

/**
 * Adds the dashboard to the catalog of the running program (one per resource monitor, so each mocked run
 * in a test starts afresh). Call it before registering anything: a clash throws.
 */
export function claimDashboard(definition: DashboardDefinition): void {
  const key = pulumi.runtime.getMonitor() ?? PROCESS;
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = new DashboardCatalog();
    catalogs.set(key, catalog);
  }
  catalog.add(definition);
}

/** Registers the ConfigMap or GrafanaDashboard that carries a dashboard. */
export function registerDashboard(definition: DashboardDefinition, name: string, parent: pulumi.Resource): k8s.core.v1.ConfigMap | k8s.apiextensions.CustomResource {
  const manifest = definition.manifest();
  if ('data' in manifest) return new k8s.core.v1.ConfigMap(`${name}-dashboard`, { metadata: manifest.metadata, data: manifest.data }, { parent });
  return new k8s.apiextensions.CustomResource(`${name}-dashboard`, { ...manifest }, { parent });
}
