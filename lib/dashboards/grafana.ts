import {
  BigValueColorMode,
  BigValueGraphMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  MappingType,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
  type Dashboard,
  type Threshold,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StateTimelinePanelBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import type { LabelMatcher } from '../common/promql';
import { renderSelector } from '../common/promql';

/** Every panel and query reads the data source chosen in the `datasource` variable. */
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;

/** One query of a panel. */
export interface PanelQuery {
  /** PromQL (Grafana variables allowed inside label values and as `$__rate_interval`). */
  readonly expr: string;
  /** Legend. */
  readonly legend: string;
}

/** A dashed line drawn on a time series, or a colour step of a stat. */
export interface ThresholdStep {
  /** Where. */
  readonly value: number;
  /** Grafana colour name. */
  readonly color: string;
}

/** What all panels share. */
export interface PanelSpec {
  /** Title. */
  readonly title: string;
  /** Description (the "i" tooltip). */
  readonly description: string;
  /** Queries. */
  readonly queries: readonly PanelQuery[];
  /** Grafana unit id (`percentunit`, `reqps`, `s`, `bytes`, `suffix:x`). */
  readonly unit: string;
  /** Width in grid columns (24 is the full width). */
  readonly width: number;
  /** Height in grid rows. */
  readonly height?: number;
  /** Thresholds: dashed lines on time series, colours on stats (above the base colour). */
  readonly thresholds?: readonly ThresholdStep[];
  /** Base colour of a stat below its first threshold. */
  readonly baseColor?: string;
  /** Decimals. */
  readonly decimals?: number;
  /** Lower bound of the axis. */
  readonly min?: number;
  /** Value mappings of a state timeline: value to text and colour. */
  readonly states?: ReadonlyArray<{ readonly value: number; readonly text: string; readonly color: string }>;
  /** Link shown on the panel (runbook). */
  readonly link?: { readonly title: string; readonly url: string };
}

/**
 * Lays out a dashboard with the foundation SDK's builders: rows, panels with unique ids, and queries that
 * all carry the data source and a refId.
 */
export class DashboardCanvas {
  private readonly builder: DashboardBuilder;
  private nextId = 1;
  private readonly expressions: string[] = [];

  constructor(spec: {
    readonly uid: string;
    readonly title: string;
    readonly description: string;
    readonly tags: readonly string[];
    readonly from: string;
    readonly variables: ReadonlyArray<{ build(): VariableModel }>;
    readonly links?: ReadonlyArray<{ readonly title: string; readonly url: string }>;
  }) {
    this.builder = new DashboardBuilder(spec.title)
      .uid(spec.uid)
      .description(spec.description)
      .tags([...spec.tags])
      .editable()
      .tooltip(DashboardCursorSync.Crosshair)
      .time({ from: spec.from, to: 'now' })
      .timezone('browser')
      .refresh('1m')
      .annotations([])
      .variables([...spec.variables]);
    for (const link of spec.links ?? []) {
      this.builder.link(new DashboardLinkBuilder(link.title).type(DashboardLinkType.Link).url(link.url).targetBlank(true).icon('doc'));
    }
  }

  /** Starts a row; the panels added next belong to it. */
  public row(title: string): void {
    this.builder.withRow(new RowBuilder(title).id(this.nextId++).collapsed(false));
  }

  /** A time series. */
  public timeseries(spec: PanelSpec): void {
    const panel = new TimeseriesPanelBuilder()
      .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]))
      .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
      .lineWidth(1)
      .fillOpacity(10)
      .spanNulls(false);
    if (spec.thresholds && spec.thresholds.length > 0) {
      panel
        .thresholds(steps('transparent', spec.thresholds))
        .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
    }
    if (spec.min !== undefined) panel.min(spec.min);
    this.add(panel, spec);
  }

  /** A single big number per query, coloured by thresholds. */
  public stat(spec: PanelSpec): void {
    const panel = new StatPanelBuilder()
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false).fields(''))
      .graphMode(BigValueGraphMode.Area)
      .colorMode(BigValueColorMode.Value)
      .thresholds(steps(spec.baseColor ?? 'green', spec.thresholds ?? []));
    this.add(panel, { height: 4, ...spec });
  }

  /** A state timeline with value mappings (0 = OK, 1 = firing). */
  public stateTimeline(spec: PanelSpec): void {
    const panel = new StateTimelinePanelBuilder()
      .legend(new VizLegendOptionsBuilder().showLegend(false).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]))
      .mappings([
        {
          type: MappingType.ValueToText,
          options: Object.fromEntries((spec.states ?? []).map((s, i) => [String(s.value), { text: s.text, color: s.color, index: i }])),
        },
      ])
      .thresholds(steps('green', []));
    this.add(panel, spec);
  }

  /** The dashboard JSON model. */
  public build(): Dashboard {
    return this.builder.build();
  }

  /** Every query expression, in panel order. */
  public queries(): readonly string[] {
    return [...this.expressions];
  }

  private add(panel: TimeseriesPanelBuilder | StatPanelBuilder | StateTimelinePanelBuilder, spec: PanelSpec): void {
    panel
      .id(this.nextId++)
      .title(spec.title)
      .description(spec.description)
      .datasource({ ...DATASOURCE })
      .unit(spec.unit)
      .span(spec.width)
      .height(spec.height ?? 8);
    if (spec.decimals !== undefined) panel.decimals(spec.decimals);
    if (spec.link) panel.links([new DashboardLinkBuilder(spec.link.title).url(spec.link.url).targetBlank(true)]);
    spec.queries.forEach((q, i) => {
      this.expressions.push(q.expr);
      panel.withTarget(new DataqueryBuilder().expr(q.expr).legendFormat(q.legend).refId(refId(i)).datasource({ ...DATASOURCE }).range());
    });
    this.builder.withPanel(panel);
  }
}

/** A, B, ... Z, AA, AB, ... */
function refId(i: number): string {
  const letter = String.fromCharCode(65 + (i % 26));
  return i < 26 ? letter : refId(Math.floor(i / 26) - 1) + letter;
}

function steps(base: string, thresholds: readonly ThresholdStep[]): ThresholdsConfigBuilder {
  const list: Threshold[] = [{ value: null, color: base }, ...[...thresholds].sort((a, b) => a.value - b.value).map((t) => ({ value: t.value, color: t.color }))];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(list);
}

/** The `datasource` variable: any Prometheus data source. */
export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');
}

/** A query variable over the values of a label. */
export function labelValuesVariable(spec: {
  readonly name: string;
  readonly label: string;
  readonly query: string;
  readonly current?: string;
  readonly multi?: boolean;
  readonly allValue?: string;
}): QueryVariableBuilder {
  const v = new QueryVariableBuilder(spec.name)
    .label(spec.label)
    .query(spec.query)
    .definition(spec.query)
    .datasource({ ...DATASOURCE })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
  if (spec.current !== undefined) v.current({ selected: true, text: spec.current === '$__all' ? 'All' : spec.current, value: spec.current });
  if (spec.multi) v.multi(true).includeAll(true);
  if (spec.allValue !== undefined) v.allValue(spec.allValue);
  return v;
}

/** The `cluster` variable and matcher, when a cluster label is set. */
export function clusterScope(settings: { readonly clusterLabel?: string }, valuesOf: string): { variables: QueryVariableBuilder[]; matchers: LabelMatcher[] } {
  if (!settings.clusterLabel) return { variables: [], matchers: [] };
  const label = settings.clusterLabel;
  return {
    variables: [labelValuesVariable({ name: 'cluster', label: 'Cluster', query: `label_values(${valuesOf}, ${label})` })],
    matchers: [{ name: label, op: '=', value: '$cluster' }],
  };
}

/**
 * Builds selectors with the dashboard's scope (for instance `cluster="$cluster"`) appended, so every query of
 * a dashboard honours its variables.
 */
export class SelectorScope {
  constructor(private readonly scope: readonly LabelMatcher[] = []) {}

  /** `metric{labels..., scope...}`. */
  public select(metric: string, labels: Readonly<Record<string, string>> = {}, extra: readonly LabelMatcher[] = []): string {
    const equals: LabelMatcher[] = Object.entries(labels).map(([name, value]) => ({ name, op: '=', value }));
    return renderSelector({ metric, matchers: [...equals, ...extra, ...this.scope] });
  }
}

/** Replaces Grafana's interval macros by a duration so a PromQL parser reads the query as Prometheus will. */
export function asPromQL(query: string): string {
  return query.replace(/\$__(rate_interval|interval|range)\b/g, '5m');
}
