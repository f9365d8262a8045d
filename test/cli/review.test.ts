import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYaml, toYamlDocuments } from 'sre-constructs';
import { runCli } from '../../lib/cli/main';
import { processIO } from '../../lib/cli/io';
import { DAY, attestEverything, container, deployment } from '../readiness/fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sre-constructs-review-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { ...processIO, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const readinessFile = (extra: object = {}) => toYaml({ apiVersion: 'sre-constructs.dev/v1', kind: 'ReadinessReview', attestations: attestEverything(), ...extra });
const PACK = { packs: [{ name: 'workloads', rules: { 'SRE-ARC-004': true, 'SRE-ARC-006': true, 'SRE-CAP-004': true, 'SRE-CAP-003': true } }] };

describe('sre-constructs review', () => {
  test('prints the checklist and exits 1 when an error-level item fails, 0 when only warnings remain', async () => {
    write('manifests/app.k8s.yaml', toYamlDocuments([deployment({ replicas: 3, containers: [container({ livenessProbe: undefined })] })]));
    write('manifests/readiness.yaml', readinessFile(PACK));
    const failing = await cli('review', join(dir, 'manifests'), '--pack', 'workloads', '--as-of', DAY);
    expect([failing.code, failing.stderr]).toEqual([1, '']);
    expect(failing.stdout).toContain('FAIL  SRE-ARC-006');
    expect(failing.stdout).toMatch(/Result: FAILED: 1 error-level item fails; 1 warning, 2 pass, 0 acknowledged\.\n$/);

    write('manifests/app.k8s.yaml', toYamlDocuments([deployment({ replicas: 3 })]));
    const passing = await cli('review', join(dir, 'manifests'), '--pack', 'workloads', '--as-of', DAY);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/Result: PASSED; 1 warning, 3 pass, 0 acknowledged\.\n$/);
  });

  test('--json prints the report as JSON and --out writes the Markdown for a pull request', async () => {
    write('m/app.yaml', toYamlDocuments([deployment({ replicas: 1 })]));
    const out = join(dir, 'report.md');
    const run = await cli('review', join(dir, 'm'), '--attestations', write('r.yaml', readinessFile(PACK)), '--pack', 'workloads', '--as-of', DAY, '--json', '--out', out);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ pack: 'workloads', passed: false, results: expect.any(Array) });
    expect(readFileSync(out, 'utf8')).toMatch(/^## Production readiness: workloads\n/);
  });

  test('reads plain rule files and Alertmanager configurations beside the manifests, and names what it skips', async () => {
    write('m/rules.yaml', toYaml({ groups: [{ name: 'g', rules: [{ alert: 'Page', expr: 'vector(1)', labels: { severity: 'critical' } }] }] }));
    write('m/alertmanager.yml', toYaml({ route: { receiver: 'pd' }, receivers: [{ name: 'pd', pagerduty_configs: [{ routing_key_file: '/etc/pd' }] }] }));
    write('m/values.yaml', 'replicaCount: 3\n');
    write('r.yaml', readinessFile({ packs: [{ name: 'alerts', rules: { 'SRE-OBS-006': true, 'SRE-OPS-002': true } }] }));
    const run = await cli('review', join(dir, 'm'), '--attestations', join(dir, 'r.yaml'), '--pack', 'alerts', '--as-of', DAY);
    expect(run.stdout).toContain('Read 0 objects, 2 plain files, 1 document skipped.');
    expect(run.stdout).toContain('FAIL  SRE-OBS-006');
    expect(run.stdout).toContain('PrometheusRuleFile rules.yaml (alert Page (severity=critical) in group g): it pages and has no runbook_url annotation');
    expect(run.stdout).toContain('pass  SRE-OPS-002');
    expect(run.stdout).toContain('note: skipped values.yaml: it is neither a Kubernetes object');
  });

  test('refuses a folder with no manifests, naming it (exit 1)', async () => {
    mkdirSync(join(dir, 'empty'));
    expect(await cli('review', join(dir, 'empty'))).toEqual({ code: 1, stdout: '', stderr: `error: ${join(dir, 'empty')}: no YAML files (*.yaml, *.yml) in it or below it; run the synth first\n` });
    write('blank/a.yaml', '---\n---\n');
    expect((await cli('review', join(dir, 'blank'))).stderr).toBe(`error: ${join(dir, 'blank')}: its YAML files hold no manifests (every document is empty)\n`);
    expect((await cli('review', join(dir, 'missing'))).stderr).toBe(`error: ${join(dir, 'missing')}: cannot read the folder (no such folder)\n`);
  });

  test('refuses YAML that does not parse, naming the file and the line, and writes nothing', async () => {
    write('m/good.yaml', toYamlDocuments([deployment()]));
    const bad = write('m/sub/bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n');
    const out = join(dir, 'report.md');
    const run = await cli('review', join(dir, 'm'), '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: line \\d+: not valid YAML \\(`));
    expect(() => readFileSync(out)).toThrow();
  });

  test('refuses a bad readiness file, an acknowledgement without a reason, an unknown pack', async () => {
    write('m/a.yaml', toYamlDocuments([deployment()]));
    const noReason = write('r.yaml', readinessFile({ acknowledgements: [{ rule: 'SRE-ARC-004', reason: '' }] }));
    expect((await cli('review', join(dir, 'm'), '--attestations', noReason)).stderr).toMatch(/^error: .*r\.yaml: acknowledgements\[0\]\.reason \(""\) is empty\./);
    const unknown = await cli('review', join(dir, 'm'), '--pack', 'strict');
    expect([unknown.code, unknown.stderr]).toEqual([2, 'error: --pack "strict" is not a pack: use seed-checklist\nRun "sre-constructs review --help" for usage.\n']);
    expect((await cli('review', join(dir, 'm'), '--attestations', join(dir, 'none.yaml'))).stderr).toMatch(/none\.yaml: cannot read it \(no such file\)/);
    write('m/x/readiness.yaml', readinessFile());
    write('m/y/readiness.yaml', readinessFile());
    expect((await cli('review', join(dir, 'm'))).stderr).toMatch(/a second readiness file under /);
  });

  test('prints its help, and is listed in the main help', async () => {
    expect((await cli('review', '--help')).stdout).toMatch(/^Usage: sre-constructs review DIR/);
    expect((await cli('--help')).stdout).toContain('review DIR');
    expect((await cli('review')).code).toBe(2);
  });
});
