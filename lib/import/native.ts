import type { AbsentDataAlertProps, BurnRateAlertingProps } from '../alerting/burn-rate-alerts';
import type { BurnRateTier } from '../alerting/burn-rate-tiers';
import { Severity, requireSeverity } from '../alerting/severity';
import type { Duration } from '../common/duration';
import type { ManifestMetadataProps } from '../common/manifest';
import { Objective } from '../slo/objective';
import { HistogramUnit, Sli, SliSpec } from '../slo/sli';
import type { PartialResponseStrategy, RuleGroupLayout, SloProps, SloRuleGroupsProps, SloServiceProps, WindowDerivation } from '../slo/slo-service';
import { Fields, ReadSpecOptions, SpecDocument, readSpecDocuments } from './documents';

/** The apiVersion of this library's own YAML form. */
export const NATIVE_API_VERSION = 'sre-constructs/v1';

/** True for a document in this library's own YAML form. */
export function isNativeDocument(doc: SpecDocument): boolean {
  return doc.value.apiVersion === NATIVE_API_VERSION;
}

/**
 * Reads this library's own YAML form: `apiVersion: sre-constructs/v1`, `kind: SloService`, and a `spec`
 * that mirrors {@link SloServiceProps} with durations written as Prometheus durations (`30d`, `5m`),
 * objectives as percentages and SEVs by name (`SEV2`). Every prop of the service has a field of the same name
 * (`windowDerivation: raw`, `scrapeInterval: 30s`, `ruleGroups: { layout: by-speed, slowInterval: 5m }`, the
 * runbook and severity fields of `alerting` and its tiers). Unknown fields are errors, so typos never pass
 * silently; values are checked as the TypeScript props are.
 *
 * @example
 * apiVersion: sre-constructs/v1
 * kind: SloService
 * spec:
 *   service: checkout
 *   slos:
 *     - name: availability
 *       objective: 99.9
 *       sli:
 *         availability:
 *           requests: http_requests_total{job="checkout"}
 */
export function fromNativeYaml(text: string, options: ReadSpecOptions = {}): SloServiceProps[] {
  return readSpecDocuments(text, options).map(nativeServiceProps);
}

/** Maps one document of the native form. */
export function nativeServiceProps(doc: SpecDocument): SloServiceProps {
  const root = new Fields(doc.at, doc.value);
  strict(root, ['apiVersion', 'kind', 'metadata', 'spec']);
  if (root.string('kind', true) !== 'SloService') {
    root.at.fail('kind', root.value.kind, `is not a ${NATIVE_API_VERSION} kind`, 'Use kind: SloService.');
  }
  const spec = root.map('spec', true)!;
  strict(spec, ['service', 'labels', 'window', 'alerting', 'extraWindows', 'evaluationInterval', 'windowDerivation', 'scrapeInterval', 'ruleGroups', 'slos']);
  const metadata = root.map('metadata');
  return {
    service: spec.string('service', true)!,
    ...opt('labels', spec.strings('labels')),
    ...opt('window', spec.duration('window')),
    ...opt('alerting', alerting(spec)),
    ...opt('extraWindows', durations(spec, 'extraWindows')),
    ...opt('evaluationInterval', spec.duration('evaluationInterval')),
    ...opt('windowDerivation', oneOf(spec, 'windowDerivation', ['raw', 'recorded'] as const) as WindowDerivation | undefined),
    ...opt('scrapeInterval', spec.duration('scrapeInterval')),
    ...opt('ruleGroups', ruleGroups(spec.map('ruleGroups'))),
    ...opt('metadata', metadata ? manifestMetadata(metadata) : undefined),
    slos: (spec.list('slos', true) ?? []).map((item, i) => slo(mapping(spec, 'slos', i, item))),
  };
}

function ruleGroups(f: Fields | undefined): SloRuleGroupsProps | undefined {
  if (!f) return undefined;
  strict(f, ['layout', 'slowInterval', 'partialResponseStrategy', 'maxRulesPerGroup']);
  return {
    ...opt('layout', oneOf(f, 'layout', ['by-kind', 'by-speed'] as const) as RuleGroupLayout | undefined),
    ...opt('slowInterval', f.duration('slowInterval')),
    ...opt('partialResponseStrategy', oneOf(f, 'partialResponseStrategy', ['abort', 'warn'] as const) as PartialResponseStrategy | undefined),
    ...opt('maxRulesPerGroup', f.number('maxRulesPerGroup')),
  };
}

/** A string field that must be one of `allowed`. */
function oneOf(f: Fields, key: string, allowed: readonly string[]): string | undefined {
  const value = f.string(key);
  if (value !== undefined && !allowed.includes(value)) f.at.fail(key, value, 'is not one of the accepted values', `Use ${allowed.join(' or ')}.`);
  return value;
}

function durations(f: Fields, key: string): Duration[] | undefined {
  const list = f.list(key);
  if (!list) return undefined;
  const items = new Fields(f.at, Object.fromEntries(list.map((v, i) => [`${key}[${i}]`, v])));
  return list.map((_, i) => items.duration(`${key}[${i}]`, true)!);
}

function mapping(parent: Fields, field: string, index: number, item: unknown): Fields {
  const name = item && typeof item === 'object' && 'name' in item ? String((item as { name: unknown }).name) : String(index);
  const at = parent.at.at(field, name);
  if (item === null || typeof item !== 'object' || Array.isArray(item)) at.fail(undefined, item, 'is not a mapping', 'Write it as key: value pairs.');
  return new Fields(at, item as Record<string, unknown>);
}

function manifestMetadata(m: Fields): ManifestMetadataProps {
  strict(m, ['name', 'namespace', 'labels', 'annotations']);
  return { ...opt('name', m.string('name')), ...opt('namespace', m.string('namespace')), ...opt('labels', m.strings('labels')), ...opt('annotations', m.strings('annotations')) };
}

function slo(f: Fields): SloProps {
  strict(f, ['name', 'description', 'objective', 'sli', 'window', 'alerting', 'labels', 'runbookUrl', 'dashboardUrl']);
  return {
    name: f.string('name', true)!,
    ...opt('description', f.string('description')),
    objective: Objective.percent(f.number('objective', true)!),
    sli: sli(f.map('sli', true)!),
    ...opt('window', f.duration('window')),
    ...opt('alerting', alerting(f)),
    ...opt('labels', f.strings('labels')),
    ...opt('runbookUrl', f.string('runbookUrl')),
    ...opt('dashboardUrl', f.string('dashboardUrl')),
  };
}

const SLI_KINDS = ['availability', 'events', 'latency', 'nativeLatency', 'errorRatio', 'boolGauge'] as const;

function sli(f: Fields): SliSpec {
  strict(f, SLI_KINDS);
  const kinds = SLI_KINDS.filter((k) => f.value[k] !== undefined);
  if (kinds.length !== 1) {
    f.at.fail(undefined, kinds, kinds.length === 0 ? 'names no SLI kind' : 'names more than one SLI kind', `Give exactly one of ${SLI_KINDS.join(', ')}.`);
  }
  const k = kinds[0];
  const s = f.map(k, true)!;
  switch (k) {
    case 'availability':
      strict(s, ['requests', 'statusLabel', 'errorStatus']);
      return Sli.availability({ requests: s.string('requests', true)!, ...opt('statusLabel', s.string('statusLabel')), ...opt('errorStatus', s.string('errorStatus')) });
    case 'events':
      strict(s, ['errors', 'good', 'total']);
      return Sli.events({ ...opt('errors', s.string('errors')), ...opt('good', s.string('good')), total: s.string('total', true)! });
    case 'latency':
    case 'nativeLatency': {
      strict(s, ['histogram', 'threshold', 'unit']);
      const props = { histogram: s.string('histogram', true)!, threshold: s.duration('threshold', true)!, ...opt('unit', s.string('unit') as HistogramUnit | undefined) };
      return k === 'latency' ? Sli.latency(props) : Sli.nativeLatency(props);
    }
    case 'errorRatio':
      strict(s, ['query']);
      return Sli.errorRatio({ query: s.string('query', true)! });
    case 'boolGauge':
      strict(s, ['gauge']);
      return Sli.boolGauge({ gauge: s.string('gauge', true)! });
  }
}

function alerting(parent: Fields): BurnRateAlertingProps | false | undefined {
  if (parent.value.alerting === false) return false;
  const a = parent.map('alerting');
  if (!a) return undefined;
  strict(a, ['tiers', 'alertName', 'labels', 'annotations', 'runbookUrl', 'runbookBaseUrl', 'acknowledgeNoRunbook', 'dashboardUrl', 'absentDataAlert']);
  const tiersMap = a.map('tiers');
  let tiers: Record<string, BurnRateTier | false> | undefined;
  if (tiersMap) {
    tiers = {};
    for (const key of Object.keys(tiersMap.value)) {
      if (tiersMap.value[key] === false) {
        tiers[key] = false;
        continue;
      }
      const t = tiersMap.map(key, true)!;
      strict(t, ['longWindow', 'shortWindow', 'factor', 'budgetPercent', 'sev', 'page', 'severity', 'for', 'keepFiringFor', 'labels', 'annotations']);
      tiers[key] = {
        longWindow: t.duration('longWindow', true)!,
        ...opt('shortWindow', t.duration('shortWindow')),
        ...opt('factor', t.number('factor')),
        ...opt('budgetPercent', t.number('budgetPercent')),
        ...opt('sev', sev(t)),
        ...opt('page', t.boolean('page')),
        ...opt('severity', t.string('severity')),
        ...opt('for', t.duration('for')),
        ...opt('keepFiringFor', t.duration('keepFiringFor')),
        ...opt('labels', t.strings('labels')),
        ...opt('annotations', t.strings('annotations')),
      };
    }
  }
  let absentDataAlert: boolean | AbsentDataAlertProps | undefined;
  if (typeof a.value.absentDataAlert === 'boolean') absentDataAlert = a.value.absentDataAlert;
  else if (a.value.absentDataAlert !== undefined) {
    const b = a.map('absentDataAlert', true)!;
    strict(b, ['alertName', 'for', 'sev', 'severity']);
    absentDataAlert = { ...opt('alertName', b.string('alertName')), ...opt('for', b.duration('for')), ...opt('sev', sev(b)), ...opt('severity', b.string('severity')) };
  }
  return {
    ...opt('tiers', tiers),
    ...opt('alertName', a.string('alertName')),
    ...opt('labels', a.strings('labels')),
    ...opt('annotations', a.strings('annotations')),
    ...opt('runbookUrl', a.string('runbookUrl')),
    ...opt('runbookBaseUrl', a.string('runbookBaseUrl')),
    ...opt('acknowledgeNoRunbook', a.string('acknowledgeNoRunbook')),
    ...opt('dashboardUrl', a.string('dashboardUrl')),
    ...opt('absentDataAlert', absentDataAlert),
  };
}

/** A `sev` field ("SEV2"), as a Severity. */
function sev(f: Fields): Severity | undefined {
  const value = f.string('sev');
  return value === undefined ? undefined : requireSeverity(f.at, 'sev', value);
}

/** Refuses unknown keys, suggesting the known key it most resembles. */
function strict(f: Fields, known: readonly string[]): void {
  for (const key of f.unknownKeys(known)) {
    const simple = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
    const near = known.find((k) => simple(k) === simple(key));
    f.at.fail(key, key, 'is not a field of this form', near ? `Did you mean ${near}?` : `Known fields: ${known.join(', ')}.`);
  }
}

/** `{ key: value }` when value is defined, else `{}`: keeps absent props absent. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
