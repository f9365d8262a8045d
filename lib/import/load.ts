import type { Duration } from '../common/duration';
import type { SloServiceProps } from '../slo/slo-service';
import { ReadSpecOptions, SpecDocument, readSpecDocuments } from './documents';
import { NATIVE_API_VERSION, isNativeDocument, nativeServiceProps } from './native';
import { OPENSLO_VERSIONS, isOpenSloDocument, openSloServices } from './openslo';
import { SLOTH_K8S_V1, SLOTH_PROMETHEUS_V1, defaultWarning, isSlothAlertWindows, isSlothDocument, slothAlertWindows, slothServiceProps } from './sloth';

/** Options for {@link loadSloSpecs}. */
export interface LoadSloSpecsOptions extends ReadSpecOptions {
  /**
   * Period of SLOs whose spec gives none (Sloth specs never do).
   * @default Duration.days(30)
   */
  readonly defaultWindow?: Duration;
  /**
   * Sloth `AlertWindows` specs, as YAML text.
   * @default - none
   */
  readonly alertWindows?: readonly string[];
  /**
   * `for` of alerts imported from Sloth specs (Sloth's own alerts have none).
   * @default Duration.millis(0)
   */
  readonly alertFor?: Duration;
  /**
   * Receives import warnings.
   * @default - `process.emitWarning`
   */
  readonly onWarning?: (message: string) => void;
}

/** Which form a service came from. */
export type SpecFormat = 'sre-constructs' | 'sloth' | 'openslo';

/** A service read from a spec file. */
export interface LoadedService {
  /** The props, ready for `SloService` or `SloServiceDefinition.create`. */
  readonly props: SloServiceProps;
  /** The form it was written in. */
  readonly format: SpecFormat;
  /** Where it came from, for errors: `checkout.yaml (document 2)`. */
  readonly path: string;
}

/**
 * Reads a spec file in any supported form, told apart document by document: this library's own
 * (`apiVersion: sre-constructs/v1`), Sloth (`version: prometheus/v1` or `apiVersion: sloth.slok.dev/v1`)
 * and OpenSLO (`apiVersion: openslo/v1` or `openslo/v1alpha`). A service defined twice is an error.
 */
export function loadSloSpecs(text: string, options: LoadSloSpecsOptions = {}): LoadedService[] {
  const docs = readSpecDocuments(text, options);
  for (const doc of docs) {
    if (!isNativeDocument(doc) && !isSlothDocument(doc) && !isOpenSloDocument(doc)) unknownDocument(doc);
  }
  const windows = [
    ...(options.alertWindows ?? []).flatMap((t, i) => readSpecDocuments(t, { file: `alert windows ${i + 1}` })),
    ...docs.filter(isSlothAlertWindows),
  ].map(slothAlertWindows);
  const loaded: LoadedService[] = [];
  for (const doc of docs) {
    if (isNativeDocument(doc)) loaded.push({ props: nativeServiceProps(doc), format: 'sre-constructs', path: doc.at.path });
    else if (isSlothDocument(doc) && !isSlothAlertWindows(doc)) {
      loaded.push({ props: slothServiceProps(doc, { ...options, windows }), format: 'sloth', path: doc.at.path });
    }
  }
  const openslo = docs.filter(isOpenSloDocument);
  if (openslo.length > 0) {
    const sloDocs = openslo.filter((d) => d.value.kind === 'SLO');
    for (const props of openSloServices(openslo, { ...options, onWarning: options.onWarning ?? defaultWarning })) {
      const from = sloDocs.filter((d) => (d.value.spec as { service?: unknown } | undefined)?.service === props.service).map((d) => d.position);
      loaded.push({ props, format: 'openslo', path: `${docs[0].file} (document${from.length > 1 ? 's' : ''} ${from.join(', ')})` });
    }
  }
  if (loaded.length === 0) {
    docs[0].at.fail('kind', docs[0].value.kind, 'defines no service (the file holds only alert windows)', 'Add a service spec.');
  }
  const seen = new Map<string, string>();
  for (const s of loaded) {
    const other = seen.get(s.props.service);
    if (other) {
      docs[0].at.fail('service', s.props.service, `is defined twice, in ${other} and in ${s.path}`, 'Define every service once per file (their rule groups would clash).');
    }
    seen.set(s.props.service, s.path);
  }
  return loaded;
}

function unknownDocument(doc: SpecDocument): never {
  const v = doc.value;
  const said = v.apiVersion ?? v.version;
  return doc.at.fail(
    v.apiVersion !== undefined ? 'apiVersion' : 'version',
    said,
    said === undefined ? 'is missing, so the form of this document is unknown' : 'is not a spec version this tool reads',
    `Use apiVersion: ${NATIVE_API_VERSION} (kind: SloService), version: "${SLOTH_PROMETHEUS_V1}", apiVersion: ${SLOTH_K8S_V1} (kind: PrometheusServiceLevel) or apiVersion: ${OPENSLO_VERSIONS.join(' | ')}.`,
  );
}
