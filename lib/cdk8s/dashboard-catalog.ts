import type { IConstruct } from 'constructs';
import { DashboardCatalog } from '../dashboards/dashboard';

const catalogs = new WeakMap<IConstruct, DashboardCatalog>();

/** The dashboard catalog of the app `scope` belongs to: titles are unique per folder and uids per app. */
export function dashboardCatalog(scope: IConstruct): DashboardCatalog {
  const root = scope.node.root;
  let catalog = catalogs.get(root);
  if (!catalog) {
    catalog = new DashboardCatalog();
    catalogs.set(root, catalog);
  }
  return catalog;
}
