import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { DisasterRecoveryPlanDefinition, DrillGrant } from 'sre-constructs';
import { example } from './plans';

/**
 * The drill's script, run by a real POSIX shell against a fake kubectl that answers like the API server and
 * Velero/CloudNativePG would, logs every call, and refuses any call the drill's Roles do not allow.
 */
const plan = DisasterRecoveryPlanDefinition.create(example);
const drill = plan.drill!;
const script = drill.container.args[0];

/** What a kubectl invocation asks of the API server: verbs on a resource in a namespace. */
interface Access {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
}

const RESOURCES: Record<string, { group: string; resource: string }> = {
  persistentvolumeclaims: { group: '', resource: 'persistentvolumeclaims' },
  'clusters.postgresql.cnpg.io': { group: 'postgresql.cnpg.io', resource: 'clusters' },
  'restores.velero.io': { group: 'velero.io', resource: 'restores' },
  Restore: { group: 'velero.io', resource: 'restores' },
  Cluster: { group: 'postgresql.cnpg.io', resource: 'clusters' },
};

/** The fake: a Node script on PATH as `kubectl`, answering from environment variables. */
const FAKE = `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
const stdin = args.includes('--filename') ? fs.readFileSync(0, 'utf8') : '';
fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ args, stdin }) + '\\n');
const [verb, target] = args;
const jsonpath = (args.find((a) => a.startsWith('jsonpath=')) || '').slice(9);
if (verb === 'get' && target.startsWith('restores.velero.io/')) process.stdout.write(process.env.FAKE_RESTORE_PHASE);
else if (verb === 'get' && target.startsWith('clusters.postgresql.cnpg.io/')) process.stdout.write(jsonpath.includes('Ready') ? 'True' : '');
else if (verb === 'get' && target === 'persistentvolumeclaims') {
  const restored = Number(process.env.FAKE_RESTORED_CLAIMS);
  if (args.some((a) => a.startsWith('velero.io/restore-name='))) for (let i = 0; i < restored; i++) process.stdout.write('persistentvolumeclaim/data-' + i + '\\n');
}
`;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: ReadonlyArray<{ args: string[]; stdin: string }>;
}

function runDrill(env: { restorePhase: string; restoredClaims: number }): Run {
  const dir = mkdtempSync(join(tmpdir(), 'sre-constructs-drill-'));
  try {
    writeFileSync(join(dir, 'kubectl'), FAKE);
    chmodSync(join(dir, 'kubectl'), 0o755);
    const log = join(dir, 'calls.jsonl');
    writeFileSync(log, '');
    const r = spawnSync('/bin/sh', ['-c', script], {
      encoding: 'utf8',
      timeout: 20000,
      env: { PATH: `${dir}:${process.env.PATH}`, FAKE_LOG: log, FAKE_RESTORE_PHASE: env.restorePhase, FAKE_RESTORED_CLAIMS: String(env.restoredClaims) },
    });
    const calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the API server would be asked for, per call. */
function accesses(call: { args: string[]; stdin: string }): Access[] {
  const [verb, target] = call.args;
  const namespace = call.args[call.args.indexOf('--namespace') + 1];
  if (verb === 'create') {
    const object = load(call.stdin) as { kind: string; metadata: { namespace: string } };
    return [{ verb: 'create', ...RESOURCES[object.kind], namespace: object.metadata.namespace }];
  }
  const [type, name] = target.split('/');
  const kind = RESOURCES[type];
  if (verb === 'get') return [{ verb: name ? 'get' : 'list', ...kind, namespace }];
  // kubectl delete --all lists the objects and deletes them one by one.
  if (verb === 'delete' && call.args.includes('--all')) return [{ verb: 'list', ...kind, namespace }, { verb: 'delete', ...kind, namespace }];
  if (verb === 'delete') return [{ verb: 'delete', ...RESOURCES[target], namespace }];
  throw new Error(`unexpected kubectl call: ${call.args.join(' ')}`);
}

function allowed(a: Access, grants: readonly DrillGrant[]): boolean {
  return grants.some((g) => g.namespace === a.namespace && g.rules.some((r) => r.apiGroups.includes(a.group) && r.resources.includes(a.resource) && r.verbs.includes(a.verb)));
}

describe('the restore drill script', () => {
  test('passes when the Velero restore completes with volume claims and the recovered cluster becomes ready', () => {
    const run = runDrill({ restorePhase: 'Completed', restoredClaims: 2 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/store file-storage: 2 volume claims restored/);
    expect(run.stdout).toMatch(/store database: the recovered cluster is ready/);
    expect(run.stdout.trim().split('\n').pop()).toBe('Restore drill passed');
  });

  test('uses exactly the permissions its Roles grant: nothing more is needed, nothing granted goes unused', () => {
    const run = runDrill({ restorePhase: 'Completed', restoredClaims: 1 });
    const used = run.calls.flatMap(accesses);
    for (const a of used) expect({ ...a, allowed: allowed(a, drill.grants) }).toEqual({ ...a, allowed: true });
    const granted = drill.grants.flatMap((g) => g.rules.flatMap((r) => r.resources.flatMap((resource) => r.verbs.map((verb) => `${g.namespace} ${r.apiGroups[0]}/${resource} ${verb}`))));
    const usedKeys = new Set(used.map((a) => `${a.namespace} ${a.group}/${a.resource} ${a.verb}`));
    expect(granted.filter((g) => !usedKeys.has(g))).toEqual([]);
  });

  test('restores only volume claims and volumes, from the store\'s schedule, into the scratch namespace', () => {
    const run = runDrill({ restorePhase: 'Completed', restoredClaims: 1 });
    const restore = load(run.calls.find((c) => c.stdin.includes('kind: Restore'))!.stdin) as { metadata: { name: string; namespace: string }; spec: Record<string, unknown> };
    expect(restore.metadata.name).toMatch(/^user-authentication-file-storage-\d{14}$/);
    expect(restore.metadata.namespace).toBe('velero');
    expect(restore.spec).toEqual({
      scheduleName: 'user-authentication-file-storage',
      includedNamespaces: ['identity'],
      includedResources: ['persistentvolumeclaims', 'persistentvolumes'],
      namespaceMapping: { identity: 'user-authentication-dr-drill' },
      restorePVs: true,
    });
    const cluster = load(run.calls.find((c) => c.stdin.includes('kind: Cluster'))!.stdin) as { metadata: { namespace: string }; spec: { bootstrap: unknown; externalClusters: unknown } };
    expect(cluster.metadata.namespace).toBe('user-authentication-dr-drill');
    expect(cluster.spec.bootstrap).toEqual({ recovery: { source: 'origin' } });
    expect(cluster.spec.externalClusters).toEqual([
      { name: 'origin', plugin: { name: 'barman-cloud.cloudnative-pg.io', parameters: { barmanObjectName: 'user-authentication-db-backups', serverName: 'user-authentication-db' } } },
    ]);
  });

  test.each(['PartiallyFailed', 'Failed', 'FailedValidation'])('fails when the Velero restore ends %s', (phase) => {
    const run = runDrill({ restorePhase: phase, restoredClaims: 2 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(new RegExp(`restores\\.velero\\.io/user-authentication-file-storage-\\d+ ended ${phase}`));
    expect(run.stdout).not.toMatch(/passed/);
  });

  test('fails when the restore completes but brings back no volume claim', () => {
    const run = runDrill({ restorePhase: 'Completed', restoredClaims: 0 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/store file-storage: the restore completed but brought back no volume claims/);
  });
});
