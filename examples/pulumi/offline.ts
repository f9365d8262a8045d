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
    return [...program.components, ...program.paymentComponents];
  });
  const kubernetes = registered.filter((r) => r.type.startsWith('kubernetes:'));
  // Registration order follows promise resolution; sort so the files read the same on every run.
  const manifests = (pick: (name: string) => boolean) =>
    kubernetes
      .filter((r) => pick(r.name))
      .map(({ inputs }) => inputs)
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const payments = (name: string) => name.startsWith('payment-service');
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'user-authentication.k8s.yaml'), toYamlDocuments(manifests((n) => !payments(n))));
  writeFileSync(join(outdir, 'payment-service.k8s.yaml'), toYamlDocuments(manifests(payments)));
}

function sortKey(m: Record<string, unknown>): string {
  const meta = (m.metadata ?? {}) as { namespace?: string; name?: string };
  return [m.kind, meta.namespace ?? '', meta.name ?? ''].join('/');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
