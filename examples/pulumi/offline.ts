import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYamlDocuments } from 'sre-constructs';
import { readinessReport } from 'sre-constructs/pulumi';
import { registerOffline } from '../../scripts/pulumi-offline';
import { readinessReview } from '../readiness';

/**
 * Runs index.ts with Pulumi's mocks (no CLI, no cluster) and writes the Kubernetes objects it would
 * register, so reviewers can read what `pulumi up` will apply.
 */
async function main(): Promise<void> {
  const outdir = process.argv[2] ?? 'dist/pulumi';
  const registered = await registerOffline(async () => {
    const program = await import('./index.js');
    return [...program.components, ...program.paymentComponents, ...program.readinessComponents];
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

  // Production readiness: the report the policy pack's rules give for these resources.
  const report = readinessReport(
    kubernetes.map((r) => ({ type: r.type, name: r.name, urn: `urn:pulumi:offline::sre-constructs::${r.type}::${r.name}`, props: r.inputs })),
    readinessReview,
  );
  const readinessDir = join(outdir, '..', 'readiness');
  mkdirSync(readinessDir, { recursive: true });
  writeFileSync(join(readinessDir, 'pulumi.md'), report.markdown());
  if (!report.passed) throw new Error(`the production readiness review fails:\n${report.errorMessages().join('\n')}`);
}

function sortKey(m: Record<string, unknown>): string {
  const meta = (m.metadata ?? {}) as { namespace?: string; name?: string };
  return [m.kind, meta.namespace ?? '', meta.name ?? ''].join('/');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
