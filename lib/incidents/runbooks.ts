import { optionalAcknowledgement, sloRunbookPage } from '../alerting/runbook-links';
import { Duration, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { ConfigMapManifest, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { mdDocument, mdHeading, mdList, mdText } from '../common/markdown';
import { requireDnsLabel } from '../common/names';
import { BurnRateAlertsDefinition } from '../alerting/burn-rate-alerts-definition';
import { SloServiceDefinition } from '../slo/slo-service';
import { AlertSource, AlertSourceLike, EmittedAlert, EmittedAlertKind, emittedAlerts, toAlertSource } from './emitted-alerts';
import { PostmortemTemplateDefinition } from './postmortem';
import { RunbookDefinition, RunbookProps } from './runbook';
import { sloRunbookMarkdown } from './slo-runbook';

/** Delivery of the runbooks as a ConfigMap (one key a page), for tools that read them in the cluster. */
export interface RunbookConfigMapProps {
  /**
   * Metadata of the ConfigMap.
   * @default - named "<name>-runbooks"
   */
  readonly metadata?: ManifestMetadataProps;
}

/**
 * The runbooks of some alert sources: a burn-rate runbook generated for every SLO whose alerts link one under
 * a runbook base URL, the runbooks written for other alerts (placed where those alerts' links point), and a
 * postmortem template per service. Rendered as Markdown files (`files()`, written to `dist/runbooks/` by the
 * example) and optionally as a ConfigMap.
 */
export interface RunbooksProps {
  /** Name (DNS label): names the ConfigMap. */
  readonly name: string;
  /**
   * The alert sources the runbooks are for: SloService, BurnRateAlerts, ServiceMonitoring, ResourceAlerts, and
   * any other rule set (ChaosSchedule, ErrorBudgetPolicy, CapacityPlan, Autoscaling, LogPolicy...), whose alerts
   * are read from the rules it renders (runbook link from `runbook_url`). SloService and BurnRateAlerts sources
   * get generated SLO runbooks and a postmortem template.
   * @default - none
   */
  readonly sources?: readonly AlertSourceLike[];
  /**
   * Paging alerts of rule-set sources that need no runbook, by alert name, each with the reason (an SloService,
   * ServiceMonitoring or ResourceAlerts acknowledges its own with `acknowledgeNoRunbook`).
   * @default - none: every paging alert of a rule-set source links its runbook
   * @example { ChaosAbortConditionMet: 'the experiment card says how to stop the run' }
   */
  readonly acknowledgeNoRunbook?: Readonly<Record<string, string>>;
  /**
   * Runbooks written for alerts (`alerts: ['HighErrorRate']`) or on their own, as props or as read with
   * `RunbookDefinition.fromYaml`.
   * @default - none
   */
  readonly runbooks?: ReadonlyArray<RunbookProps | RunbookDefinition>;
  /**
   * What the generated SLO runbooks say about escalation (match the routing's).
   * @default - after 30 minutes, to "the senior on-call rotation"
   */
  readonly escalation?: { readonly after?: Duration; readonly to?: string };
  /**
   * A postmortem template per service of the SLO sources (`<service>/postmortem.md`).
   * @default true
   */
  readonly postmortems?: boolean;
  /**
   * Also deliver the pages as a ConfigMap.
   * @default - no ConfigMap
   */
  readonly configMap?: RunbookConfigMapProps | boolean;
}

/** ConfigMaps hold at most 1 MiB. */
const MAX_CONFIGMAP_BYTES = 1024 * 1024;

/** A checked collection of runbooks, with every page rendered. */
export class RunbooksDefinition {
  /** Checks the props and renders every page. Throws a SpecError naming `path` at the first problem. */
  public static create(props: RunbooksProps, path?: string): RunbooksDefinition {
    return new RunbooksDefinition(props, path ?? String(props?.name ?? 'Runbooks'));
  }

  /** Name. */
  public readonly name: string;
  /** Every page: its path under the runbook base (`user-authentication/slo-availability.md`) to its Markdown, sorted by path. */
  public readonly pages: ReadonlyMap<string, string>;
  /** The alerts of the sources. */
  public readonly alerts: readonly EmittedAlert[];
  /** Construct path. */
  public readonly path: string;

  private readonly configMapMetadata?: ConfigMapManifest['metadata'];

  private constructor(props: RunbooksProps, path: string) {
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not a Runbooks spec', 'Give { name, sources, runbooks }.');
    this.path = path;
    this.name = requireDnsLabel(at, 'name', props.name);
    const sources = (props.sources ?? []).map(toAlertSource);
    this.alerts = acknowledge(at, sources.flatMap((s) => emittedAlerts(s)), props.acknowledgeNoRunbook);
    const eat = at.at('escalation');
    const escalateAfter = props.escalation?.after === undefined ? Duration.minutes(30) : requirePositiveDuration(eat, 'after', props.escalation.after);
    const escalateTo = props.escalation?.to ?? 'the senior on-call rotation';
    if (typeof escalateTo !== 'string' || escalateTo.trim() === '') eat.fail('to', escalateTo, 'is empty', 'Name the rotation escalated to.');

    const pages = new Map<string, { markdown: () => string; what: string }>();
    const place = (page: string, what: string, markdown: () => string, where: SpecPath, field: string) => {
      const taken = pages.get(page);
      if (taken) where.fail(field, page, `is already the page of ${taken.what}`, 'Give each alert one runbook: drop one of them, or give one of the alerts its own runbookUrl.');
      pages.set(page, { markdown, what });
    };

    const services = new Map<string, SloServiceDefinition>();
    for (const s of sources) {
      const service = s instanceof SloServiceDefinition ? s : s instanceof BurnRateAlertsDefinition ? s.service : undefined;
      if (service) services.set(service.service, service);
    }
    const postmortems = props.postmortems ?? true;
    const postmortemPage = (service: string) => `${service}/postmortem.md`;
    if (postmortems) {
      for (const service of services.values()) {
        place(postmortemPage(service.service), `the postmortem template of ${service.service}`, () => PostmortemTemplateDefinition.create(service).markdown(), at, 'postmortems');
      }
    }
    const postmortemLinkFor = (page: string) => {
      const folder = page.includes('/') ? page.slice(0, page.lastIndexOf('/')) : '';
      return postmortems && services.has(folder) ? 'postmortem.md' : undefined;
    };

    // Generated SLO runbooks, where an SLO's alerts link one under a base URL.
    const seenSlo = new Set<string>();
    for (const alert of this.alerts) {
      const slo = alert.slo;
      if (!slo || !alert.runbook.page || alert.runbook.page !== sloRunbookPage(slo.service, slo.name) || seenSlo.has(alert.runbook.page)) continue;
      seenSlo.add(alert.runbook.page);
      const alerting = slo.alerting ?? findAlerting(sources, slo.service, slo.name);
      if (!alerting) continue;
      const page = alert.runbook.page;
      place(page, `the generated runbook of SLO ${slo.service}/${slo.name}`, () => sloRunbookMarkdown(slo, alerting, { escalateAfter, escalateTo, postmortemLink: postmortemLinkFor(page) }), at, 'sources');
    }

    // Written runbooks, at the pages their alerts link.
    (props.runbooks ?? []).forEach((r, i) => {
      const rat = at.at('runbooks', String(i));
      const runbook = r instanceof RunbookDefinition ? r : RunbookDefinition.create(r, `${path}/runbooks[${i}]`);
      const targets: string[] = [];
      for (const alertName of runbook.alerts) {
        const matching = this.alerts.filter((a) => a.alertName === alertName);
        if (matching.length === 0) {
          rat.fail('alerts', alertName, 'is not an alert of the sources', this.alerts.length ? `Choose from ${[...new Set(this.alerts.map((a) => a.alertName))].sort().join(', ')}, or add its source to sources.` : 'Add the alert\'s source to sources.');
        }
        for (const a of matching) {
          if (a.sev.isMoreSevereThan(runbook.sev)) {
            rat.fail('sev', runbook.sev.name, `understates alert ${a.alertName} of ${a.origin}, which is ${a.sev.name}`, `Give the runbook ${a.sev.name}, or lower the alert's sev.`);
          }
          if (a.runbook.page) targets.push(a.runbook.page);
        }
      }
      const own = [...new Set(targets)];
      for (const page of own.length ? own : [`${runbook.slug}.md`]) {
        place(page, `runbook "${runbook.name}"`, () => runbook.markdown(postmortemLinkFor(page)), rat, 'alerts');
      }
    });

    const rendered = new Map([...pages.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([page, p]) => [page, p.markdown()]));
    if (rendered.size > 0) rendered.set('README.md', index(this.name, pages));
    this.pages = new Map([...rendered.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

    if (props.configMap) {
      const cm = props.configMap === true ? {} : props.configMap;
      this.configMapMetadata = defineMetadata(at.at('configMap'), cm.metadata, `${this.name}-runbooks`);
      const bytes = [...this.pages.values()].reduce((n, md) => n + Buffer.byteLength(md, 'utf8'), 0);
      if (bytes > MAX_CONFIGMAP_BYTES) {
        at.fail('configMap', `${bytes} bytes`, 'is more than a ConfigMap holds (1 MiB)', 'Split the sources over several Runbooks, or publish the files without a ConfigMap.');
      }
    }
  }

  /** The pages as files: path to Markdown. Write them under `dist/runbooks/` and publish that folder at the runbook base URL. */
  public files(): Record<string, string> {
    return Object.fromEntries(this.pages);
  }

  /** The ConfigMap of the pages (keys are the paths with "/" as "_"), when asked for. */
  public configMap(): ConfigMapManifest | undefined {
    if (!this.configMapMetadata) return undefined;
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: this.configMapMetadata,
      data: Object.fromEntries([...this.pages].map(([page, md]) => [page.replace(/\//g, '_'), md])),
    };
  }

  /**
   * Why alerts of the sources lack a runbook (see {@link runbookCoverageProblems}), given the runbook pages
   * that exist (by default this collection's) and, optionally, only for some kinds of alert (the cdk8s door
   * checks the rule-set sources here; the other sources check themselves).
   */
  public coverageProblems(pages: ReadonlySet<string> = new Set(this.pages.keys()), kinds?: readonly EmittedAlertKind[]): string[] {
    return runbookCoverageProblems(kinds ? this.alerts.filter((a) => kinds.includes(a.kind)) : this.alerts, pages);
  }
}

/** The alerts with the collection's acknowledgements applied; each acknowledgement must name a paging alert of a rule-set source that has no runbook. */
function acknowledge(at: SpecPath, alerts: readonly EmittedAlert[], acks: Readonly<Record<string, string>> | undefined): EmittedAlert[] {
  if (acks === undefined) return [...alerts];
  if (acks === null || typeof acks !== 'object' || Array.isArray(acks)) {
    return at.fail('acknowledgeNoRunbook', acks, 'is not a map of alert names to reasons', 'Give { AlertName: "why it needs no runbook" }.');
  }
  const reasons = new Map<string, string>();
  for (const name of Object.keys(acks).sort()) {
    const matching = alerts.filter((a) => a.alertName === name);
    const where = `acknowledgeNoRunbook.${name}`;
    if (matching.length === 0) {
      at.fail(where, name, 'is not an alert of the sources', `Choose from ${[...new Set(alerts.map((a) => a.alertName))].sort().join(', ') || 'none (add the alert\'s source to sources)'}.`);
    }
    const typed = matching.find((a) => a.kind !== 'rule');
    if (typed) at.fail(where, name, `is an alert of ${typed.origin}, which acknowledges its own`, 'Set acknowledgeNoRunbook on that SloService, ServiceMonitoring or ResourceAlerts.');
    const linked = matching.find((a) => a.runbook.url !== undefined);
    if (linked) at.fail(where, name, `links its runbook (${linked.runbook.url})`, 'Remove the acknowledgement: it has a runbook.');
    reasons.set(name, optionalAcknowledgement(at, where, acks[name])!);
  }
  return alerts.map((a) => (reasons.has(a.alertName) ? { ...a, runbook: { acknowledged: reasons.get(a.alertName)! } } : a));
}

function findAlerting(sources: readonly AlertSource[], service: string, slo: string) {
  for (const s of sources) {
    if (s instanceof BurnRateAlertsDefinition && s.service.service === service) {
      const found = s.alerts.find((a) => a.slo.name === slo);
      if (found) return found.alerting;
    }
  }
  return undefined;
}

function index(name: string, pages: ReadonlyMap<string, { what: string }>): string {
  return mdDocument([
    mdHeading(1, `Runbooks: ${name}`),
    mdText('Generated by sre-constructs; edit the code that declares them, not these files.'),
    mdList([...pages.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([page, p]) => `[${mdText(page)}](${page}): ${mdText(p.what)}`)),
  ]);
}

/**
 * Why alerts lack a runbook, given the runbook pages that exist (`pages`, paths under the base): a paging
 * alert with no link and no acknowledgement, or any alert whose link was built from a base URL but whose page
 * nothing renders. An explicit `runbookUrl` is trusted as written.
 */
export function runbookCoverageProblems(alerts: readonly EmittedAlert[], pages: ReadonlySet<string>): string[] {
  const problems = new Set<string>();
  for (const a of alerts) {
    const what = `${a.origin}: alert ${a.alertName} (${a.sev.name}${a.sev.pages ? ', pages' : ''})`;
    if (a.runbook.page !== undefined && !pages.has(a.runbook.page)) {
      problems.add(
        `${what} links ${a.runbook.url}, but no Runbooks renders ${a.runbook.page}. ` +
          (a.slo ? 'Give its SloService to a Runbooks as a source (its SLO runbook is generated)' : `Add a runbook with alerts: ["${a.alertName}"] to a Runbooks that has this source`) +
          ', or set runbookUrl to where its runbook is.',
      );
    } else if (a.sev.pages && a.runbook.url === undefined && a.runbook.acknowledged === undefined) {
      problems.add(
        a.kind === 'rule'
          ? `${what} has no runbook. Give ${a.origin} a runbookUrl, or acknowledge it in the Runbooks that has this source: acknowledgeNoRunbook: { ${a.alertName}: "<reason>" }.`
          : `${what} has no runbook. Set runbookBaseUrl (and render its runbooks with a Runbooks) or runbookUrl, or acknowledge it with acknowledgeNoRunbook: "<reason>".`,
      );
    }
  }
  return [...problems];
}
