import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * The architecture stays visible: the core never imports an engine, one adapter never imports the
 * other, and adapters hold no domain logic (no PromQL).
 */
const LIB = resolve(__dirname, '..', 'lib');
const ENGINES = /^(cdk8s|cdk8s-plus-\d+|constructs|@pulumi\/.*)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression.getText(source);
      if (callee === 'require' || node.expression.kind === ts.SyntaxKind.ImportKeyword) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Where a relative import lands, as a path under lib/. */
function target(from: string, spec: string): string {
  return spec.startsWith('.') ? relative(LIB, resolve(from, '..', spec)) : spec;
}

interface Module {
  readonly file: string;
  readonly deps: readonly string[];
}

const all: Module[] = files(LIB).map((f) => ({ file: relative(LIB, f), deps: imports(f).map((s) => target(f, s)) }));
const isCore = (m: Module) => !m.file.startsWith('cdk8s/') && !m.file.startsWith('pulumi/');

/** Imports of engines or adapters made by core modules. */
function coreViolations(modules: readonly Module[]): string[] {
  return modules.filter(isCore).flatMap((f) => f.deps.filter((d) => ENGINES.test(d) || /^(cdk8s|pulumi)(\/|$)/.test(d)).map((d) => `${f.file} -> ${d}`));
}

test('the core imports no engine and no adapter', () => {
  expect(all.filter(isCore).length).toBeGreaterThan(10);
  expect(coreViolations(all)).toEqual([]);
});

test('the cdk8s adapter never imports Pulumi, and the Pulumi adapter never imports cdk8s', () => {
  const offending = all.flatMap((f) => {
    if (f.file.startsWith('cdk8s/')) return f.deps.filter((d) => /^@pulumi\//.test(d) || d.startsWith('pulumi/')).map((d) => `${f.file} -> ${d}`);
    if (f.file.startsWith('pulumi/')) return f.deps.filter((d) => /^(cdk8s|constructs)/.test(d) || d.startsWith('cdk8s/')).map((d) => `${f.file} -> ${d}`);
    return [];
  });
  expect(offending).toEqual([]);
});

test('adapters hold no domain logic: no PromQL, no error-budget maths, and stay short', () => {
  const adapters = all.filter((f) => f.file.startsWith('cdk8s/') || f.file.startsWith('pulumi/'));
  for (const { file } of adapters) {
    const text = readFileSync(join(LIB, file), 'utf8');
    expect({ file, promql: /\b(rate|sum|histogram_\w+|\w+_over_time)\(/.test(text) }).toEqual({ file, promql: false });
    expect({ file, lines: text.split('\n').length < 80 }).toEqual({ file, lines: true });
  }
});

test('this test would notice an engine or adapter import in the core', () => {
  const fake = join(LIB, 'slo', 'fake.ts');
  const source = ts.createSourceFile(fake, "import { App } from 'cdk8s';\nimport { SloService } from '../cdk8s/slo-service';", ts.ScriptTarget.ES2022, true);
  const deps = source.statements.filter(ts.isImportDeclaration).map((s) => target(fake, (s.moduleSpecifier as ts.StringLiteral).text));
  expect(coreViolations([...all, { file: 'slo/fake.ts', deps }])).toEqual(['slo/fake.ts -> cdk8s', 'slo/fake.ts -> cdk8s/slo-service']);
});

/** Peers only some components need: never loaded by importing a door, never named in its declarations. */
const OPTIONAL_PEERS = /^(@pulumi\/aws|@pulumi\/pagerduty|@pulumi\/policy|@resvg\/resvg-js)(\/|$)/;

/** Value imports of optional peers (an `import type` is erased; a component loads the peer with loadOptionalPeer). */
function optionalPeerValueImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  return source.statements
    .filter(ts.isImportDeclaration)
    .filter((s) => OPTIONAL_PEERS.test((s.moduleSpecifier as ts.StringLiteral).text) && !s.importClause?.isTypeOnly)
    .map((s) => `${relative(LIB, file)} -> ${(s.moduleSpecifier as ts.StringLiteral).text}`);
}

test('optional peers are loaded by the component that needs them, never by importing a door', () => {
  expect(files(LIB).flatMap((f) => optionalPeerValueImports(f, readFileSync(f, 'utf8')))).toEqual([]);
  expect(optionalPeerValueImports(join(LIB, 'pulumi', 'fake.ts'), "import * as aws from '@pulumi/aws';\nimport type * as Aws from '@pulumi/aws';")).toEqual(['pulumi/fake.ts -> @pulumi/aws']);
});

test('the emitted declarations name no optional peer, so projects without them type-check', () => {
  // npm test builds first; the declarations are what a consumer's tsc reads.
  const BUILD = resolve(LIB, '..', 'build');
  const declarations = files(BUILD).filter((f) => f.endsWith('.d.ts'));
  expect(declarations.length).toBeGreaterThan(50);
  const named = declarations.flatMap((f) => imports(f).filter((d) => OPTIONAL_PEERS.test(d)).map((d) => `${relative(BUILD, f)} -> ${d}`));
  expect(named).toEqual([]);
});
