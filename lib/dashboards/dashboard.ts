import { SpecPath } from '../common/errors';
import type { ConfigMapManifest, KubernetesManifest, ManifestMetadata, ManifestMetadataProps } from '../common/manifest';
import { defineMetadata } from '../common/manifest';
import { isPrometheusLabelName } from '../common/names';
import { metricNamesIn } from '../common/promql';
import { DashboardDeliveryDefinition, DashboardDeliveryProps, MAX_DASHBOARD_BYTES, defineDelivery, deliveryManifest } from './delivery';
import type { DashboardModel } from './dashboard-model';
import { DashboardKind, dashboardUid } from './dashboard-uid';
import { asPromQL } from './grafana';

/** What every generated dashboard lets you set. */
export interface DashboardProps {
  /**
   * Title. Titles must be unique within a folder.
   * @default - named on each dashboard kind
   */
  readonly title?: string;
  /**
   * Dashboard uid (what `/d/<uid>` links use): at most 40 letters, digits, "-" and "_".
   * @default - derived from the kind and the service name, see dashboardUid()
   */
  readonly uid?: string;
  /**
   * Grafana folder.
   * @default - the General folder
   */
  readonly folder?: string;
  /**
   * Tags.
   * @default - "sre-constructs" and the kind
   */
  readonly tags?: readonly string[];
  /**
   * Label that tells clusters apart in your metrics (from external labels or a global view such as Thanos).
   * When set, the dashboard gets a `cluster` variable and every query filters on it.
   * @default - no cluster variable
   */
  readonly clusterLabel?: string;
  /**
   * How the dashboard reaches Grafana.
   * @default DashboardDelivery.configMap()
   */
  readonly delivery?: DashboardDeliveryProps;
  /**
   * Metadata of the ConfigMap or GrafanaDashboard.
   * @default - named "<name>-<kind>-dashboard"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** The parts a dashboard kind hands to {@link DashboardDefinition}. */
export interface DashboardParts {
  /** Kind. */
  readonly kind: DashboardKind;
  /** Settings checked by {@link defineDashboardSettings}. */
  readonly settings: DashboardSettings;
  /** The JSON model. */
  readonly model: DashboardModel;
  /** Every query, in panel order. */
  readonly queries: readonly string[];
  /** Metrics the queries read straight from exporters (everything else is recorded by this library). */
  readonly sourceMetrics: readonly string[];
  /** Construct path. */
  readonly path: string;
}

/** Checked common settings. */
export interface DashboardSettings {
  /** uid. */
  readonly uid: string;
  /** Title. */
  readonly title: string;
  /** Folder, when not General. */
  readonly folder?: string;
  /** Tags. */
  readonly tags: readonly string[];
  /** Cluster label, when set. */
  readonly clusterLabel?: string;
  /** Delivery. */
  readonly delivery: DashboardDeliveryDefinition;
  /** Metadata of the carrying object. */
  readonly metadata: ManifestMetadata;
}

/** Checks the common dashboard props. */
export function defineDashboardSettings(
  at: SpecPath,
  props: DashboardProps,
  defaults: { readonly kind: DashboardKind; readonly name: string; readonly title: string },
): DashboardSettings {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not a dashboard spec', 'Give an object, e.g. { folder: "SLOs" }.');
  }
  const title = props.title ?? defaults.title;
  if (typeof title !== 'string' || title.trim() === '' || title.length > 255) {
    at.fail('title', title, 'is not a dashboard title', 'Give a non-empty title of at most 255 characters.');
  }
  const uid = props.uid ?? dashboardUid(defaults.kind, defaults.name);
  if (typeof uid !== 'string' || !/^[a-zA-Z0-9_-]{1,40}$/.test(uid)) {
    at.fail('uid', uid, 'is not a dashboard uid', 'Give at most 40 letters, digits, "-" and "_" (Grafana and grafana-operator refuse anything else).');
  }
  if (props.folder !== undefined && (typeof props.folder !== 'string' || props.folder.trim() === '' || /[\\/]/.test(props.folder))) {
    at.fail('folder', props.folder, 'is not a folder name', 'Give a non-empty folder title without "/" or "\\", or leave it out for the General folder.');
  }
  const tags = props.tags ?? ['sre-constructs', defaults.kind];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || t === '')) {
    at.fail('tags', tags, 'is not a list of tags', 'Give non-empty strings.');
  }
  if (props.clusterLabel !== undefined && !isPrometheusLabelName(props.clusterLabel)) {
    at.fail('clusterLabel', props.clusterLabel, 'is not a valid Prometheus label name', 'Label names match [a-zA-Z_][a-zA-Z0-9_]*, e.g. "cluster".');
  }
  const delivery = defineDelivery(at.at('delivery'), props.delivery);
  const metadata = defineMetadata(at, props.metadata, `${defaults.name}-${defaults.kind}-dashboard`);
  return { uid, title, folder: props.folder, tags: [...tags], clusterLabel: props.clusterLabel, delivery, metadata };
}

/**
 * A generated Grafana dashboard: its JSON model, the queries it runs, and the object that delivers it
 * (a sidecar ConfigMap or a GrafanaDashboard).
 */
export class DashboardDefinition {
  /** Kind. */
  public readonly kind: DashboardKind;
  /** uid. */
  public readonly uid: string;
  /** Title. */
  public readonly title: string;
  /** Folder, when not General. */
  public readonly folder?: string;
  /** The dashboard JSON model, as built with the grafana-foundation-sdk. */
  public readonly model: DashboardModel;
  /** Metrics read straight from exporters; every other metric a query reads is recorded by this library. */
  public readonly sourceMetrics: readonly string[];
  /** Metadata of the ConfigMap or GrafanaDashboard. */
  public readonly metadata: ManifestMetadata;
  /** Delivery. */
  public readonly delivery: DashboardDeliveryDefinition;
  /** Construct path. */
  public readonly path: string;
  private readonly expressions: readonly string[];

  protected constructor(parts: DashboardParts) {
    this.kind = parts.kind;
    this.uid = parts.settings.uid;
    this.title = parts.settings.title;
    this.folder = parts.settings.folder;
    this.model = parts.model;
    this.sourceMetrics = [...new Set(parts.sourceMetrics)].sort();
    this.metadata = parts.settings.metadata;
    this.delivery = parts.settings.delivery;
    this.path = parts.path;
    this.expressions = parts.queries;
    const bytes = Buffer.byteLength(this.json());
    if (bytes > MAX_DASHBOARD_BYTES) {
      new SpecPath(parts.path).fail(undefined, `${bytes} bytes`, 'is too large for one Kubernetes object', `Keep a dashboard under ${MAX_DASHBOARD_BYTES} bytes of JSON: split it, or show fewer SLOs per dashboard.`);
    }
  }

  /** The dashboard JSON, as Grafana imports it (two-space indented, same bytes for the same input). */
  public json(): string {
    return `${JSON.stringify(this.model, null, 2)}\n`;
  }

  /** Every query, as written in the dashboard (with Grafana variables). */
  public queries(): readonly string[] {
    return this.expressions;
  }

  /** Every query as Prometheus will run it, with Grafana's interval macros filled in. */
  public promqlQueries(): readonly string[] {
    return this.expressions.map(asPromQL);
  }

  /** Every metric name a query reads, sorted. */
  public metricNames(): readonly string[] {
    return [...new Set(this.promqlQueries().flatMap((q) => metricNamesIn(q)))].sort();
  }

  /** The ConfigMap (sidecar) or GrafanaDashboard (grafana-operator) carrying the JSON. */
  public manifest(): KubernetesManifest | ConfigMapManifest {
    return deliveryManifest(this.delivery, this.metadata, this.json(), this.folder);
  }
}

/**
 * Dashboards that go to one Grafana: refuses two dashboards with the same title in one folder (Grafana
 * refuses them too, but only when the second is imported) and two with the same uid (the second would
 * overwrite the first). The cdk8s and Pulumi constructs keep one catalog per app or program.
 */
export class DashboardCatalog {
  private readonly titles = new Map<string, string>();
  private readonly uids = new Map<string, string>();

  /** Adds a dashboard, or throws a SpecError naming its path and the one it clashes with. */
  public add(dashboard: DashboardDefinition): void {
    const at = new SpecPath(dashboard.path);
    const folder = dashboard.folder ?? 'General';
    const titleKey = `${folder}\u0000${dashboard.title.trim().toLowerCase()}`;
    const sameTitle = this.titles.get(titleKey);
    if (sameTitle !== undefined) {
      at.fail('title', dashboard.title, `is already the title of ${sameTitle} in folder ${JSON.stringify(folder)}`, 'Give each dashboard of a folder its own title, or put one in another folder.');
    }
    const sameUid = this.uids.get(dashboard.uid);
    if (sameUid !== undefined) {
      at.fail('uid', dashboard.uid, `is already the uid of ${sameUid}`, 'Give one of them its own uid (uids are unique across a Grafana organisation).');
    }
    this.titles.set(titleKey, dashboard.path);
    this.uids.set(dashboard.uid, dashboard.path);
  }
}
