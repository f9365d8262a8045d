import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYamlDocuments } from 'sre-constructs';
import { registerOffline, resourcesByTypeAndName } from '../../scripts/pulumi-offline';
import { readinessReport } from 'sre-constructs/pulumi';
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
      .map(({ inputs }) => redactSecrets(inputs) as Record<string, unknown>)
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const payments = (name: string) => name.startsWith('payment-service');
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'user-authentication.k8s.yaml'), toYamlDocuments(manifests((n) => !payments(n))));
  writeFileSync(join(outdir, 'payment-service.k8s.yaml'), toYamlDocuments(manifests(payments)));
  // Every resource the program registers, AWS included, as the mocks saw it: reviewers read the cloud side here.
  writeFileSync(join(outdir, 'resources.json'), `${JSON.stringify(resourcesByTypeAndName(registered), null, 2)}\n`);

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

/**
 * Pulumi marks a secret value with a signature key; the file shows "[secret]" in its place (for each key of a
 * secret map, such as a Secret's stringData), never the value.
 */
function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (o[SECRET_SIG_KEY] === SECRET_SIG) {
    const inner = o.value;
    return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.keys(inner).map((k) => [k, '[secret]'])) : '[secret]';
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, redactSecrets(v)]));
}

const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

function sortKey(m: Record<string, unknown>): string {
  const meta = (m.metadata ?? {}) as { namespace?: string; name?: string };
  return [m.kind, meta.namespace ?? '', meta.name ?? ''].join('/');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
