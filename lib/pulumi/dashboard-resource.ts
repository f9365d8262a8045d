import * as pulumi from '@pulumi/pulumi';
import { DashboardCatalog, DashboardDefinition } from '../dashboards/dashboard';
import type { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';

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

/** Registers the ConfigMap or GrafanaDashboard that carries a dashboard, with any metadata Inputs put back in place. */
export function registerDashboard(definition: DashboardDefinition, name: string, pending: PendingInputs, parent: pulumi.Resource): KubernetesResource {
  return registerManifest(`${name}-dashboard`, definition.manifest(), pending, { parent });
}
