import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  Credential,
  Duration,
  IncidentRoutingDefinition,
  IncidentRoutingProps,
  Objective,
  Receiver,
  ResourceAlertsDefinition,
  Severity,
  Sli,
  SloServiceDefinition,
  SpecError,
  sevTiming,
  toYaml,
} from 'sre-constructs';
import { identityResourceAlerts, identityRouting, userAuthentication, userAuthenticationMonitoring } from '../../examples/user-authentication';
import { ServiceMonitoringDefinition } from '../../lib/monitoring/service-monitoring';
import { checkConfig, routesTest, routesTree } from '../support/amtool';
import { schemaErrors } from '../support/schema';

const sources = [
  SloServiceDefinition.create(userAuthentication),
  ServiceMonitoringDefinition.create(userAuthenticationMonitoring),
  ResourceAlertsDefinition.create(identityResourceAlerts),
];
const example = IncidentRoutingDefinition.create(identityRouting(sources), 'identity-routing');
const exampleYaml = toYaml(example.alertmanagerYaml());

/** A routing whose paging receiver is Slack, which cannot escalate by itself. */
const slackPaging: IncidentRoutingProps = {
  name: 'checkout',
  receivers: [
    Receiver.slack('checkout-pages', { apiUrl: Credential.secret('slack', 'pages-url'), channel: '#checkout-pages' }),
    Receiver.pagerDuty('senior', { routingKey: Credential.secret('pagerduty', 'senior') }),
    Receiver.email('checkout-tickets', { to: 'checkout@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587' }),
    Receiver.opsgenie('payments-pager', { apiKey: Credential.secret('opsgenie', 'api-key'), responders: [{ type: 'escalation', name: 'payments' }] }),
    Receiver.webhook('deadmans-switch', { url: 'https://deadman.example.com/ping', bearerToken: Credential.secret('deadman', 'token') }),
  ],
  paging: 'checkout-pages',
  tickets: 'checkout-tickets',
  senior: 'senior',
  watchdog: { receiver: 'deadmans-switch' },
  routes: [{ matchers: { service: 'payments' }, paging: 'payments-pager' }],
};

function failure(props: IncidentRoutingProps): string {
  try {
    IncidentRoutingDefinition.create(props, 'prod/routing');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  return 'accepted';
}

describe('IncidentRouting as a plain alertmanager.yml', () => {
  test('passes amtool check-config, the example and a routing with every receiver kind', () => {
    expect(checkConfig(exampleYaml)).toMatchObject({ ok: true });
    const all = checkConfig(toYaml(IncidentRoutingDefinition.create(slackPaging).alertmanagerYaml()));
    expect(all.output).toMatch(/SUCCESS[\s\S]*5 receivers/);
  });

  test.each([
    [{ sev: 'SEV1', service: 'user-authentication' }, ['senior-sre-oncall', 'identity-pager']],
    [{ sev: 'SEV2', service: 'user-authentication' }, ['identity-pager']],
    [{ sev: 'SEV3', service: 'user-authentication' }, ['identity-tickets']],
    [{ sev: 'SEV4', service: 'user-authentication' }, ['identity-tickets']],
    [{ severity: 'critical', alertname: 'KubeNodeNotReady' }, ['identity-tickets']],
    [{ alertname: 'Watchdog', severity: 'none' }, ['deadmans-switch']],
  ])('amtool routes %p to %p in the example', (labels, receivers) => {
    expect(routesTest(exampleYaml, labels)).toEqual(receivers);
  });

  test('with a paging receiver that cannot escalate itself, a SEV2 also reaches the senior rotation through a route that waits 30 minutes', () => {
    const yaml = toYaml(IncidentRoutingDefinition.create(slackPaging).alertmanagerYaml());
    expect(routesTest(yaml, { sev: 'SEV2', service: 'checkout' })).toEqual(['senior', 'checkout-pages']);
    const routes = parse(yaml).route.routes as Array<{ receiver: string; matchers?: string[]; continue?: boolean; group_wait?: string }>;
    expect(routes.find((r) => r.receiver === 'senior' && r.matchers?.[0] === 'sev="SEV2"')).toMatchObject({ continue: true, group_wait: '30m' });
    // PagerDuty and Opsgenie escalate by their own policies: the example's PagerDuty pager has no such route.
    expect(routesTest(exampleYaml, { sev: 'SEV2' })).toEqual(['identity-pager']);
  });

  test('a route of its own takes a service\'s alerts to its receivers, before the defaults, and Opsgenie escalates by itself', () => {
    const yaml = toYaml(IncidentRoutingDefinition.create(slackPaging).alertmanagerYaml());
    expect(routesTest(yaml, { sev: 'SEV1', service: 'payments' })).toEqual(['senior', 'payments-pager']);
    expect(routesTest(yaml, { sev: 'SEV2', service: 'payments' })).toEqual(['payments-pager']);
    expect(routesTest(yaml, { sev: 'SEV3', service: 'payments' })).toEqual(['checkout-tickets']);
  });

  test('timings come from each SEV\'s response time, and batching never takes more than a tenth of it', () => {
    const routes = parse(exampleYaml).route.routes as Array<{ matchers?: string[]; receiver: string; group_wait: string; group_interval: string; repeat_interval: string }>;
    const bySev = Object.fromEntries(
      routes.filter((r) => r.matchers?.[0]?.startsWith('sev=') && r.receiver !== 'senior-sre-oncall').map((r) => [r.matchers![0], [r.group_wait, r.group_interval, r.repeat_interval]]),
    );
    expect(bySev).toEqual({
      'sev="SEV1"': ['30s', '2m30s', '1h'],
      'sev="SEV2"': ['1m30s', '7m30s', '3h'],
      'sev="SEV3"': ['6m', '30m', '12h'],
      'sev="SEV4"': ['24m', '2h', '2d'],
    });
    for (const sev of Severity.all()) expect(sevTiming(sev).groupWait.toMilliseconds() * 10).toBe(sev.responseTime.toMilliseconds());
  });

  test('credentials are files: Secrets as the operator mounts them, file paths as given; nothing secret is written', () => {
    const receivers = parse(exampleYaml).receivers;
    expect(receivers[0].pagerduty_configs[0].routing_key_file).toBe('/etc/alertmanager/secrets/pagerduty-user-authentication/routing-key');
    expect(receivers[2].slack_configs[0].api_url_file).toBe('/etc/alertmanager/secrets/slack-identity/webhook-url');
    const file = IncidentRoutingDefinition.create({ ...slackPaging, receivers: [...slackPaging.receivers.slice(1), Receiver.slack('checkout-pages', { apiUrl: Credential.file('/run/secrets/slack'), channel: '#pages' })] });
    expect(JSON.stringify(file.alertmanagerYaml())).toContain('"api_url_file":"/run/secrets/slack"');
  });

  test('renders the same bytes every time', () => {
    expect(toYaml(IncidentRoutingDefinition.create(identityRouting(sources)).alertmanagerYaml())).toBe(exampleYaml);
  });

  test('the tree the README shows is the one amtool prints for the example', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const shown = /```text\n(└── default-route[\s\S]*?)\n```/.exec(readme)![1];
    expect(routesTree(exampleYaml)).toBe(shown);
  });
});

describe('IncidentRouting as an AlertmanagerConfig', () => {
  test('validates against the upstream CRD, with every receiver kind and credentials as Secret references', () => {
    const manifest = IncidentRoutingDefinition.create(slackPaging).alertmanagerConfig();
    expect(schemaErrors(manifest)).toEqual([]);
    expect(schemaErrors(example.alertmanagerConfig())).toEqual([]);
    const spec = manifest.spec as { receivers: Array<Record<string, Array<Record<string, unknown>>>> };
    expect(spec.receivers[1].pagerdutyConfigs[0].routingKey).toEqual({ name: 'pagerduty', key: 'senior' });
  });

  test('holds the same route tree and inhibitions as the plain file', () => {
    const text = (v: unknown) => (v as Array<{ name: string; matchType: string; value: string }>).map((m) => `${m.name}${m.matchType}${JSON.stringify(m.value)}`);
    const toPlain = (r: Record<string, unknown>): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) {
        if (k === 'matchers') out.matchers = text(v);
        else if (k === 'routes') out.routes = (v as Array<Record<string, unknown>>).map(toPlain);
        else out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
      }
      return out;
    };
    const spec = example.alertmanagerConfig().spec as { route: Record<string, unknown>; inhibitRules: Array<Record<string, unknown>> };
    const plain = example.alertmanagerYaml() as { route: unknown; inhibit_rules: unknown };
    expect(toPlain(spec.route)).toEqual(plain.route);
    expect(spec.inhibitRules.map((r) => ({ source_matchers: text(r.sourceMatch), target_matchers: text(r.targetMatch), equal: r.equal }))).toEqual(
      (plain.inhibit_rules as Array<Record<string, unknown>>).map((r) => ({ source_matchers: r.source_matchers, target_matchers: r.target_matchers, equal: r.equal })),
    );
  });

  test('refuses a credential an AlertmanagerConfig cannot read (a file), naming the receiver', () => {
    const props = { ...slackPaging, receivers: [...slackPaging.receivers.slice(1), Receiver.slack('checkout-pages', { apiUrl: Credential.file('/run/secrets/slack'), channel: '#pages' })] };
    expect(() => IncidentRoutingDefinition.create(props, 'prod/routing').alertmanagerConfig()).toThrow(
      /^prod\/routing: receivers\[checkout-pages\]\.slack\.apiUrl \("file \/run\/secrets\/slack"\) is a file, which an AlertmanagerConfig cannot read/,
    );
  });
});

describe('the operator\'s namespace matcher', () => {
  test('every alert of the example reaches the AlertmanagerConfig in identity', () => {
    expect(example.namespaceMatcherProblems('identity')).toEqual([]);
  });

  test('an SLO alert without a namespace label, or a resource pack watching every namespace, would never reach it', () => {
    const bare = SloServiceDefinition.create({ service: 'checkout', slos: [{ name: 'availability', objective: Objective.percent(99.9), sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }) }] });
    const everywhere = ResourceAlertsDefinition.create({ name: 'platform' });
    const routing = IncidentRoutingDefinition.create({ ...slackPaging, sources: [bare, everywhere] }, 'prod/routing');
    const problems = routing.namespaceMatcherProblems('shop');
    expect(problems[0]).toMatch(/^prod\/routing: alert SloErrorBudgetBurn of checkout carries no namespace label, so the operator's OnNamespace matcher \(namespace="shop"\) keeps it from this AlertmanagerConfig\. Add namespace: "shop" to its labels/);
    expect(problems.some((p) => /alert ContainerOOMKilled of platform watches every namespace/.test(p))).toBe(true);
    expect(routing.namespaceMatcherProblems(undefined)).toEqual([expect.stringMatching(/the AlertmanagerConfig has no namespace/)]);
    expect(IncidentRoutingDefinition.create({ ...slackPaging, sources: [bare, everywhere], operatorMatcherStrategy: 'None' }).namespaceMatcherProblems('shop')).toEqual([]);
  });
});

describe('inhibitions', () => {
  test('name the burn-rate and absent-data alerts of the sources, at the absent-data alert\'s SEV and below', () => {
    const svc = SloServiceDefinition.create({
      service: 'checkout',
      alerting: { alertName: 'CheckoutBudgetBurn', absentDataAlert: { alertName: 'CheckoutNoData' } },
      slos: [{ name: 'availability', objective: Objective.percent(99.9), sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }) }],
    });
    const rules = IncidentRoutingDefinition.create({ ...slackPaging, sources: [svc] }).alertmanagerYaml().inhibit_rules as Array<Record<string, string[]>>;
    expect(rules[2]).toEqual({
      source_matchers: ['alertname=~"CheckoutNoData"', 'slo=~".+"'],
      target_matchers: ['alertname=~"CheckoutBudgetBurn"', 'sev=~"SEV3|SEV4"', 'slo=~".+"'],
      equal: ['service', 'slo'],
    });
  });

  test('each can be turned off', () => {
    const none = IncidentRoutingDefinition.create({ ...slackPaging, inhibitions: { pageSilencesTicketsOfSameSlo: false, severeSilencesLesserOfService: false, absentDataSilencesBurnRate: false } });
    expect(none.inhibitRules).toEqual([]);
  });
});

describe('bad input: a clear error at construction, nothing emitted', () => {
  const pagerdutyWith = (routingKey: unknown) => ({ ...slackPaging, receivers: [Receiver.pagerDuty('senior', { routingKey: routingKey as Credential }), ...slackPaging.receivers.filter((r) => r.name !== 'senior')] });

  test.each([
    ['a route to a receiver that does not exist', { ...slackPaging, paging: 'checkout-pager' }, /^prod\/routing: paging \("checkout-pager"\) is not a receiver of this routing\. Choose one of checkout-pages, senior, checkout-tickets, payments-pager, deadmans-switch/],
    ['a Watchdog to a receiver that does not exist', { ...slackPaging, watchdog: { receiver: 'deadman' } }, /^prod\/routing: watchdog\.receiver \("deadman"\) is not a receiver of this routing/],
    ['two receivers with one name', { ...slackPaging, receivers: [...slackPaging.receivers, Receiver.slack('senior', { apiUrl: Credential.secret('s', 'k'), channel: '#x' })] }, /^prod\/routing: receivers\[5\]\.name \("senior"\) is the name of another receiver/],
    ['a literal routing key', pagerdutyWith('R0UT1NGK3Y'), /^prod\/routing: receivers\[senior\]\.pagerDuty\.routingKey \("<redacted>"\) is a literal credential, which would end up in Git and in every rendered file\. Keep it in a Kubernetes Secret/],
    ['a literal Slack webhook URL', { ...slackPaging, receivers: [Receiver.slack('checkout-pages', { apiUrl: 'https://hooks.slack.com/services/T/B/X' as unknown as Credential, channel: '#p' }), ...slackPaging.receivers.slice(1)] }, /slack\.apiUrl \("<redacted>"\) is a literal credential/],
    ['a token in a webhook URL', { ...slackPaging, receivers: [...slackPaging.receivers.slice(0, 4), Receiver.webhook('deadmans-switch', { url: 'https://deadman.example.com/ping?token=abc' })] }, /webhook\.url \("https:\/\/<redacted>"\) carries a credential \(the "token" parameter\)/],
    ['a password in a webhook URL', { ...slackPaging, receivers: [...slackPaging.receivers.slice(0, 4), Receiver.webhook('deadmans-switch', { url: 'https://user:pass@deadman.example.com/ping' })] }, /carries a credential \(user info\)/],
    ['an escalation shorter than the response time', { ...slackPaging, escalation: { after: Duration.minutes(10) } }, /^prod\/routing: escalation\.after \("10m"\) is shorter than the SEV2 response time \(15 minutes\), so the next level would be called before the first is due/],
    ['a route that can never match: shadowed by an earlier one', { ...slackPaging, routes: [{ matchers: { team: 'payments' } }, { matchers: { team: 'payments', service: 'payments' } }] }, /^prod\/routing: routes\[1\]\.matchers \(\{"team":"payments","service":"payments"\}\) can never match: routes\[0\] \(team="payments"\) comes first and takes every alert this one would/],
    ['a route that can never match: on the Watchdog', { ...slackPaging, routes: [{ matchers: { alertname: 'Watchdog' } }] }, /routes\[0\]\.matchers\.alertname \("Watchdog"\) is the Watchdog, whose route comes first, so this route can never match/],
    ['a route that matches everything', { ...slackPaging, routes: [{ matchers: {} }] }, /routes\[0\]\.matchers \(\{\}\) matches every alert, so the default routes after it could never match/],
    ['a route on sev', { ...slackPaging, routes: [{ matchers: { sev: 'SEV1' } }] }, /routes\[0\]\.matchers\.sev \("SEV1"\) is what the tree routes on below every route/],
    ['the senior rotation as the paging receiver', { ...slackPaging, senior: 'checkout-pages' }, /^prod\/routing: senior \("checkout-pages"\) is also the paging receiver, so a SEV1 would not reach anyone more/],
    ['a receiver with two integrations', { ...slackPaging, receivers: [{ name: 'both', slack: { apiUrl: Credential.secret('s', 'k'), channel: '#x' }, email: { to: 'a@b.co', from: 'c@d.co', smarthost: 'e:25' } }, ...slackPaging.receivers] }, /receivers\[both\] \(\["slack","email"\]\) has more than one integration/],
    ['a template in an email address', { ...slackPaging, receivers: [...slackPaging.receivers.slice(0, 2), Receiver.email('checkout-tickets', { to: '{{ .CommonLabels.team }}@example.com', from: 'a@example.com', smarthost: 'smtp.example.com:587' }), ...slackPaging.receivers.slice(3)] }, /email\.to \("\{\{ \.CommonLabels\.team \}\}@example\.com"\) is not an email address/],
    ['an unknown inhibition', { ...slackPaging, inhibitions: { pageSilencesTickets: true } as never }, /inhibitions\.pageSilencesTickets \(true\) is not an inhibition/],
  ])('refuses %s', (_what, props, message) => {
    expect(failure(props as IncidentRoutingProps)).toMatch(message);
  });
});
