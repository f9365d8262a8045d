/**
 * A Grafana dashboard JSON model as this library builds it (with the grafana-foundation-sdk's typed
 * builders) and Grafana imports it. The fields a reader of the model needs are typed here, in the
 * library's own terms, so the published types do not depend on the SDK's; {@link DashboardDefinition.json}
 * gives the whole model. The builders' output is checked against this shape when the library compiles.
 *
 * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */
export interface DashboardModel {
  /** uid (what `/d/<uid>` links use). */
  readonly uid?: string;
  /** Title. */
  readonly title?: string;
  /** Description. */
  readonly description?: string;
  /** Tags. */
  readonly tags?: readonly string[];
  /** Version of the JSON schema, which Grafana migrates from. */
  readonly schemaVersion: number;
  /** Panels and rows, in order. */
  readonly panels?: readonly DashboardPanelModel[];
  /** Variables. */
  readonly templating: { readonly list?: readonly DashboardVariableModel[] };
  /** Time range shown when the dashboard opens. */
  readonly time?: { readonly from: string; readonly to: string };
  /** Auto-refresh interval. */
  readonly refresh?: string;
}

/** A panel (or row) of a {@link DashboardModel}. */
export interface DashboardPanelModel {
  /** Panel plugin id (`timeseries`, `stat`, `state-timeline`) or `row`. */
  readonly type: string;
  /** Id, unique within the dashboard. */
  readonly id?: number;
  /** Title. */
  readonly title?: string;
  /** Description (the "i" tooltip). */
  readonly description?: string;
  /** Position on the 24-column grid. */
  readonly gridPos?: { readonly h: number; readonly w: number; readonly x: number; readonly y: number };
  /** Queries (Prometheus queries carry `expr`, `refId`, `legendFormat` and `datasource`). */
  readonly targets?: readonly object[];
  /** Field options: unit, thresholds, colours. */
  readonly fieldConfig?: object;
  /** Visualization options. */
  readonly options?: unknown;
}

/** A variable of a {@link DashboardModel}. */
export interface DashboardVariableModel {
  /** Variable type (`query`, `datasource`, ...). */
  readonly type: string;
  /** Name, used as `$name` in queries. */
  readonly name: string;
  /** Label shown above the picker. */
  readonly label?: string;
  /** Query (for `query` variables) or plugin type (for `datasource` ones). */
  readonly query?: string | object;
  /** Whether several values may be picked. */
  readonly multi?: boolean;
  /** Whether an "All" option is offered. */
  readonly includeAll?: boolean;
  /** What "All" stands for in queries. */
  readonly allValue?: string;
}
