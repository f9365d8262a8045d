import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { Duration, Objective, Sli, SloServiceDefinition, SloServiceProps, toYaml } from 'sre-constructs';
import { userAuthentication } from '../examples/user-authentication';

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

test('every YAML excerpt appears, line for line, in what the example renders', () => {
  const rendered = toYaml(SloServiceDefinition.create(userAuthentication).ruleFile()).split('\n').map((l) => l.trim());
  const excerpts = blocks('yaml').filter((b) => b.startsWith('# excerpt: dist/rules/user-authentication.rules.yaml'));
  expect(excerpts.length).toBeGreaterThanOrEqual(3);
  for (const excerpt of excerpts) {
    const lines = excerpt.trim().split('\n').slice(1).map((l) => l.trim());
    const at = rendered.findIndex((_, i) => lines.every((l, j) => rendered[i + j] === l));
    expect({ excerpt: lines[0], found: at >= 0 }).toEqual({ excerpt: lines[0], found: true });
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
