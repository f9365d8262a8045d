import type { BurnRateAlertingProps } from '../alerting/burn-rate-alerts';
import { BurnRateTier, BurnRateTiers } from '../alerting/burn-rate-tiers';
import { Duration } from '../common/duration';
import { isDnsLabel, toDnsLabel } from '../common/names';
import { hasWindowPlaceholder } from '../common/promql';
import { Objective } from '../slo/objective';
import { Sli, SliSpec } from '../slo/sli';
import type { SloProps, SloServiceProps } from '../slo/slo-service';
import { Fields, ReadSpecOptions, SpecDocument, readSpecDocuments } from './documents';

/** Options for importing Sloth specs. */
export interface SlothImportOptions extends ReadSpecOptions {
  /**
   * SLO period of every SLO (Sloth's `--default-slo-period`): Sloth specs carry none of their own.
   * @default Duration.days(30)
   */
  readonly defaultWindow?: Duration;
  /**
   * Sloth `AlertWindows` specs (Sloth's `--slo-period-windows-path`), as YAML text. The one whose
   * `sloPeriod` matches an SLO's period sets its tiers; AlertWindows documents inside the spec file
   * count too.
   * @default - the SRE Workbook's tiers, which are Sloth's built-in google-30d and google-28d windows
   */
  readonly alertWindows?: readonly string[];
  /**
   * `for` of every imported alert. Sloth's alerts fire on the first evaluation that breaches both windows,
   * and so do imported ones unless this says otherwise.
   * @default Duration.millis(0)
   */
  readonly alertFor?: Duration;
  /**
   * Receives what Sloth ignores silently and this import ignores too (unknown fields), and names that
   * had to change.
   * @default - `process.emitWarning`
   */
  readonly onWarning?: (message: string) => void;
}

/** The version string of Sloth's plain spec. */
export const SLOTH_PROMETHEUS_V1 = 'prometheus/v1';
/** The API version of Sloth's Kubernetes kinds. */
export const SLOTH_K8S_V1 = 'sloth.slok.dev/v1';

/**
 * Reads Sloth specs (`prometheus/v1` files and `sloth.slok.dev/v1` `PrometheusServiceLevel` objects,
 * one or many per file) and returns one {@link SloServiceProps} per service, ready for `SloService` in
 * cdk8s or Pulumi or for `SloServiceDefinition.create`.
 *
 * Alerts keep Sloth's windows and factors (page: 2% in 1h and 5% in 6h; ticket: 10% in 1d and 10% in
 * 3d, or the matching `AlertWindows`), alert name, labels and annotations; page and ticket alerts also
 * carry `sloth_severity`, so existing Alertmanager routes keep matching.
 *
 * @example
 * const [checkout] = fromSloth(readFileSync('checkout.sloth.yaml', 'utf8'), { file: 'checkout.sloth.yaml' });
 */
export function fromSloth(text: string, options: SlothImportOptions = {}): SloServiceProps[] {
  const docs = readSpecDocuments(text, options);
  const windows = [
    ...(options.alertWindows ?? []).flatMap((t, i) => readSpecDocuments(t, { file: `alert windows ${i + 1}` })),
    ...docs.filter(isSlothAlertWindows),
  ].map(slothAlertWindows);
  const services = docs.filter((d) => !isSlothAlertWindows(d)).map((doc) => slothServiceProps(doc, { ...options, windows }));
  if (services.length === 0) {
    docs[0].at.fail('kind', 'AlertWindows', 'holds only alert windows', 'Give at least one prometheus/v1 spec or PrometheusServiceLevel.');
  }
  return services;
}

/** True for a document this importer reads. */
export function isSlothDocument(doc: SpecDocument): boolean {
  return doc.value.version === SLOTH_PROMETHEUS_V1 || doc.value.apiVersion === SLOTH_K8S_V1;
}

/** True for a Sloth `AlertWindows` document. */
export function isSlothAlertWindows(doc: SpecDocument): boolean {
  return doc.value.apiVersion === SLOTH_K8S_V1 && doc.value.kind === 'AlertWindows';
}

/** Alert windows for one SLO period. */
export interface SlothWindows {
  /** The period they are for. */
  readonly period: Duration;
  /** Tiers, keyed as BurnRateTiers.sreWorkbook() keys them. */
  readonly tiers: Readonly<Record<string, BurnRateTier>>;
}

/** Reads a Sloth AlertWindows document into tiers. */
export function slothAlertWindows(doc: SpecDocument): SlothWindows {
  const root = new Fields(doc.at, doc.value);
  const spec = root.map('spec', true)!;
  const period = spec.duration('sloPeriod', true)!;
  const tiers: Record<string, BurnRateTier> = {};
  for (const [group, page] of [['page', true], ['ticket', false]] as const) {
    const g = spec.map(group, true)!;
    for (const [speed, key] of [['quick', 'fast'], ['slow', 'slow']] as const) {
      const w = g.map(speed, true)!;
      tiers[`${group}-${key}`] = {
        longWindow: w.duration('longWindow', true)!,
        shortWindow: w.duration('shortWindow', true)!,
        budgetPercent: w.number('errorBudgetPercent', true)!,
        page,
      };
    }
  }
  return { period, tiers };
}

/** Reads one Sloth service document. */
export function slothServiceProps(doc: SpecDocument, options: SlothImportOptions & { windows?: readonly SlothWindows[] } = {}): SloServiceProps {
  const warn = options.onWarning ?? defaultWarning;
  const root = new Fields(doc.at, doc.value);
  const k8s = doc.value.apiVersion === SLOTH_K8S_V1;
  if (!k8s && doc.value.version !== SLOTH_PROMETHEUS_V1) {
    doc.at.fail('version', doc.value.version ?? doc.value.apiVersion, 'is not a Sloth spec version', `Use version: "${SLOTH_PROMETHEUS_V1}" or apiVersion: ${SLOTH_K8S_V1} with kind: PrometheusServiceLevel.`);
  }
  if (k8s && doc.value.kind !== 'PrometheusServiceLevel') {
    doc.at.fail('kind', doc.value.kind, 'is not a Sloth kind this import reads', 'Use kind: PrometheusServiceLevel (or AlertWindows for windows).');
  }
  const spec = k8s ? root.map('spec', true)! : root;
  const style: KeyStyle = k8s ? 'camel' : 'snake';
  const topKeys = k8s ? ['service', 'labels', 'slos', 'sloPlugins'] : ['version', 'service', 'labels', 'slos', 'slo_plugins'];
  warnUnknown(spec, topKeys, warn);
  if (spec.value[k8s ? 'sloPlugins' : 'slo_plugins'] !== undefined) {
    spec.at.fail(k8s ? 'sloPlugins' : 'slo_plugins', pluginIds(spec.value[k8s ? 'sloPlugins' : 'slo_plugins']), 'are not supported: SLO plugins rewrite Sloth\'s own rule generation', 'Remove the plugin chain; this library generates its rules itself.');
  }
  const service = dnsName(spec, 'service', warn);
  const period = options.defaultWindow ?? Duration.days(30);
  const windows = options.windows?.find((w) => w.period.equals(period));
  const slos = (spec.list('slos', true) ?? []).map((item, i) => {
    const name = typeof item === 'object' && item && 'name' in item ? String((item as { name: unknown }).name) : String(i);
    const at = spec.at.at('slos', name);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) at.fail(undefined, item, 'is not a mapping', 'Each SLO is a mapping with name, objective, sli and alerting.');
    return slothSlo(new Fields(at, item as Record<string, unknown>), style, windows?.tiers ?? BurnRateTiers.sreWorkbook(), options.alertFor ?? Duration.millis(0), warn);
  });
  if (slos.length === 0) spec.at.fail('slos', [], 'is empty', 'Give at least one SLO.');
  const metadata = k8s ? root.map('metadata') : undefined;
  return {
    service,
    ...(spec.strings('labels') ? { labels: spec.strings('labels') } : {}),
    ...(period.equals(Duration.days(30)) ? {} : { window: period }),
    slos,
    ...(metadata
      ? {
          metadata: {
            ...(metadata.string('name') ? { name: metadata.string('name') } : {}),
            ...(metadata.string('namespace') ? { namespace: metadata.string('namespace') } : {}),
            ...(metadata.strings('labels') ? { labels: metadata.strings('labels') } : {}),
          },
        }
      : {}),
  };
}

type KeyStyle = 'snake' | 'camel';

const KEYS = {
  snake: { errorQuery: 'error_query', totalQuery: 'total_query', errorRatioQuery: 'error_ratio_query', pageAlert: 'page_alert', ticketAlert: 'ticket_alert' },
  camel: { errorQuery: 'errorQuery', totalQuery: 'totalQuery', errorRatioQuery: 'errorRatioQuery', pageAlert: 'pageAlert', ticketAlert: 'ticketAlert' },
} as const;

function slothSlo(f: Fields, style: KeyStyle, tiers: Readonly<Record<string, BurnRateTier>>, alertFor: Duration, warn: (m: string) => void): SloProps {
  const keys = KEYS[style];
  warnUnknown(f, ['name', 'objective', 'description', 'labels', 'sli', 'alerting', 'plugins'], warn);
  if (f.value.plugins !== undefined) {
    f.at.fail('plugins', pluginIds(f.value.plugins), 'are not supported: SLO plugins rewrite Sloth\'s own rule generation', 'Remove the plugin chain.');
  }
  const name = dnsName(f, 'name', warn);
  const objective = f.number('objective', true)!;
  const sli = slothSli(f.map('sli', true)!, keys, warn);
  const alerting = slothAlerting(f, keys, tiers, alertFor, warn);
  return {
    name,
    ...(f.string('description') ? { description: f.string('description') } : {}),
    objective: Objective.percent(objective),
    sli,
    ...(f.strings('labels') ? { labels: f.strings('labels') } : {}),
    alerting,
  };
}

function slothSli(sli: Fields, keys: (typeof KEYS)[KeyStyle], warn: (m: string) => void): SliSpec {
  warnUnknown(sli, ['events', 'raw', 'plugin'], warn);
  const kinds = ['events', 'raw', 'plugin'].filter((k) => sli.value[k] !== undefined);
  if (kinds.length !== 1) {
    sli.at.fail(undefined, kinds, kinds.length === 0 ? 'has no SLI' : 'has more than one SLI kind', 'Give exactly one of sli.events or sli.raw.');
  }
  if (kinds[0] === 'plugin') {
    const id = sli.map('plugin')?.string('id');
    sli.at.fail('plugin', id ?? 'plugin', 'is a Sloth SLI plugin, which is not supported: plugins are Go code that runs inside Sloth', 'Write the SLI as sli.events (error and total queries) or sli.raw (an error ratio query).');
  }
  if (kinds[0] === 'events') {
    const events = sli.map('events')!;
    warnUnknown(events, [keys.errorQuery, keys.totalQuery], warn);
    return Sli.events({ errors: windowQuery(events, keys.errorQuery), total: windowQuery(events, keys.totalQuery) });
  }
  const raw = sli.map('raw')!;
  warnUnknown(raw, [keys.errorRatioQuery], warn);
  return Sli.errorRatio({ query: windowQuery(raw, keys.errorRatioQuery) });
}

function windowQuery(f: Fields, key: string): string {
  const query = f.string(key, true)!;
  if (!hasWindowPlaceholder(query)) {
    f.at.fail(key, query, 'has no {{.window}} placeholder, which Sloth requires', 'Write the range of every rate as [{{.window}}].');
  }
  return query.trim();
}

function slothAlerting(
  slo: Fields,
  keys: (typeof KEYS)[KeyStyle],
  windowTiers: Readonly<Record<string, BurnRateTier>>,
  alertFor: Duration,
  warn: (m: string) => void,
): BurnRateAlertingProps | false {
  const alerting = slo.map('alerting') ?? new Fields(slo.at.at('alerting'), {});
  warnUnknown(alerting, ['name', 'labels', 'annotations', keys.pageAlert, keys.ticketAlert], warn);
  const page = alerting.map(keys.pageAlert);
  const ticket = alerting.map(keys.ticketAlert);
  const pageOn = page?.boolean('disable') !== true;
  const ticketOn = ticket?.boolean('disable') !== true;
  if (!pageOn && !ticketOn) return false;
  const name = alerting.string('name');
  if (!name) {
    alerting.at.fail('name', name ?? '', 'is missing; Sloth requires an alert name unless page and ticket alerts are both disabled', 'Give alerting.name, e.g. MyServiceHighErrorRate.');
  }
  const tiers: Record<string, BurnRateTier | false> = {};
  for (const [key, tier] of Object.entries(windowTiers)) {
    const isPage = key.startsWith('page');
    const meta = isPage ? page : ticket;
    if (!(isPage ? pageOn : ticketOn)) {
      tiers[key] = false;
      continue;
    }
    if (meta) warnUnknown(meta, ['disable', 'labels', 'annotations'], warn);
    const { severity, ...labels } = meta?.strings('labels') ?? {};
    tiers[key] = {
      ...tier,
      for: alertFor,
      ...(severity ? { severity } : {}),
      labels: { ...labels, sloth_severity: isPage ? 'page' : 'ticket' },
      ...(meta?.strings('annotations') ? { annotations: meta.strings('annotations') } : {}),
    };
  }
  return {
    alertName: name,
    tiers,
    ...(alerting.strings('labels') ? { labels: alerting.strings('labels') } : {}),
    ...(alerting.strings('annotations') ? { annotations: alerting.strings('annotations') } : {}),
  };
}

function pluginIds(plugins: unknown): string[] {
  const chain = (plugins as { chain?: unknown } | null)?.chain;
  return Array.isArray(chain) ? chain.map((p) => String((p as { id?: unknown } | null)?.id ?? '?')) : [];
}

/** A name that must be an RFC 1123 label here; other Sloth names are adapted, with a warning. */
function dnsName(f: Fields, key: string, warn: (m: string) => void): string {
  const name = f.string(key, true)!;
  if (isDnsLabel(name)) return name;
  const adapted = toDnsLabel(name);
  if (!adapted) return f.at.fail(key, name, 'cannot be made a valid name', 'Use lowercase letters, digits and "-".');
  warn(`${f.at.path}: ${f.at.field(key)} ${JSON.stringify(name)} is used as ${JSON.stringify(adapted)} (names here are RFC 1123 labels)`);
  return adapted;
}

function warnUnknown(f: Fields, known: readonly string[], warn: (m: string) => void): void {
  const simple = (s: string) => s.toLowerCase().replace(/_/g, '');
  for (const key of f.unknownKeys(known)) {
    const near = known.find((k) => simple(k) === simple(key));
    const hint = near ? ` (did you mean ${near}?)` : '';
    warn(`${f.at.path}: ${f.at.field(key)} is not a field Sloth reads here${hint}, so it is ignored, as Sloth ignores it`);
  }
}

/** Where warnings go when the caller does not say. */
export function defaultWarning(message: string): void {
  process.emitWarning(message, 'SloImportWarning');
}
