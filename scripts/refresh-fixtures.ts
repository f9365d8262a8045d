import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Copies the upstream files the tests read (CRD schemas, the Kubernetes API definitions, Sloth's and
 * OpenSLO's example specs and outputs) into test/fixtures/upstream, and records where each came from.
 *
 * The tests read only the copies, so a clone with nothing beside it tests itself. Run this to refresh
 * them from the project's shared folder (the one holding crds/ and peers/):
 *
 *   npm run fixtures:refresh -- <path to the shared folder>
 *
 * The Kubernetes definitions are trimmed to the kinds the library renders and everything they refer to.
 * CRDs the shared folder does not carry were fetched from their upstream repositories by hand; they are
 * listed in FETCHED_CRDS with their provenance and kept as they are (their hashes checked) across refreshes.
 */

/** CRD files the tests validate against, by their path under crds/. */
export const CRD_FILES = [
  'prometheus-operator/prometheusrule.yaml',
  'prometheus-operator/servicemonitor.yaml',
  'prometheus-operator/podmonitor.yaml',
  'prometheus-operator/alertmanagerconfig.yaml',
  'grafana-operator/grafanadashboard.yaml',
  'opentelemetry-operator/instrumentation.yaml',
  'opentelemetry-operator/opentelemetrycollector.yaml',
  'velero/schedule.yaml',
  'cloudnative-pg/scheduledbackup.yaml',
  'external-dns/dnsendpoint.yaml',
  'chaos-mesh/schedule.yaml',
  'chaos-mesh/networkchaos.yaml',
  'chaos-mesh/podchaos.yaml',
  'chaos-mesh/stresschaos.yaml',
  'chaos-mesh/httpchaos.yaml',
  'chaos-mesh/workflow.yaml',
  'chaos-mesh/statuscheck.yaml',
  'litmus/chaosengine.yaml',
  'litmus/chaosexperiment.yaml',
  'argo-rollouts/analysistemplate.yaml',
  'argo-rollouts/clusteranalysistemplate.yaml',
  'flagger/metrictemplate.yaml',
  'cert-manager/certificate.yaml',
];

/** A CRD fixture fetched from its upstream repository rather than copied from the shared folder. */
export interface FetchedCrd {
  /** Path under crds/. */
  readonly file: string;
  /** Kind it defines. */
  readonly kind: string;
  /** owner/name of the upstream repository. */
  readonly repo: string;
  /** Commit of the release tag. */
  readonly commit: string;
  /** Path in the repository, and which document when the upstream file holds several. */
  readonly upstreamPath: string;
  /** API group and versions (`*` marks the storage version). */
  readonly versions: string;
  /** Release tag. */
  readonly tag: string;
  /** Full SHA-256 of the fixture's bytes. */
  readonly sha256: string;
  /** Licence of the upstream project. */
  readonly licence: string;
}

/**
 * CRDs fetched from upstream repositories (not in the shared folder). A split multi-document file keeps the
 * text between its `---` separators unchanged.
 */
export const FETCHED_CRDS: readonly FetchedCrd[] = [
  {
    file: 'vertical-pod-autoscaler/verticalpodautoscaler.yaml',
    kind: 'VerticalPodAutoscaler',
    repo: 'kubernetes/autoscaler',
    commit: '352365899477910018f40d89fa3ea30b2c5d0e78',
    upstreamPath: 'vertical-pod-autoscaler/deploy/vpa-v1-crd-gen.yaml (document 2 of multi-doc file)',
    versions: 'autoscaling.k8s.io / v1*, v1beta2 (deprecated, not served)',
    tag: 'vertical-pod-autoscaler/v1.7.1',
    sha256: 'dffa41685e8614117f84f863896e10140de16abcedcfdac453a6895b0c7131fd',
    licence: 'Apache-2.0',
  },
];

/** Reads the fetched CRDs from the fixture folder, refusing any whose bytes no longer match its recorded hash. */
function keepFetchedCrds(out: string): Map<string, Buffer> {
  const kept = new Map<string, Buffer>();
  for (const crd of FETCHED_CRDS) {
    const path = join(out, 'crds', crd.file);
    if (!existsSync(path)) throw new Error(`${relative(process.cwd(), path)} is missing: fetch ${crd.upstreamPath} from ${crd.repo} at ${crd.tag}`);
    const bytes = readFileSync(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== crd.sha256) throw new Error(`${relative(process.cwd(), path)} has sha256 ${sha256}, not the recorded ${crd.sha256}: restore the upstream file or update FETCHED_CRDS`);
    kept.set(crd.file, bytes);
  }
  return kept;
}

function fetchedRow(crd: FetchedCrd, bytes: Buffer): string {
  return `| \`${crd.file}\` | ${crd.kind} | ${crd.repo} | \`${crd.commit}\` | \`${crd.upstreamPath}\` | ${crd.versions} | ${crd.tag} | ${bytes.length} | \`${crd.sha256.slice(0, 12)}\` |`;
}

/** Built-in kinds the library renders (or its readiness rules read); their definitions and everything they refer to are kept. */
export const KUBERNETES_ROOTS = [
  'io.k8s.api.core.v1.ConfigMap',
  'io.k8s.api.core.v1.Secret',
  'io.k8s.api.core.v1.Service',
  'io.k8s.api.core.v1.ServiceAccount',
  'io.k8s.api.core.v1.Namespace',
  'io.k8s.api.core.v1.PersistentVolumeClaim',
  'io.k8s.api.apps.v1.Deployment',
  'io.k8s.api.apps.v1.StatefulSet',
  'io.k8s.api.apps.v1.DaemonSet',
  'io.k8s.api.batch.v1.Job',
  'io.k8s.api.batch.v1.CronJob',
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  'io.k8s.api.policy.v1.PodDisruptionBudget',
  'io.k8s.api.networking.v1.NetworkPolicy',
  'io.k8s.api.rbac.v1.Role',
  'io.k8s.api.rbac.v1.RoleBinding',
  'io.k8s.api.rbac.v1.ClusterRole',
  'io.k8s.api.rbac.v1.ClusterRoleBinding',
];

const KUBERNETES_SOURCE = 'kubernetes/_definitions.v1.35.0.json';

/** Peer files (specs and generated outputs) the compatibility tests read, as folders or files under peers/. */
export const PEER_PATHS = [
  'slo/sloth/examples',
  'slo/sloth/test/integration/prometheus',
  'slo/openslo/oslo/test/inputs/validate',
  'slo/openslo/OpenSLO/examples',
];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** The definitions reachable from the roots through `$ref`, sorted by name. */
export function reachableDefinitions(definitions: Record<string, unknown>, roots: readonly string[]): Record<string, unknown> {
  const keep = new Set<string>();
  const visit = (name: string) => {
    if (keep.has(name)) return;
    if (!(name in definitions)) throw new Error(`no definition ${name}`);
    keep.add(name);
    const refs = JSON.stringify(definitions[name]).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g);
    for (const m of refs) visit(m[1]);
  };
  roots.forEach(visit);
  const out: Record<string, unknown> = {};
  for (const name of [...keep].sort()) out[name] = definitions[name];
  return out;
}

/** Rows of an upstream SOURCES.md table that name one of the files. */
function sourceRows(text: string, files: readonly string[]): string[] {
  return text.split('\n').filter((line) => line.startsWith('| `') && files.some((f) => line.includes(`\`${f}\``)));
}

function main(): void {
  const arg = process.argv[2];
  if (!arg) {
    console.error('usage: npm run fixtures:refresh -- <path to the shared folder holding crds/ and peers/>');
    process.exit(2);
  }
  const shared = resolve(arg);
  const out = resolve(__dirname, '..', 'test', 'fixtures', 'upstream');
  const fetched = keepFetchedCrds(out);
  rmSync(out, { recursive: true, force: true });
  for (const [file, bytes] of fetched) {
    mkdirSync(dirname(join(out, 'crds', file)), { recursive: true });
    writeFileSync(join(out, 'crds', file), bytes);
  }

  for (const file of CRD_FILES) {
    mkdirSync(dirname(join(out, 'crds', file)), { recursive: true });
    copyFileSync(join(shared, 'crds', file), join(out, 'crds', file));
  }
  const all = JSON.parse(readFileSync(join(shared, 'crds', KUBERNETES_SOURCE), 'utf8')).definitions;
  const trimmed = reachableDefinitions(all, KUBERNETES_ROOTS);
  mkdirSync(join(out, 'kubernetes'), { recursive: true });
  writeFileSync(join(out, 'kubernetes', 'definitions.json'), `${JSON.stringify({ definitions: trimmed }, null, 1)}\n`);

  const peerFiles = PEER_PATHS.flatMap((p) => filesUnder(join(shared, 'peers', p))).map((f) => relative(join(shared, 'peers'), f));
  for (const file of peerFiles) {
    mkdirSync(dirname(join(out, 'peers', file)), { recursive: true });
    copyFileSync(join(shared, 'peers', file), join(out, 'peers', file));
  }

  const crdSources = readFileSync(join(shared, 'crds', 'SOURCES.md'), 'utf8');
  const peerSources = existsSync(join(shared, 'peers', 'slo', 'SOURCES.md')) ? readFileSync(join(shared, 'peers', 'slo', 'SOURCES.md'), 'utf8') : '';
  const peerRows = peerSources
    .split('\n')
    .filter((line) => line.startsWith('| ') && peerFiles.some((f) => line.includes(`\`${f.replace(/^slo\//, '')}\``)));
  const repoRows = peerSources.split('\n').filter((line) => /^\| [\w-]+\/[\w-]+ \| [0-9a-f]{40} \|/.test(line));
  const sources = [
    '# Upstream fixtures: where each file comes from',
    '',
    'Written by `scripts/refresh-fixtures.ts` (`npm run fixtures:refresh -- <shared folder>`); do not edit by hand.',
    'The tests read only these copies. Every CRD and peer file is byte for byte the upstream file listed below;',
    `\`kubernetes/definitions.json\` keeps, from \`${KUBERNETES_SOURCE}\`, the ${Object.keys(trimmed).length} definitions`,
    `reachable from ${KUBERNETES_ROOTS.length} kinds (${KUBERNETES_ROOTS.map((r) => r.split('.').pop()).join(', ')}), unchanged.`,
    '',
    '## CustomResourceDefinitions (`crds/`)',
    '',
    '| file | kind | repo | commit | upstream path | API group / versions | release tag | bytes | sha256 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...sourceRows(crdSources, CRD_FILES),
    '',
    'Licences: prometheus-operator, grafana-operator, opentelemetry-operator, velero, cloudnative-pg, external-dns,',
    'chaos-mesh, litmus, argo-rollouts, flagger and cert-manager are Apache-2.0 projects.',
    '',
    '### Fetched from upstream repositories',
    '',
    'Not in the shared folder: fetched at the release tag listed, kept across refreshes (`FETCHED_CRDS` in the script,',
    'which checks each file\'s full SHA-256). A document split out of a multi-document file is the text between its',
    '`---` separators, unchanged.',
    '',
    '| file | kind | repo | commit | upstream path | API group / versions | release tag | bytes | sha256 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...FETCHED_CRDS.map((crd) => fetchedRow(crd, fetched.get(crd.file)!)),
    '',
    `Licences: ${FETCHED_CRDS.map((crd) => `${crd.repo} (${crd.licence})`).join(', ')}.`,
    '',
    '## Kubernetes API definitions (`kubernetes/definitions.json`)',
    '',
    '| file | repo | commit | upstream path | content | release | bytes | sha256 |',
    '|---|---|---|---|---|---|---|---|',
    ...sourceRows(crdSources, [KUBERNETES_SOURCE]),
    '',
    'Kubernetes and cdk8s are Apache-2.0 projects.',
    '',
    '## SLO peers (`peers/`)',
    '',
    'Data files (specs and generated rules), unchanged, under the Apache License 2.0 of each repository.',
    '',
    '| repo | commit | snapshot date |',
    '|---|---|---|',
    ...repoRows,
    '',
    '| repo | commit | upstream path | local path |',
    '|---|---|---|---|',
    ...peerRows,
    '',
  ];
  writeFileSync(join(out, 'SOURCES.md'), sources.join('\n'));
  console.log(`${CRD_FILES.length} CRDs (+${FETCHED_CRDS.length} fetched), ${Object.keys(trimmed).length} Kubernetes definitions, ${peerFiles.length} peer files -> ${relative(process.cwd(), out)}`);
}

if (require.main === module) main();
