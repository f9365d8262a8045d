import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYamlDocuments } from 'sre-constructs';
import { registerOffline, resourcesByTypeAndName } from '../../scripts/pulumi-offline';

/**
 * Runs index.ts with Pulumi's mocks (no CLI, no cluster) and writes the Kubernetes objects it would
 * register, so reviewers can read what `pulumi up` will apply.
 */
async function main(): Promise<void> {
  const outdir = process.argv[2] ?? 'dist/pulumi';
  const registered = await registerOffline(async () => {
    const program = await import('./index.js');
    return program.components;
  });
  const manifests = registered
    .filter((r) => r.type.startsWith('kubernetes:'))
    .map(({ inputs }) => inputs)
    // Registration order follows promise resolution; sort so the file reads the same on every run.
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'user-authentication.k8s.yaml'), toYamlDocuments(manifests));
  // Every resource the program registers, AWS included, as the mocks saw it: reviewers read the cloud side here.
  writeFileSync(join(outdir, 'resources.json'), `${JSON.stringify(resourcesByTypeAndName(registered), null, 2)}\n`);
}

function sortKey(m: Record<string, unknown>): string {
  const meta = (m.metadata ?? {}) as { namespace?: string; name?: string };
  return [m.kind, meta.namespace ?? '', meta.name ?? ''].join('/');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
