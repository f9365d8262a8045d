import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import {
  Duration,
  Objective,
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
import { dashboardPlacement, identityResourceAlerts, userAuthentication, userAuthenticationMonitoring } from '../examples/user-authentication';

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
const RENDERED: Record<string, () => string> = {
  'dist/rules/user-authentication.rules.yaml': () => toYaml(SloServiceDefinition.create(userAuthentication).ruleFile()),
  'dist/rules/user-authentication.red.rules.yaml': () => toYaml(ServiceMonitoringDefinition.create(userAuthenticationMonitoring).ruleFile()),
  'dist/rules/identity.resources.rules.yaml': () => toYaml(ResourceAlertsDefinition.create(identityResourceAlerts).ruleFile()),
  'dist/cdk8s/user-authentication.k8s.yaml': () => toYamlDocuments(buildApp().charts.flatMap((c) => c.toJson())),
  'examples/specs/user-authentication.yaml': () => readFileSync(join(ROOT, 'examples', 'specs', 'user-authentication.yaml'), 'utf8'),
  'dist/dashboards/user-authentication-slo-dashboard.json': () =>
    SloDashboardDefinition.create(SloServiceDefinition.create(userAuthentication), dashboardPlacement).json(),
};

test('every excerpt appears, line for line, in the file the example renders', () => {
  const excerpts = [...readme.matchAll(/```(?:yaml|json)\n(?:#|\/\/) excerpt: (\S+)\n([\s\S]*?)```/g)].map((m) => ({ file: m[1], lines: m[2].trim().split('\n').map((l) => l.trim()) }));
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
