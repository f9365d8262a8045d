import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYamlDocuments } from 'sre-constructs';
import { registerOffline } from '../../scripts/pulumi-offline';

/**
 * Runs index.ts with Pulumi's mocks (no CLI, no cluster) and writes the Kubernetes objects it would
 * register, so reviewers can read what `pulumi up` will apply.
 */
async function main(): Promise<void> {
  const outdir = process.argv[2] ?? 'dist/pulumi';
  const registered = await registerOffline(async () => {
    const program = await import('./index.js');
    return [program.slos];
  });
  const manifests = registered
    .filter((r) => r.type.startsWith('kubernetes:'))
    .map(({ inputs }) => inputs);
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'user-authentication.k8s.yaml'), toYamlDocuments(manifests));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
