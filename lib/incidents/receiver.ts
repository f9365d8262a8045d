import { parseHttpUrl } from '../common/urls';
import { SpecPath } from '../common/errors';
import { isDnsSubdomain } from '../common/names';
import { Credential, SecretKeySelector, requireCredential } from './credential';

/** Common receiver settings. */
export interface ReceiverCommonProps {
  /**
   * Whether to notify when the alerts of a notification resolve.
   * @default true
   */
  readonly sendResolved?: boolean;
}

/**
 * PagerDuty through the Events API v2. Escalation happens in PagerDuty: the service's escalation policy
 * moves an unacknowledged incident to the next level (`OnCall` in the Pulumi door builds one that escalates
 * to the senior rotation after 30 minutes).
 *
 * @see https://prometheus.io/docs/alerting/0.25/configuration/#pagerduty_config
 */
export interface PagerDutyReceiverProps extends ReceiverCommonProps {
  /** The service's Events API v2 integration key (`routing_key_file` / `routingKey`). */
  readonly routingKey: Credential;
  /**
   * Events API endpoint.
   * @default - PagerDuty's (https://events.pagerduty.com/v2/enqueue)
   */
  readonly url?: string;
}

/** An Opsgenie responder. */
export interface OpsgenieResponder {
  /** What the name names. */
  readonly type: 'team' | 'user' | 'escalation' | 'schedule';
  /** Its name in Opsgenie. */
  readonly name: string;
}

/**
 * Opsgenie. Escalation happens in Opsgenie: name an `escalation` responder (or a team whose routing escalates).
 * The priority follows the SEV (SEV1 is P1 ... SEV4 is P4).
 *
 * @see https://prometheus.io/docs/alerting/0.25/configuration/#opsgenie_config
 */
export interface OpsgenieReceiverProps extends ReceiverCommonProps {
  /** The API key (`api_key_file` / `apiKey`). */
  readonly apiKey: Credential;
  /**
   * API endpoint (the EU instance is https://api.eu.opsgenie.com/).
   * @default - Opsgenie's (https://api.opsgenie.com/)
   */
  readonly apiUrl?: string;
  /**
   * Who is notified.
   * @default - the integration's own routing in Opsgenie
   */
  readonly responders?: readonly OpsgenieResponder[];
}

/**
 * Slack through an incoming webhook, whose URL is itself a secret. Slack has no acknowledgement, so escalation
 * is done by Alertmanager: a route to the senior rotation that waits out the escalation delay.
 *
 * @see https://prometheus.io/docs/alerting/0.25/configuration/#slack_config
 */
export interface SlackReceiverProps extends ReceiverCommonProps {
  /** The incoming-webhook URL (`api_url_file` / `apiURL`). */
  readonly apiUrl: Credential;
  /** Channel (`#identity-alerts`) or user (`@oncall`). */
  readonly channel: string;
}

/**
 * A generic webhook (Alertmanager's JSON payload). Alertmanager 0.25 has no `url_file`, so the URL is written
 * as is and may not carry credentials; give a bearer token instead.
 *
 * @see https://prometheus.io/docs/alerting/0.25/configuration/#webhook_config
 */
export interface WebhookReceiverProps extends ReceiverCommonProps {
  /** Endpoint: an http(s) URL without user info, token or key in it. */
  readonly url: string;
  /**
   * Bearer token sent in the Authorization header (`credentials_file` / `credentials`).
   * @default - none
   */
  readonly bearerToken?: Credential;
  /**
   * Most alerts in one payload (0: all).
   * @default 0
   */
  readonly maxAlerts?: number;
}

/**
 * Email over SMTP.
 *
 * @see https://prometheus.io/docs/alerting/0.25/configuration/#email_config
 */
export interface EmailReceiverProps extends ReceiverCommonProps {
  /** Recipient address. */
  readonly to: string;
  /** Sender address. */
  readonly from: string;
  /** SMTP server as `host:port`. */
  readonly smarthost: string;
  /**
   * SMTP user name.
   * @default - no authentication
   */
  readonly authUsername?: string;
  /**
   * SMTP password (`auth_password_file` / `authPassword`).
   * @default - no authentication
   */
  readonly authPassword?: Credential;
  /**
   * Require STARTTLS.
   * @default true
   */
  readonly requireTls?: boolean;
}

/** A named receiver with exactly one integration. Build it with the {@link Receiver} factories. */
export interface ReceiverSpec {
  /** Name, unique within the routing: lowercase letters, digits, '-' and '.'. */
  readonly name: string;
  /**
   * PagerDuty.
   * @default - not PagerDuty
   */
  readonly pagerDuty?: PagerDutyReceiverProps;
  /**
   * Opsgenie.
   * @default - not Opsgenie
   */
  readonly opsgenie?: OpsgenieReceiverProps;
  /**
   * Slack.
   * @default - not Slack
   */
  readonly slack?: SlackReceiverProps;
  /**
   * A webhook.
   * @default - not a webhook
   */
  readonly webhook?: WebhookReceiverProps;
  /**
   * Email.
   * @default - not email
   */
  readonly email?: EmailReceiverProps;
}

/** Receivers for the paging class and the ticket class. Credentials come only as {@link Credential}s. */
export abstract class Receiver {
  /** PagerDuty (Events API v2); escalates by its own escalation policy. */
  public static pagerDuty(name: string, props: PagerDutyReceiverProps): ReceiverSpec {
    return { name, pagerDuty: props };
  }
  /** Opsgenie; escalates by its own escalation rules. */
  public static opsgenie(name: string, props: OpsgenieReceiverProps): ReceiverSpec {
    return { name, opsgenie: props };
  }
  /** Slack. */
  public static slack(name: string, props: SlackReceiverProps): ReceiverSpec {
    return { name, slack: props };
  }
  /** A generic webhook. */
  public static webhook(name: string, props: WebhookReceiverProps): ReceiverSpec {
    return { name, webhook: props };
  }
  /** Email. */
  public static email(name: string, props: EmailReceiverProps): ReceiverSpec {
    return { name, email: props };
  }
}

/** Which integration a receiver uses. */
export type ReceiverKind = 'pagerDuty' | 'opsgenie' | 'slack' | 'webhook' | 'email';

const KINDS: readonly ReceiverKind[] = ['pagerDuty', 'opsgenie', 'slack', 'webhook', 'email'];

/** The message a chat receiver shows: status, SEV, alert and service, then each alert's summary and runbook. */
const CHAT_TITLE = '[{{ .Status | toUpper }}] {{ .CommonLabels.sev }} {{ .CommonLabels.alertname }}{{ if .CommonLabels.service }} ({{ .CommonLabels.service }}){{ end }}';
const CHAT_TEXT = '{{ range .Alerts }}{{ .Annotations.summary }}{{ if .Annotations.runbook_url }} Runbook: {{ .Annotations.runbook_url }}{{ end }}\n{{ end }}';
/** Opsgenie's priority from the SEV. */
const OPSGENIE_PRIORITY =
  '{{ if eq .CommonLabels.sev "SEV1" }}P1{{ else if eq .CommonLabels.sev "SEV2" }}P2{{ else if eq .CommonLabels.sev "SEV3" }}P3{{ else }}P4{{ end }}';
/** What every paging integration carries besides the summary, so the responder lands on the runbook. */
const DETAILS: ReadonlyArray<readonly [string, string]> = [
  ['runbook_url', '{{ .CommonAnnotations.runbook_url }}'],
  ['dashboard_url', '{{ .CommonAnnotations.dashboard_url }}'],
  ['sev', '{{ .CommonLabels.sev }}'],
  ['service', '{{ .CommonLabels.service }}'],
];

/** A checked receiver. */
export class ReceiverDefinition {
  /**
   * Checks one receiver spec. Throws a SpecError naming `path` and `field` (where the receiver sits in its
   * routing, e.g. `receivers[identity-pager]`) at the first problem.
   */
  public static create(spec: ReceiverSpec, path: string, field = ''): ReceiverDefinition {
    const at = new SpecPath(path, field);
    if (spec === null || typeof spec !== 'object') {
      return at.fail(undefined, spec, 'is not a receiver', "Build one with Receiver.pagerDuty('name', {...}), Receiver.slack(...) and the other Receiver factories.");
    }
    if (typeof spec.name !== 'string' || !isDnsSubdomain(spec.name)) {
      at.fail('name', spec.name, 'is not a valid receiver name', 'Use lowercase letters, digits, "-" and ".", e.g. "identity-pager".');
    }
    const given = KINDS.filter((k) => spec[k] !== undefined);
    if (given.length !== 1) {
      at.fail(undefined, given, given.length === 0 ? 'has no integration' : 'has more than one integration', 'Give exactly one of pagerDuty, opsgenie, slack, webhook and email (one receiver per integration).');
    }
    const kind = given[0];
    const props = spec[kind] as unknown as ReceiverCommonProps & Record<string, unknown>;
    const pat = at.at(kind);
    if (props === null || typeof props !== 'object') {
      return pat.fail(undefined, props, 'is not a receiver configuration', 'Give an object, e.g. { routingKey: Credential.secret(...) }.');
    }
    if (props.sendResolved !== undefined && typeof props.sendResolved !== 'boolean') {
      pat.fail('sendResolved', props.sendResolved, 'is not a boolean', 'Give true or false.');
    }
    return new ReceiverDefinition(spec.name, kind, checkIntegration(pat, kind, props), props.sendResolved ?? true);
  }

  private constructor(
    /** Name. */
    public readonly name: string,
    /** Integration. */
    public readonly kind: ReceiverKind,
    private readonly config: CheckedIntegration,
    /** Whether resolutions are sent. */
    public readonly sendResolved: boolean,
  ) {}

  /**
   * True when the receiver's own service escalates an unacknowledged page (PagerDuty's escalation policy,
   * Opsgenie's escalation rules); otherwise Alertmanager escalates with a delayed route.
   */
  public get escalatesItself(): boolean {
    return this.kind === 'pagerDuty' || this.kind === 'opsgenie';
  }

  /** Every credential the receiver reads. */
  public get credentials(): readonly Credential[] {
    return this.config.credentials;
  }

  /** The receiver as a plain `alertmanager.yml` writes it; credentials are files (Secrets as mounted under `secretsDir`). */
  public plain(secretsDir: string): Record<string, unknown> {
    const file = (c: Credential) => c.filePath(secretsDir);
    const c = this.config;
    const resolved = { send_resolved: this.sendResolved };
    switch (this.kind) {
      case 'pagerDuty':
        return { name: this.name, pagerduty_configs: [{ ...resolved, routing_key_file: file(c.key!), ...(c.url ? { url: c.url } : {}), details: Object.fromEntries(DETAILS) }] };
      case 'opsgenie':
        return {
          name: this.name,
          opsgenie_configs: [
            {
              ...resolved,
              api_key_file: file(c.key!),
              ...(c.url ? { api_url: c.url } : {}),
              priority: OPSGENIE_PRIORITY,
              details: Object.fromEntries(DETAILS),
              ...(c.responders?.length ? { responders: c.responders.map((r) => ({ type: r.type, name: r.name })) } : {}),
            },
          ],
        };
      case 'slack':
        return { name: this.name, slack_configs: [{ ...resolved, api_url_file: file(c.key!), channel: c.channel, title: CHAT_TITLE, text: CHAT_TEXT }] };
      case 'webhook':
        return {
          name: this.name,
          webhook_configs: [
            {
              ...resolved,
              url: c.url,
              ...(c.maxAlerts ? { max_alerts: c.maxAlerts } : {}),
              ...(c.key ? { http_config: { authorization: { type: 'Bearer', credentials_file: file(c.key) } } } : {}),
            },
          ],
        };
      case 'email':
        return {
          name: this.name,
          email_configs: [
            {
              ...resolved,
              to: c.to,
              from: c.from,
              smarthost: c.smarthost,
              require_tls: c.requireTls,
              ...(c.username ? { auth_username: c.username } : {}),
              ...(c.key ? { auth_password_file: file(c.key) } : {}),
            },
          ],
        };
    }
  }

  /**
   * The receiver as an `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1) writes it; credentials are
   * SecretKeySelectors in the AlertmanagerConfig's namespace.
   */
  public operator(path: string): Record<string, unknown> {
    const at = new SpecPath(path);
    const secret = (cred: Credential, field: string): SecretKeySelector => {
      if (cred.kind !== 'secret') {
        return at.fail(`receivers[${this.name}].${this.kind}.${field}`, cred.toString(), 'is a file, which an AlertmanagerConfig cannot read', "Keep the credential in a Kubernetes Secret in the AlertmanagerConfig's namespace: Credential.secret('<name>', '<key>').");
      }
      return { name: cred.secretName!, key: cred.secretKey! };
    };
    const c = this.config;
    const details = DETAILS.map(([key, value]) => ({ key, value }));
    const resolved = { sendResolved: this.sendResolved };
    switch (this.kind) {
      case 'pagerDuty':
        return { name: this.name, pagerdutyConfigs: [{ ...resolved, routingKey: secret(c.key!, 'routingKey'), ...(c.url ? { url: c.url } : {}), details }] };
      case 'opsgenie':
        return {
          name: this.name,
          opsgenieConfigs: [
            {
              ...resolved,
              apiKey: secret(c.key!, 'apiKey'),
              ...(c.url ? { apiURL: c.url } : {}),
              priority: OPSGENIE_PRIORITY,
              details,
              ...(c.responders?.length ? { responders: c.responders.map((r) => ({ type: r.type, name: r.name })) } : {}),
            },
          ],
        };
      case 'slack':
        return { name: this.name, slackConfigs: [{ ...resolved, apiURL: secret(c.key!, 'apiUrl'), channel: c.channel, title: CHAT_TITLE, text: CHAT_TEXT }] };
      case 'webhook':
        return {
          name: this.name,
          webhookConfigs: [
            {
              ...resolved,
              url: c.url,
              ...(c.maxAlerts ? { maxAlerts: c.maxAlerts } : {}),
              ...(c.key ? { httpConfig: { authorization: { type: 'Bearer', credentials: secret(c.key, 'bearerToken') } } } : {}),
            },
          ],
        };
      case 'email':
        return {
          name: this.name,
          emailConfigs: [
            {
              ...resolved,
              to: c.to,
              from: c.from,
              smarthost: c.smarthost,
              requireTLS: c.requireTls,
              ...(c.username ? { authUsername: c.username } : {}),
              ...(c.key ? { authPassword: secret(c.key, 'authPassword') } : {}),
            },
          ],
        };
    }
  }
}

interface CheckedIntegration {
  readonly credentials: readonly Credential[];
  /** The one credential of the integration, when it has one. */
  readonly key?: Credential;
  readonly url?: string;
  readonly channel?: string;
  readonly responders?: readonly OpsgenieResponder[];
  readonly maxAlerts?: number;
  readonly to?: string;
  readonly from?: string;
  readonly smarthost?: string;
  readonly username?: string;
  readonly requireTls?: boolean;
}

function checkIntegration(at: SpecPath, kind: ReceiverKind, p: Record<string, unknown>): CheckedIntegration {
  switch (kind) {
    case 'pagerDuty': {
      const key = requireCredential(at, 'routingKey', p.routingKey);
      return { credentials: [key], key, url: optionalEndpoint(at, 'url', p.url) };
    }
    case 'opsgenie': {
      const key = requireCredential(at, 'apiKey', p.apiKey);
      const responders = p.responders === undefined ? undefined : requireResponders(at, p.responders);
      return { credentials: [key], key, url: optionalEndpoint(at, 'apiUrl', p.apiUrl), responders };
    }
    case 'slack': {
      const key = requireCredential(at, 'apiUrl', p.apiUrl);
      const channel = p.channel;
      if (typeof channel !== 'string' || !/^[#@]?[a-zA-Z0-9][-._a-zA-Z0-9]{0,79}$/.test(channel)) {
        at.fail('channel', channel, 'is not a Slack channel', 'Give a channel such as "#identity-alerts" or a user such as "@oncall".');
      }
      return { credentials: [key], key, channel: channel as string };
    }
    case 'webhook': {
      const url = optionalEndpoint(at, 'url', p.url);
      if (url === undefined) at.fail('url', p.url, 'is not set', 'Give the endpoint, e.g. "https://hooks.example.com/alertmanager".');
      const key = p.bearerToken === undefined ? undefined : requireCredential(at, 'bearerToken', p.bearerToken);
      const maxAlerts = p.maxAlerts ?? 0;
      if (typeof maxAlerts !== 'number' || !Number.isInteger(maxAlerts) || maxAlerts < 0) {
        at.fail('maxAlerts', maxAlerts, 'is not a whole number of at least 0', 'Give how many alerts one payload may carry, or 0 for all.');
      }
      return { credentials: key ? [key] : [], key, url, maxAlerts: maxAlerts as number };
    }
    case 'email': {
      const address = (field: string) => {
        const v = p[field];
        // Alertmanager reads these as templates: braces are refused with everything else an address cannot hold.
        if (typeof v !== 'string' || !/^[^\s@<>"{}]+@[^\s@<>"{}]+\.[^\s@<>"{}]+$/.test(v)) {
          at.fail(field, v, 'is not an email address', 'Give an address such as "identity-oncall@example.com".');
        }
        return v as string;
      };
      const smarthost = p.smarthost;
      if (typeof smarthost !== 'string' || !/^[a-zA-Z0-9.-]+:\d{1,5}$/.test(smarthost)) {
        at.fail('smarthost', smarthost, 'is not host:port', 'Give the SMTP server as host:port, e.g. "smtp.example.com:587".');
      }
      const username = p.authUsername;
      if (username !== undefined && (typeof username !== 'string' || username === '' || /\s/.test(username))) {
        at.fail('authUsername', username, 'is not a user name', 'Give the SMTP user name, or leave it out.');
      }
      const key = p.authPassword === undefined ? undefined : requireCredential(at, 'authPassword', p.authPassword);
      if ((username === undefined) !== (key === undefined)) {
        at.fail(username === undefined ? 'authUsername' : 'authPassword', undefined, 'is not set while its pair is', 'Give both authUsername and authPassword, or neither.');
      }
      const requireTls = p.requireTls ?? true;
      if (typeof requireTls !== 'boolean') at.fail('requireTls', requireTls, 'is not a boolean', 'Give true or false.');
      return { credentials: key ? [key] : [], key, to: address('to'), from: address('from'), smarthost: smarthost as string, username: username as string | undefined, requireTls: requireTls as boolean };
    }
  }
}

/** An endpoint URL: absolute http(s), no user info and nothing in it that looks like a credential. */
function optionalEndpoint(at: SpecPath, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const url = parseHttpUrl(value);
  if (!url) {
    return at.fail(field, value, 'is not an absolute http(s) URL', 'Give an endpoint such as "https://hooks.example.com/alertmanager".');
  }
  const secretParam = [...url.searchParams.keys()].find((k) => /token|key|secret|password|auth|sig/i.test(k));
  if (url.username || url.password || secretParam) {
    return at.fail(
      field,
      `${url.protocol}//<redacted>`,
      `carries a credential (${url.username || url.password ? 'user info' : `the "${secretParam}" parameter`}), which would end up in Git and in every rendered file`,
      'Give the URL without it and the credential as a bearer token: bearerToken: Credential.secret(...).',
    );
  }
  return value as string;
}

function requireResponders(at: SpecPath, value: unknown): OpsgenieResponder[] {
  if (!Array.isArray(value)) return at.fail('responders', value, 'is not a list', "Give responders such as [{ type: 'escalation', name: 'identity-escalation' }].");
  return value.map((r: OpsgenieResponder, i) => {
    if (r === null || typeof r !== 'object' || !['team', 'user', 'escalation', 'schedule'].includes(r.type)) {
      at.fail(`responders[${i}].type`, r?.type, 'is not a responder type', 'Use "team", "user", "escalation" or "schedule".');
    }
    if (typeof r.name !== 'string' || r.name.trim() === '' || /[{}\n]/.test(r.name)) {
      at.fail(`responders[${i}].name`, r.name, 'is not a responder name', 'Give the name it has in Opsgenie.');
    }
    return { type: r.type, name: r.name };
  });
}
