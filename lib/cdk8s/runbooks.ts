import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { RunbooksDefinition, RunbooksProps } from '../incidents/runbooks';
import { childPath } from './path';

/** The Runbooks of each app, so the runbook check of every alert source finds their pages without walking the tree. */
const byApp = new WeakMap<Construct, Set<Runbooks>>();

/** Every page the Runbooks of the app that holds `scope` render. */
export function runbookPagesIn(scope: Construct): Set<string> {
  return new Set([...(byApp.get(scope.node.root) ?? [])].flatMap((r) => [...r.definition.pages.keys()]));
}

/**
 * The runbooks of some alert sources: generated SLO burn-rate runbooks, written runbooks at the pages their
 * alerts link, postmortem templates. `definition.files()` are the Markdown files to publish at the runbook
 * base URL; `configMap: true` also puts them in a ConfigMap. Alert sources in the same app check at synth
 * that the pages their links point to are rendered here; the alerts of its rule-set sources (ChaosSchedule,
 * ErrorBudgetPolicy, CapacityPlan...) are checked here at synth: each paging one links a runbook or is
 * acknowledged in `acknowledgeNoRunbook`.
 */
export class Runbooks extends Construct {
  /** The checked runbooks, every page rendered. */
  public readonly definition: RunbooksDefinition;
  /** The ConfigMap, when asked for. */
  public readonly configMap?: ApiObject;

  constructor(scope: Construct, id: string, props: RunbooksProps) {
    const definition = RunbooksDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    const configMap = definition.configMap();
    if (configMap) this.configMap = new ApiObject(this, 'ConfigMap', configMap);
    const registered = byApp.get(this.node.root) ?? new Set<Runbooks>();
    byApp.set(this.node.root, registered.add(this));
    // SloService, ServiceMonitoring and ResourceAlerts check their own alerts; rule-set sources are checked here.
    this.node.addValidation({ validate: () => definition.coverageProblems(runbookPagesIn(this), ['rule']) });
  }
}
