import { parseHttpUrl } from '../common/urls';
import type { SpecPath } from '../common/errors';

/**
 * Where an alert's runbook is. Every alert this library emits links its runbook through the `runbook_url`
 * annotation, built one of two ways:
 *
 * - from a **base URL** the user sets once (`runbookBaseUrl`): the link is `<base>/<scope>/<page>.md`, the
 *   path a `Runbooks` collection renders the page at (`dist/runbooks/<scope>/<page>.md`), so publishing that
 *   folder at the base makes every link work; a link built this way whose page no `Runbooks` renders is an
 *   error at synth;
 * - from an explicit `runbookUrl` (per alert, or per pack), which wins and is trusted as written.
 *
 * A paging alert with neither is an error at synth unless `acknowledgeNoRunbook` gives the reason.
 */
export interface RunbookLinkDefinition {
  /**
   * The `runbook_url` the alert carries.
   * @default - none: the alert has no runbook
   */
  readonly url?: string;
  /**
   * The page under the runbook base (`user-authentication/slo-availability.md`) when `url` was built from a
   * base URL; a `Runbooks` collection must render it.
   * @default - none: the link was given explicitly, or there is none
   */
  readonly page?: string;
  /**
   * Why this alert needs no runbook, when the user said so.
   * @default - not acknowledged
   */
  readonly acknowledged?: string;
}

/** The page of a runbook under the base: `<scope>/<name>.md` (scope: a service or pack name, a DNS label). */
export function runbookPage(scope: string, name: string): string {
  return `${scope}/${name}.md`;
}

/** The page name of an alert's runbook: its alert name in kebab case (`HighErrorRate` → `high-error-rate`, `ContainerOOMKilled` → `container-oom-killed`). */
export function alertPageName(alertName: string): string {
  return alertName
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/_+/g, '-')
    .toLowerCase();
}

/** The page of an SLO's generated burn-rate runbook: `<service>/slo-<slo>.md`. */
export function sloRunbookPage(service: string, slo: string): string {
  return runbookPage(service, `slo-${slo}`);
}

/** Checks a runbook base URL: an absolute http(s) URL without query or fragment, so pages can be joined to it. */
export function optionalRunbookBaseUrl(at: SpecPath, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const url = parseHttpUrl(value);
  if (!url || url.search !== '' || url.hash !== '') {
    return at.fail(field, value, 'is not a runbook base URL', 'Give an absolute http(s) URL without query or fragment, under which dist/runbooks/ is published, e.g. "https://runbooks.example.com/".');
  }
  return value as string;
}

/** Checks an acknowledgement of a missing runbook: the reason, in words. */
export function optionalAcknowledgement(at: SpecPath, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim().length < 3) {
    return at.fail(field, value, 'is not a reason', 'Say why this alert needs no runbook, e.g. "self-explanatory: the description names the fix".');
  }
  return value.trim();
}

/** What one level of settings (an alert, its pack or service) says about the runbook link, with the fields' names for errors. */
export interface RunbookLinkLevel {
  /** Where these settings are. */
  readonly at: SpecPath;
  /**
   * An explicit runbook URL, checked.
   * @default - not said at this level
   */
  readonly url?: string;
  /**
   * A base URL, checked.
   * @default - not said at this level
   */
  readonly baseUrl?: string;
  /**
   * An acknowledged missing runbook, checked.
   * @default - not said at this level
   */
  readonly acknowledged?: string;
}

/**
 * Resolves the runbook link of one alert. `levels` go from the most specific (the alert itself) to the least
 * (its pack or service); the first level that says anything decides, so an alert's own `runbookUrl` or
 * `acknowledgeNoRunbook` beats its pack's base URL. One level may say only one thing.
 */
export function defineRunbookLink(page: string, levels: readonly RunbookLinkLevel[]): RunbookLinkDefinition {
  for (const level of levels) {
    const said = [
      level.url !== undefined ? 'runbookUrl' : undefined,
      level.baseUrl !== undefined ? 'runbookBaseUrl' : undefined,
      level.acknowledged !== undefined ? 'acknowledgeNoRunbook' : undefined,
    ].filter((f): f is string => f !== undefined);
    if (said.length > 1) {
      level.at.fail(said[1], level.url ?? level.baseUrl, `is set together with ${said[0]}`, 'Give one of runbookUrl (this link), runbookBaseUrl (links built per alert) and acknowledgeNoRunbook (no runbook, with the reason).');
    }
    if (level.url !== undefined) return { url: level.url };
    if (level.baseUrl !== undefined) return { url: `${level.baseUrl.replace(/\/+$/, '')}/${page}`, page };
    if (level.acknowledged !== undefined) return { acknowledged: level.acknowledged };
  }
  return {};
}
