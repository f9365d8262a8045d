import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's amtool (0.25) on a configuration given as YAML text. Fails (never skips) when amtool is missing. */
function withConfig<T>(yaml: string, run: (file: string) => T): T {
  try {
    execFileSync('sh', ['-c', 'command -v amtool'], { stdio: 'ignore' });
  } catch {
    throw new Error('amtool is not installed: run .ci/run, or apt-get install prometheus-alertmanager');
  }
  const dir = mkdtempSync(join(tmpdir(), 'sre-constructs-amtool-'));
  try {
    const file = join(dir, 'alertmanager.yml');
    writeFileSync(file, yaml);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `amtool check-config`: ok, and what it printed. */
export function checkConfig(yaml: string): { readonly ok: boolean; readonly output: string } {
  return withConfig(yaml, (file) => {
    const r = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  });
}

/** `amtool config routes test`: the receivers an alert with `labels` reaches, in order. */
export function routesTest(yaml: string, labels: Readonly<Record<string, string>>): string[] {
  return withConfig(yaml, (file) => {
    const args = ['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
    const r = spawnSync('amtool', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`amtool config routes test failed: ${r.stderr}`);
    return r.stdout.trim().split(',');
  });
}

/** `amtool config routes`: the routing tree as amtool prints it, from its root line on. */
export function routesTree(yaml: string): string {
  return withConfig(yaml, (file) => {
    const r = spawnSync('amtool', ['config', 'routes', `--config.file=${file}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`amtool config routes failed: ${r.stderr}`);
    return r.stdout.slice(r.stdout.indexOf('└──')).trimEnd();
  });
}
