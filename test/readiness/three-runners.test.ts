import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing } from 'cdk8s';
import { ReadinessPack, ReadinessReport, findingText, toYaml } from 'sre-constructs';
import { Readiness } from 'sre-constructs/cdk8s';
import { readinessPolicies, readinessReport } from 'sre-constructs/pulumi';
import { runCli } from '../../lib/cli/main';
import { processIO } from '../../lib/cli/io';
import { buildApp } from '../../examples/cdk8s/main';
import { READINESS_FILE, REVIEW_DAY, readinessReview } from '../../examples/readiness';
import { registerOffline } from '../../scripts/pulumi-offline';
import { DAY, gapReview, gapTreeCdk8s, gapTreePulumi, policyResources, runStackPolicies } from './fixtures';

/**
 * The same findings, by construction: the cdk8s validation, the Pulumi policy pack and the review command
 * read the same declarations through one model, so they name the same rules, objects and fixes.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sre-constructs-readiness-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Open findings as `RULE: object (subject): problem. Fix: fix`, sorted. */
const openFindings = (report: ReadinessReport) => report.results.flatMap((r) => r.findings.map((f) => `${r.rule.id}: ${findingText(f)}`)).sort();

async function cli(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await runCli(argv, { ...processIO, stdout: (t) => (stdout += t), stderr: () => undefined });
  return { code, stdout };
}

/** What `cdk8s synth` writes, for the review command. */
function synthesize(build: (app: App) => void): string {
  const out = join(dir, 'dist');
  const app = new App({ outdir: out });
  build(app);
  app.synth();
  return out;
}

describe('a tree missing runbooks, probes, a DR plan and limits', () => {
  test('fails with one finding each, naming the object, and nothing else fails', () => {
    const app = Testing.app();
    gapTreeCdk8s(app);
    const report = Readiness.of(app).apply(ReadinessPack.seedChecklist(), gapReview).report();
    const errors = report.results.filter((r) => r.status === 'fail' && r.level === 'error');
    expect(errors.map((r) => [r.rule.id, r.findings.map((f) => [f.object && `${f.object.kind} ${f.object.namespace}/${f.object.name}`, f.subject])])).toEqual([
      ['SRE-ARC-006', [['Deployment shop/checkout', 'container app']]],
      ['SRE-OBS-006', [['PrometheusRule shop/checkout-slos', 'alert SloErrorBudgetBurn (long=1h, sev=SEV2, severity=critical, short=5m) in group checkout/availability/alerts']]],
      ['SRE-OPS-005', [['Deployment shop/checkout', 'service checkout']]],
      ['SRE-CAP-004', [['Deployment shop/checkout', 'container app']]],
    ]);
    expect(errors.map((r) => r.findings[0].problem)).toEqual([
      'it has no readiness and no liveness probe',
      'it pages and has no runbook_url annotation',
      'no backup schedule of the tree covers namespace shop, so there is no disaster-recovery plan for its data',
      'it has no memory limit',
    ]);
    expect(report.passed).toBe(false);
  });

  test('fails cdk8s synth, naming each rule and object', () => {
    const app = Testing.app();
    gapTreeCdk8s(app);
    Readiness.of(app).apply(ReadinessPack.seedChecklist(), gapReview);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Validation failed with the following errors:/);
    const lines = message.split('\n').slice(1);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ {2}\[\] SRE-ARC-006 Every container has a readiness probe and a liveness probe: Deployment shop\/checkout \(container app\): it has no readiness and no liveness probe\. Fix: /);
    expect(message).toMatch(/SRE-CAP-004 .*: Deployment shop\/checkout \(container app\): it has no memory limit\./);
  });

  test('gives the same findings from the cdk8s validation, the Pulumi policy pack and the review command', async () => {
    // cdk8s
    const app = Testing.app();
    gapTreeCdk8s(app);
    const fromCdk8s = openFindings(Readiness.of(app).apply(ReadinessPack.seedChecklist(), gapReview).report());

    // the review command over what cdk8s synth writes, with the same review in a readiness file
    const out = synthesize((a) => gapTreeCdk8s(a));
    const file = join(dir, 'readiness.yaml');
    const { asOf: _day, ...fileProps } = gapReview;
    processIO.writeFile(file, toYaml({ apiVersion: 'sre-constructs.dev/v1', kind: 'ReadinessReview', ...fileProps }));
    const run = await cli('review', out, '--attestations', file, '--as-of', DAY, '--json');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { results: Array<{ id: string; findings: Array<{ object: string | null; subject: string | null; problem: string; fix: string }> }> };
    const fromCli = json.results
      .flatMap((r) => r.findings.map((f) => `${r.id}: ${f.object ?? 'the tree'}${f.subject ? ` (${f.subject})` : ''}: ${f.problem}. Fix: ${f.fix}`))
      .sort();

    // the Pulumi policy pack, run as Pulumi documents testing policies: validateStack with the stack's resources
    const registered = await registerOffline(() => gapTreePulumi());
    const resources = policyResources(registered);
    const violations = await runStackPolicies(readinessPolicies(gapReview), resources);
    const fromPulumi = violations.map((v) => `${v.policy.toUpperCase()}: ${v.message}`).sort();

    expect(fromCdk8s.length).toBeGreaterThanOrEqual(5);
    expect(fromCli).toEqual(fromCdk8s);
    expect(fromPulumi).toEqual(fromCdk8s);
    // Each violation points at the resource whose manifest is the object it names.
    for (const v of violations.filter((x) => !x.message.startsWith('the tree'))) {
      const resource = resources.find((r) => r.urn === v.urn)!;
      const meta = resource.props.metadata as { name: string; namespace: string };
      expect(v.message.startsWith(`${String(resource.props.kind ?? resource.type.split(':')[2])} ${meta.namespace}/${meta.name}`)).toBe(true);
    }
    expect(violations.find((v) => v.policy === 'sre-cap-004')!.enforcementLevel).toBe('mandatory');
    expect(violations.find((v) => v.policy === 'sre-ops-001')!.enforcementLevel).toBe('advisory');
  });
});

describe('the example tree', () => {
  test('passes the seed checklist in all three runners, with the same acknowledged gaps, each with its reason', async () => {
    // cdk8s: the example app applies the review; synth does not throw.
    const app = buildApp(join(dir, 'cdk8s'));
    app.synth();
    const cdk8sReport = Readiness.of(app).report();
    expect(cdk8sReport.passed).toBe(true);
    expect(cdk8sReport.counts().errors + cdk8sReport.counts().warnings).toBe(0);
    const acknowledged = (r: ReadinessReport) => r.results.flatMap((x) => x.acknowledged.map((f) => `${x.rule.id}: ${findingText(f)} / ${f.reason}`)).sort();
    expect(acknowledged(cdk8sReport).length).toBeGreaterThan(0);
    for (const r of cdk8sReport.results) for (const f of r.acknowledged) expect(f.reason.length).toBeGreaterThan(20);

    // the review command over the synthesized YAML and the example's readiness file
    const run = await cli('review', join(dir, 'cdk8s'), '--attestations', READINESS_FILE, '--as-of', REVIEW_DAY, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { passed: boolean; results: Array<{ id: string; status: string; acknowledged: Array<{ reason: string }> }> };
    expect(json.passed).toBe(true);
    expect(json.results.map((r) => [r.id, r.status])).toEqual(cdk8sReport.results.map((r) => [r.rule.id, r.status]));

    // Pulumi: the example program's resources, through the policies (no violation) and the full report.
    const registered = await registerOffline(async () => {
      const program = await import('../../examples/pulumi/index.js');
      return [...program.components, ...program.paymentComponents, ...program.readinessComponents];
    });
    const resources = policyResources(registered);
    expect(await runStackPolicies(readinessPolicies(readinessReview), resources)).toEqual([]);
    expect(acknowledged(readinessReport(resources, readinessReview))).toEqual(acknowledged(cdk8sReport));
  });
});
