import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Tries the package as users get it: `npm pack`, then the tarball installed into small projects that
 * carry exactly the tsconfig files `cdk8s init typescript-app` and `pulumi new kubernetes-typescript`
 * write (test/consumers/), plus an ES module project and a bundler project. Each is type-checked with
 * skipLibCheck off and run the way its tool runs it.
 *
 *   npm run test:consumers            (KEEP=1 keeps the temporary folder for a look)
 *
 * The projects share one npm workspace in a temporary folder. Their dependencies are pinned to versions
 * this repository's lockfile holds, so the install comes from npm's cache (the registry is asked only for
 * what the cache lacks). Projects run side by side, one per core; the steps of a project in order.
 */

const ROOT = resolve(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'consumers');

interface Step {
  readonly project: string;
  readonly what: string;
  readonly command: readonly string[];
  /** Checks the project's output once the command succeeded; returns problems. */
  readonly verify?: (dir: string, stdout: string) => string[];
}

const STEPS: readonly Step[] = [
  { project: 'cdk8s-app', what: 'tsc --build, as the template compiles (lib es2016, classic node resolution)', command: ['tsc', '--build'] },
  {
    project: 'cdk8s-app',
    what: 'tsc with nothing newer than ES2016 and no Node types (@types/node brings ES2020 into the template)',
    command: ['tsc', '-p', 'tsconfig.es2016.json'],
  },
  { project: 'cdk8s-app', what: 'cdk8s synth, running main.ts with ts-node as cdk8s.yaml says', command: ['cdk8s', 'synth', '--no-check-upgrade'], verify: synthesizedKinds },
  { project: 'pulumi-program', what: 'tsc with the tsconfig of pulumi new until 2026 (commonjs, moduleResolution node)', command: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { project: 'pulumi-program', what: 'tsc with the tsconfig of pulumi new since 2026 (nodenext, CommonJS package)', command: ['tsc', '-p', 'tsconfig.nodenext.json', '--noEmit'] },
  { project: 'pulumi-program', what: 'the program under Pulumi mocks, with ts-node as Pulumi runs it', command: ['ts-node', 'mocks.ts'], verify: printed('pulumi-program:') },
  { project: 'esm-app', what: 'tsc, nodenext with an ES module and a .cts module', command: ['tsc', '-p', '.'] },
  { project: 'esm-app', what: 'node, ES module importing the CommonJS package by name', command: ['node', 'out/main.js'], verify: printed('esm-app:') },
  { project: 'bundler-app', what: 'tsc, moduleResolution bundler', command: ['tsc', '-p', '.'] },
  {
    project: 'bundler-app',
    what: 'esbuild bundle',
    command: ['esbuild', 'main.ts', '--bundle', '--platform=node', '--format=cjs', '--external:cdk8s', '--external:constructs', '--outfile=out/main.cjs', '--log-level=warning'],
  },
  { project: 'bundler-app', what: 'node, the bundle', command: ['node', 'out/main.cjs'], verify: printed('bundler-app:') },
];

function synthesizedKinds(dir: string): string[] {
  const text = readFileSync(join(dir, 'dist', 'checkout.k8s.yaml'), 'utf8');
  const kinds = parseAllDocuments(text).map((d) => (d.toJS() as { kind: string }).kind).sort();
  const expected = ['ConfigMap', 'ConfigMap', 'PrometheusRule', 'PrometheusRule', 'ServiceMonitor'];
  return kinds.join() === expected.join() ? [] : [`dist/checkout.k8s.yaml holds ${kinds.join(', ')}, not ${expected.join(', ')}`];
}

function printed(prefix: string): (dir: string, stdout: string) => string[] {
  return (_dir, stdout) => (stdout.includes(prefix) ? [] : [`expected a line starting "${prefix}"`]);
}

interface Ran {
  readonly ok: boolean;
  readonly stdout: string;
  readonly output: string;
  readonly ms: number;
}

function run(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (e) => done({ ok: false, stdout, output: `${output}${String(e)}`, ms: Date.now() - started }));
    child.on('close', (code) => done({ ok: code === 0, stdout, output, ms: Date.now() - started }));
  });
}

/** True when build/ is newer than every source file, so packing need not build again. */
function buildIsCurrent(): boolean {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  try {
    return statSync(join(ROOT, 'build', 'index.d.ts')).mtimeMs > Math.max(newest(join(ROOT, 'lib')), statSync(join(ROOT, 'package.json')).mtimeMs);
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'sre-constructs-consumers-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: [join(work, 'node_modules', '.bin'), process.env.PATH].join(delimiter), CI: '1' };
  const report = (label: string, ms: number) => console.log(`  ${(ms / 1000).toFixed(1).padStart(5)} s  ${label}`);
  try {
    const projects = readdirSync(FIXTURES);
    const current = buildIsCurrent();
    const pack = await run(['npm', 'pack', '--silent', '--pack-destination', work, ...(current ? ['--ignore-scripts'] : [])], ROOT, process.env);
    if (!pack.ok) throw new Error(`npm pack failed:\n${pack.output}`);
    const tarball = pack.stdout.trim().split('\n').pop()!;
    renameSync(join(work, tarball), join(work, 'sre-constructs.tgz'));
    report(`npm pack (${tarball}, ${current ? 'build/ already current' : 'build included'})`, pack.ms);
    for (const project of projects) cpSync(join(FIXTURES, project), join(work, project), { recursive: true });
    writeFileSync(join(work, 'package.json'), `${JSON.stringify({ name: 'sre-constructs-consumers', private: true, workspaces: projects }, null, 2)}\n`);
    const install = await run(['npm', 'install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], work, env);
    if (!install.ok) throw new Error(`npm install failed:\n${install.output}`);
    report(`npm install --prefer-offline (${projects.join(', ')})`, install.ms);
    const failures: string[] = [];
    const runProject = async (project: string) => {
      for (const step of STEPS.filter((s) => s.project === project)) {
        const dir = join(work, step.project);
        const result = await run(step.command, dir, env);
        const problems = result.ok ? (step.verify?.(dir, result.stdout) ?? []) : [result.output.trim()];
        report(`${step.project}: ${step.what}${problems.length ? '  FAILED' : ''}`, result.ms);
        if (problems.length) {
          failures.push(`${step.project}: ${step.command.join(' ')}\n${problems.join('\n')}`);
          return;
        }
      }
    };
    // The slowest project first, so the others fill the remaining cores around it.
    const queue = [...new Set(STEPS.map((s) => s.project))].sort((a, b) => Number(b === 'pulumi-program') - Number(a === 'pulumi-program'));
    const worker = async () => {
      for (let project = queue.shift(); project !== undefined; project = queue.shift()) await runProject(project);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), 4)) }, worker));
    report('in all', Date.now() - started);
    if (failures.length) {
      console.error(`\n${failures.join('\n\n')}`);
      return 1;
    }
    return 0;
  } finally {
    if (process.env.KEEP) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
