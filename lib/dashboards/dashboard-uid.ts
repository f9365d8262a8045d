import { createHash } from 'node:crypto';
import { SpecPath } from '../common/errors';

/** The kinds of dashboard this library builds. */
export type DashboardKind = 'slo' | 'red' | 'use' | 'capacity';

/**
 * The uid of a generated dashboard: readable kind and name, then 8 hex digits of a SHA-256 of both, so
 * the same name always gives the same uid and a long name never collides once cut to Grafana's 40 characters.
 *
 * @example
 * dashboardUid('slo', 'user-authentication'); // "slo-user-authentication-…"
 */
export function dashboardUid(kind: DashboardKind, name: string): string {
  const hash = createHash('sha256').update(`sre-constructs/${kind}/${name}`).digest('hex').slice(0, 8);
  const slug = `${kind}-${name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 31)
    .replace(/-+$/, '');
  return `${slug}-${hash}`;
}

/**
 * A link to a dashboard by uid, for an alert's `dashboard_url`: `https://grafana.example.com/d/<uid>`.
 * Variables become `var-<name>=<value>` query parameters.
 */
export function grafanaDashboardUrl(grafanaUrl: string, uid: string, variables: Readonly<Record<string, string>> = {}): string {
  const at = new SpecPath('grafanaDashboardUrl');
  let base: URL | undefined;
  try {
    base = new URL(grafanaUrl);
  } catch {
    base = undefined;
  }
  if (!base || (base.protocol !== 'https:' && base.protocol !== 'http:')) {
    at.fail('grafanaUrl', grafanaUrl, 'is not an absolute http(s) URL', 'Give the address of your Grafana, e.g. "https://grafana.example.com".');
  }
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(uid)) {
    at.fail('uid', uid, 'is not a dashboard uid', 'Give at most 40 letters, digits, "-" and "_".');
  }
  const query = Object.keys(variables)
    .sort()
    .map((k) => `var-${encodeURIComponent(k)}=${encodeURIComponent(variables[k])}`)
    .join('&');
  return `${grafanaUrl.replace(/\/+$/, '')}/d/${uid}${query ? `?${query}` : ''}`;
}
