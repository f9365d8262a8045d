import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import {
  AutoscalingDefinition,
  AutoscalingProps,
  CapacityPlanDefinition,
  CertificateRenewalDefinition,
  ChaosScheduleDefinition,
  DisasterRecoveryPlanDefinition,
  DisasterRecoveryPlanProps,
  Duration,
  ErrorBudgetPolicyDefinition,
  IncidentRoutingDefinition,
  LogPolicyDefinition,
  MemoryPolicy,
  Objective,
  READINESS_RULES,
  ResourceAlertsDefinition,
  ServiceMonitoringDefinition,
  Sli,
  SloDashboardDefinition,
  SloServiceDefinition,
  SloServiceProps,
  toYaml,
  toYamlDocuments,
} from 'sre-constructs';
import { buildApp } from '../examples/cdk8s/main';
import { paymentService, paymentServiceBudgetPolicy, paymentServiceChaos } from '../examples/payment-service';
import {
  dashboardPlacement,
  identityLogPolicy,
  identityResourceAlerts,
  identityRouting,
  userAuthentication,
  userAuthenticationAutoscaling,
  userAuthenticationBudgetPolicy,
  userAuthenticationCapacity,
  userAuthenticationCertificate,
  userAuthenticationDisasterRecovery,
  userAuthenticationMonitoring,
} from '../examples/user-authentication';
// Disaster recovery
import { registerOffline, resourcesByTypeAndName } from '../scripts/pulumi-offline';
import { Readiness } from 'sre-constructs/cdk8s';

/** The README is part of the product: its code compiles, its YAML is what the example renders, its errors are real. */
const ROOT = resolve(__dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = (lang: string) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

test('every TypeScript block type-checks against the library', () => {
  const dir = join(ROOT, '.tmp', 'readme');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = blocks('ts').map((code, i) => {
    const file = join(dir, `block-${i}.ts`);
    writeFileSync(file, `${code}\nexport {};\n`);
    return file;
  });
  expect(files.length).toBeGreaterThanOrEqual(5);
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.dev.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram(files, { ...config!.options, noUnusedLocals: false });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.includes(d.file.fileName))
    .map((d) => `${d.file!.fileName.slice(dir.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
});

test('the consumer projects shown are, file for file, the ones npm run test:consumers runs', () => {
  const shown = [...readme.matchAll(/```(?:ts|jsonc)\n\/\/ (test\/consumers\/\S+)\n([\s\S]*?)```/g)].map((m) => ({ file: m[1], text: m[2] }));
  expect(shown.map((b) => b.file).sort()).toEqual([
    'test/consumers/cdk8s-app/main.ts',
    'test/consumers/cdk8s-app/tsconfig.json',
    'test/consumers/pulumi-program/index.ts',
    'test/consumers/pulumi-program/tsconfig.json',
  ]);
  for (const { file, text } of shown) expect({ file, text }).toEqual({ file, text: readFileSync(join(ROOT, file), 'utf8') });
});

/** What `npm run synth` writes, rendered here so the excerpts are checked without a synth. */
/** The example's chaos schedule, pausing on the service's error-budget policy, as examples/rules/main.ts builds it. */
function paymentChaos(): ChaosScheduleDefinition {
  const slos = SloServiceDefinition.create(paymentService);
  return ChaosScheduleDefinition.create(paymentServiceChaos(slos, ErrorBudgetPolicyDefinition.create(slos, paymentServiceBudgetPolicy)));
}

const RENDERED: Record<string, () => string> = {
  'dist/rules/user-authentication.rules.yaml': () => toYaml(SloServiceDefinition.create(userAuthentication).ruleFile()),
  'dist/rules/user-authentication.red.rules.yaml': () => toYaml(ServiceMonitoringDefinition.create(userAuthenticationMonitoring).ruleFile()),
  'dist/rules/identity.resources.rules.yaml': () => toYaml(ResourceAlertsDefinition.create(identityResourceAlerts).ruleFile()),
  'dist/rules/user-authentication.budget-policy.rules.yaml': () =>
    toYaml(ErrorBudgetPolicyDefinition.create(SloServiceDefinition.create(userAuthentication), userAuthenticationBudgetPolicy).ruleFile()),
  // Capacity planning
  'dist/rules/user-authentication.capacity.rules.yaml': () => toYaml(CapacityPlanDefinition.create(userAuthenticationCapacity).ruleFile()),
  'dist/cdk8s/user-authentication.k8s.yaml': () => toYamlDocuments(buildApp().charts.flatMap((c) => c.toJson())),
  'examples/specs/user-authentication.yaml': () => readFileSync(join(ROOT, 'examples', 'specs', 'user-authentication.yaml'), 'utf8'),
  'dist/rules/user-authentication.automation.rules.yaml': () => toYaml(AutoscalingDefinition.create(userAuthenticationAutoscaling(CapacityPlanDefinition.create(userAuthenticationCapacity))).ruleFile()),
  'dist/rules/prometheus-adapter.rules.yaml': () =>
    toYaml(AutoscalingDefinition.create(userAuthenticationAutoscaling(CapacityPlanDefinition.create(userAuthenticationCapacity))).prometheusAdapterRules()),
  'dist/rules/identity.log-policy.rules.yaml': () => toYaml(LogPolicyDefinition.create(identityLogPolicy).ruleFile()),
  'dist/alertmanager/alertmanager.yml': () =>
    toYaml(
      IncidentRoutingDefinition.create(
        identityRouting([
          SloServiceDefinition.create(userAuthentication),
          ServiceMonitoringDefinition.create(userAuthenticationMonitoring),
          ResourceAlertsDefinition.create(identityResourceAlerts),
        ]),
      ).alertmanagerYaml(),
    ),
  'dist/dashboards/user-authentication-slo-dashboard.json': () =>
    SloDashboardDefinition.create(SloServiceDefinition.create(userAuthentication), dashboardPlacement).json(),
  // Chaos engineering
  'dist/cdk8s/payment-service.k8s.yaml': () => toYamlDocuments(buildApp().charts.find((c) => c.node.id === 'payment-service')!.toJson()),
  'dist/rules/payment-service.chaos.rules.yaml': () => toYaml(paymentChaos().ruleFile()),
  'dist/chaos/payment-service.md': () => paymentChaos().card(),
  // Disaster recovery
  'dist/rules/user-authentication.dr.rules.yaml': () => toYaml(DisasterRecoveryPlanDefinition.create(userAuthenticationDisasterRecovery).ruleFile()),
  'dist/runbooks/user-authentication-disaster-recovery.md': () => DisasterRecoveryPlanDefinition.create(userAuthenticationDisasterRecovery).runbook(),
  'dist/pulumi/resources.json': () => pulumiResources,
  // Production readiness
  'examples/readiness.yaml': () => readFileSync(join(ROOT, 'examples', 'readiness.yaml'), 'utf8'),
  'dist/readiness/cdk8s.md': () => Readiness.of(buildApp()).report().markdown(),
};

// Disaster recovery: what examples/pulumi/offline.ts writes, from the same program under the same mocks.
let pulumiResources = '';
beforeAll(async () => {
  const registered = await registerOffline(async () => (await import('../examples/pulumi/index.js')).components);
  pulumiResources = `${JSON.stringify(resourcesByTypeAndName(registered), null, 2)}\n`;
});

test('every excerpt appears, line for line, in the file the example renders', () => {
  const excerpts = [...readme.matchAll(/```(?:yaml|json|markdown)\n(?:#|\/\/|<!--) excerpt: (\S+)(?: -->)?\n([\s\S]*?)```/g)].map((m) => ({ file: m[1], lines: m[2].trim().split('\n').map((l) => l.trim()) }));
  expect(excerpts.filter((e) => e.file === 'dist/rules/user-authentication.rules.yaml').length).toBeGreaterThanOrEqual(3);
  expect(new Set(excerpts.map((e) => e.file)).size).toBe(Object.keys(RENDERED).length);
  for (const { file, lines } of excerpts) {
    expect({ file, known: file in RENDERED }).toEqual({ file, known: true });
    const rendered = RENDERED[file]().split('\n').map((l) => l.trim());
    const at = rendered.findIndex((_, i) => lines.every((l, j) => rendered[i + j] === l));
    expect({ file, excerpt: lines[0], found: at >= 0 }).toEqual({ file, excerpt: lines[0], found: true });
  }
});

test('the error messages shown are the ones the library raises', () => {
  const good = { name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) };
  const cases: SloServiceProps[] = [
    { service: 'checkout', slos: [{ ...good, objective: Objective.percent(100) }] },
    { service: 'checkout', slos: [{ ...good, name: 'latency_p99' }] },
    { service: 'checkout', slos: [{ ...good, objective: Objective.percent(90), alerting: {} }] },
    { service: 'checkout', window: Duration.days(2), slos: [good] },
  ];
  const messages = cases.map((props) => {
    try {
      SloServiceDefinition.create(props, 'prod/checkout');
      return 'accepted';
    } catch (e) {
      return (e as Error).message;
    }
  });
  const shown = blocks('text').find((b) => b.startsWith('prod/checkout'))!.trim().split('\n');
  expect(shown).toEqual(messages);
});

test('the automation and logging errors shown are the ones the library raises', () => {
  const autoscaling = userAuthenticationAutoscaling(CapacityPlanDefinition.create(userAuthenticationCapacity));
  const horizontal = autoscaling.horizontal as Exclude<AutoscalingProps['horizontal'], false | undefined>;
  const attempts: Array<() => unknown> = [
    () => AutoscalingDefinition.create({ ...autoscaling, horizontal: { ...horizontal, minReplicas: 12, maxReplicas: 10 } }, 'prod/autoscaling'),
    () => AutoscalingDefinition.create({ ...autoscaling, memory: MemoryPolicy.raiseOnOom({ factor: 1, ceiling: '2Gi' }) }, 'prod/autoscaling'),
    () => CertificateRenewalDefinition.create({ ...userAuthenticationCertificate, renewBefore: Duration.days(33) }, 'prod/certificate'),
    () => LogPolicyDefinition.create({ ...identityLogPolicy, retention: { hot: Duration.days(30), warm: Duration.days(7), cold: Duration.days(365) } }, 'prod/logs'),
  ];
  const messages = attempts.map((attempt) => {
    try {
      attempt();
      return 'accepted';
    } catch (e) {
      return (e as Error).message;
    }
  });
  const shown = blocks('text').find((b) => b.startsWith('prod/autoscaling'))!.trim().split('\n');
  expect(shown).toEqual(messages);
});

// Disaster recovery
test('the DR error shown is the one the library raises for the seed\'s plan as written', () => {
  const seed: DisasterRecoveryPlanProps = {
    name: 'user-authentication',
    rpo: Duration.hours(1),
    rto: Duration.hours(4),
    stores: [
      { name: 'database', backup: { continuous: true, retention: Duration.days(30), encryption: 'AES256' }, postgres: { cluster: 'user-authentication-db', namespace: 'identity' } },
      { name: 'file-storage', backup: { every: Duration.hours(6), retention: Duration.days(90), encryption: 'AES256' }, volumes: { namespaces: ['identity'] } },
    ],
  };
  let message = 'accepted';
  try {
    DisasterRecoveryPlanDefinition.create(seed, 'prod/user-authentication');
  } catch (e) {
    message = (e as Error).message;
  }
  const shown = blocks('text').find((b) => b.startsWith('prod/user-authentication'))!.trim();
  expect(shown).toBe(message);
});

// Production readiness
test('the readiness rules table lists every rule of the library, with its checklist item, title and level', () => {
  const rows = readme.split('\n').filter((l) => /^\| `[A-Z]+-[A-Z]+-\d{3}` \|/.test(l));
  expect(rows.map((r) => r.split(' | ')[0].slice(3, -1))).toEqual(READINESS_RULES.map((r) => r.id));
  for (const r of READINESS_RULES) {
    const row = rows.find((l) => l.startsWith(`| \`${r.id}\` |`))!;
    expect(row).toContain(`| ${r.checklist.section}: ${r.checklist.item} | ${r.title}`);
    expect(row.endsWith(`| ${r.level} |`)).toBe(true);
  }
});
