import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { Credential, Duration, IncidentRoutingDefinition, Objective, Receiver, RuleFile, Sli, SloServiceProps, SpecError } from 'sre-constructs';
import { IncidentRouting, OnCall, OnCallArgs, Runbooks, SloService } from 'sre-constructs/pulumi';
import { loadOptionalPeer } from '../../lib/pulumi/optional-peer';
import { RegisteredResource, promiseOf, registerOffline } from '../../scripts/pulumi-offline';
import { schemaErrors } from '../support/schema';

const ROOT = join(__dirname, '..', '..');
const ofType = (resources: RegisteredResource[], type: string) => resources.filter((r) => r.type === type);
const one = (resources: RegisteredResource[], name: string) => resources.find((r) => r.name === name)!;

const onCallArgs: OnCallArgs = {
  service: 'checkout',
  primary: { users: [pulumi.output('PALICE1'), 'PBOBBY2'] },
  senior: { users: ['PCAROL3'] },
  secret: { metadata: { namespace: pulumi.output('shop') } },
};

const sloProps = (alerting: SloServiceProps['alerting']): SloServiceProps => ({
  service: 'checkout',
  alerting,
  slos: [{ name: 'availability', objective: Objective.percent(99.9), sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), labels: { namespace: 'shop' } }],
});

describe('Pulumi OnCall (PagerDuty, mocked)', () => {
  let resources: RegisteredResource[];
  let onCall: OnCall;

  beforeAll(async () => {
    resources = await registerOffline(() => {
      onCall = new OnCall('checkout-oncall', onCallArgs);
      return [onCall];
    });
  });

  test('schedules the named users in weekly turns, user ids taken as Inputs', () => {
    const primary = one(resources, 'checkout-oncall-primary-schedule');
    expect(primary.type).toBe('pagerduty:index/schedule:Schedule');
    expect(primary.inputs).toMatchObject({
      name: 'checkout on-call',
      timeZone: 'UTC',
      layers: [{ name: 'checkout on-call (weekly)', rotationTurnLengthSeconds: 604800, start: '2025-01-06T09:00:00Z', rotationVirtualStart: '2025-01-06T09:00:00Z', users: ['PALICE1', 'PBOBBY2'] }],
    });
    expect((one(resources, 'checkout-oncall-senior-schedule').inputs.layers as Array<{ users: string[] }>)[0].users).toEqual(['PCAROL3']);
  });

  test('escalates to the senior rotation after 30 minutes, by reference to the schedules\' ids', () => {
    expect(one(resources, 'checkout-oncall-escalation').inputs).toMatchObject({
      name: 'checkout escalation',
      rules: [
        { escalationDelayInMinutes: 30, targets: [{ type: 'schedule_reference', id: 'checkout-oncall-primary-schedule-id' }] },
        { escalationDelayInMinutes: 30, targets: [{ type: 'schedule_reference', id: 'checkout-oncall-senior-schedule-id' }] },
      ],
    });
    expect(one(resources, 'checkout-oncall-senior-escalation').inputs.rules).toEqual([{ escalationDelayInMinutes: 30, targets: [{ type: 'schedule_reference', id: 'checkout-oncall-senior-schedule-id' }] }]);
  });

  test('the services use the policies, and their Events API v2 integrations their ids', () => {
    expect(one(resources, 'checkout-oncall-service').inputs).toMatchObject({ name: 'checkout', escalationPolicy: 'checkout-oncall-escalation-id', autoResolveTimeout: 'null', acknowledgementTimeout: 'null' });
    expect(one(resources, 'checkout-oncall-senior-service').inputs).toMatchObject({ escalationPolicy: 'checkout-oncall-senior-escalation-id' });
    expect(one(resources, 'checkout-oncall-primary-integration').inputs).toMatchObject({ type: 'events_api_v2_inbound_integration', service: 'checkout-oncall-service-id' });
    expect(one(resources, 'checkout-oncall-senior-integration').inputs).toMatchObject({ service: 'checkout-oncall-senior-service-id' });
  });

  test('delivers both integration keys, as secrets, into the Secret the routing\'s PagerDuty receivers read', async () => {
    const secret = one(resources, 'checkout-oncall-secret');
    expect(secret.type).toBe('kubernetes:core/v1:Secret');
    expect(secret.inputs.metadata).toEqual({ name: 'pagerduty-checkout', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'sre-constructs' } });
    expect(await promiseOf(onCall.secret.stringData)).toEqual({ 'routing-key': 'checkout-oncall-primary-integration-key', 'senior-routing-key': 'checkout-oncall-senior-integration-key' });
    expect(await pulumi.isSecret(onCall.secret.stringData)).toBe(true);
    expect([onCall.routingKey, onCall.seniorRoutingKey]).toEqual([Credential.secret('pagerduty-checkout', 'routing-key'), Credential.secret('pagerduty-checkout', 'senior-routing-key')]);
    const routing = IncidentRoutingDefinition.create({
      name: 'checkout',
      receivers: [Receiver.pagerDuty('pager', { routingKey: onCall.routingKey }), Receiver.pagerDuty('senior', { routingKey: onCall.seniorRoutingKey }), Receiver.webhook('tickets', { url: 'https://tickets.example.com' })],
      paging: 'pager',
      tickets: 'tickets',
      senior: 'senior',
      watchdog: false,
    });
    const receivers = (routing.alertmanagerConfig().spec as { receivers: Array<{ pagerdutyConfigs?: Array<{ routingKey: unknown }> }> }).receivers;
    expect(receivers[0].pagerdutyConfigs![0].routingKey).toEqual({ name: 'pagerduty-checkout', key: 'routing-key' });
  });

  test('parents every resource to the component', async () => {
    expect(await promiseOf(onCall.services.primary.urn)).toMatch(/sre-constructs:index:OnCall\$pagerduty:index\/service:Service::checkout-oncall-service$/);
    expect(await promiseOf(onCall.secret.urn)).toMatch(/sre-constructs:index:OnCall\$kubernetes:core\/v1:Secret::checkout-oncall-secret$/);
  });

  test.each([
    ['an escalation shorter than the response time', { escalateAfter: Duration.minutes(10) }, /^broken: escalateAfter \("10m"\) is shorter than the SEV2 response time \(15 minutes\)/],
    ['an empty rotation', { senior: { users: [] } }, /^broken: senior\.users \(\[\]\) is empty/],
    ['a time zone that is not one', { timeZone: 'Mars/Olympus' }, /^broken: timeZone \("Mars\/Olympus"\) is not an IANA time zone/],
    ['a person named twice', { primary: { users: ['PALICE1', 'PALICE1'] } }, /^broken: primary\.users \("PALICE1"\) is named twice/],
  ])('refuses %s before anything registers', async (_what, extra, message) => {
    let error: unknown;
    const registered = await registerOffline(() => {
      try {
        new OnCall('broken', { ...onCallArgs, service: 'broken', ...extra } as OnCallArgs);
      } catch (e) {
        error = e;
      }
      return [];
    });
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(message);
    expect(registered).toEqual([]);
  });
});

describe('Pulumi IncidentRouting and Runbooks', () => {
  const routing = {
    name: 'checkout',
    receivers: [
      Receiver.pagerDuty('pager', { routingKey: Credential.secret('pagerduty-checkout', 'routing-key') }),
      Receiver.pagerDuty('senior', { routingKey: Credential.secret('pagerduty-checkout', 'senior-routing-key') }),
      Receiver.webhook('tickets', { url: 'https://tickets.example.com/alertmanager' }),
    ],
    paging: 'pager',
    tickets: 'tickets',
    senior: 'senior',
    watchdog: false as const,
  };

  test('registers the AlertmanagerConfig the core renders, with a namespace from an Output', async () => {
    const resources = await registerOffline(() => [new IncidentRouting('checkout-routing', { ...routing, metadata: { namespace: pulumi.output('shop') } })]);
    const [config] = ofType(resources, 'kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig');
    const expected = IncidentRoutingDefinition.create({ ...routing, metadata: { namespace: 'shop' } }).alertmanagerConfig();
    expect(config.inputs).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(schemaErrors(config.inputs as never)).toEqual([]);
  });

  test('registers the Watchdog rule of its dead-man\'s-switch route, labelled with the namespace the Output resolves to', async () => {
    const withSwitch = { ...routing, watchdog: { receiver: 'tickets' } };
    const resources = await registerOffline(() => [new IncidentRouting('checkout-routing', { ...withSwitch, metadata: { namespace: pulumi.output('shop') } })]);
    const [rule] = ofType(resources, 'kubernetes:monitoring.coreos.com/v1:PrometheusRule');
    const expected = IncidentRoutingDefinition.create({ ...withSwitch, metadata: { namespace: 'shop' } }).watchdogPrometheusRule()!;
    expect(rule.inputs).toEqual(JSON.parse(JSON.stringify(expected)));
    expect((expected.spec as RuleFile).groups[0].rules[0].labels?.namespace).toBe('shop');
    expect(schemaErrors(rule.inputs as never)).toEqual([]);
  });

  test('checks the operator\'s namespace matcher against its sources before registering', async () => {
    let error: unknown;
    const resources = await registerOffline(() => {
      const svc = new SloService('checkout', { ...sloProps({ acknowledgeNoRunbook: 'test' }), slos: [{ ...sloProps({}).slos[0], labels: undefined }] });
      try {
        new IncidentRouting('checkout-routing', { ...routing, sources: [svc], metadata: { namespace: 'shop' } });
      } catch (e) {
        error = e;
      }
      return [svc];
    });
    expect((error as Error).message).toMatch(/^checkout-routing: alert SloErrorBudgetBurn of checkout carries no namespace label/);
    expect(ofType(resources, 'kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig')).toEqual([]);
  });

  test('Runbooks registers a ConfigMap of the pages when asked, its namespace from an Output', async () => {
    const resources = await registerOffline(() => {
      const svc = new SloService('checkout', sloProps({ runbookBaseUrl: 'https://runbooks.example.com/' }));
      return [svc, new Runbooks('checkout-runbooks', { name: 'checkout', sources: [svc], configMap: { metadata: { namespace: pulumi.output('shop') } } })];
    });
    const [configMap] = ofType(resources, 'kubernetes:core/v1:ConfigMap');
    expect(configMap.inputs.metadata).toMatchObject({ name: 'checkout-runbooks', namespace: 'shop' });
    expect(Object.keys(configMap.inputs.data as object)).toEqual(['README.md', 'checkout_postmortem.md', 'checkout_slo-availability.md']);
    expect(schemaErrors(configMap.inputs as never)).toEqual([]);
  });

  test('Runbooks refuses, before registering, a source whose paging alert has no runbook (a Pulumi program has no synth step)', async () => {
    let error: unknown;
    const resources = await registerOffline(() => {
      const svc = new SloService('checkout', sloProps({}));
      try {
        new Runbooks('checkout-runbooks', { name: 'checkout', sources: [svc], configMap: true });
      } catch (e) {
        error = e;
      }
      return [svc];
    });
    expect((error as Error).message).toMatch(/^checkout: alert SloErrorBudgetBurn \(SEV2, pages\) has no runbook/);
    expect(ofType(resources, 'kubernetes:core/v1:ConfigMap')).toEqual([]);
  });
});

describe('@pulumi/pagerduty stays an optional peer', () => {
  const loaded = (script: string) => {
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', `${script}; console.log(Object.keys(require.cache).filter((k) => k.includes('@pulumi/pagerduty')).length)`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return Number(r.stdout.trim());
  };

  test('the core, the cdk8s door and the Pulumi door load without it; only building an OnCall does', () => {
    expect(loaded("require('./lib/index.ts'); require('./lib/cdk8s/index.ts'); require('./lib/pulumi/index.ts')")).toBe(0);
    expect(loaded("require('./lib/pulumi/optional-peer.ts').loadOptionalPeer('@pulumi/pagerduty', 'OnCall')")).toBeGreaterThan(0);
  });

  test('without it, OnCall says what to install', () => {
    expect(() => loadOptionalPeer('@pulumi/not-installed', 'OnCall')).toThrow('OnCall needs @pulumi/not-installed, an optional peer dependency of sre-constructs: npm install @pulumi/not-installed');
  });
});
