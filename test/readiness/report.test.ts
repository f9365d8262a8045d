import { ReadinessPack, ReadinessReviewDefinition } from 'sre-constructs';
import { DAY, container, deployment } from './fixtures';

const pack = ReadinessPack.create({ name: 'workloads', rules: { 'SRE-ARC-004': true, 'SRE-ARC-006': true, 'SRE-CAP-003': true, 'SRE-CAP-004': true } });
const HOSTILE = 'it [runs](javascript:alert(1)) <script>x</script> | `tick` **bold**\n# heading';

function report(manifests: unknown[], acknowledgements = [{ rule: 'SRE-ARC-004', reason: HOSTILE }]) {
  return ReadinessReviewDefinition.create({ pack, asOf: DAY, acknowledgements }).review(manifests.map((manifest, i) => ({ manifest, origin: `#${i + 1}` })));
}
const tree = [deployment({ replicas: 1, containers: [container({ livenessProbe: undefined })] }), 'not a manifest'];

test('Markdown for a pull request: what fails with the fix, what is acknowledged with its reason, then the checklist', () => {
  const md = report(tree).markdown();
  expect(md).toMatch(/^## Production readiness: workloads\n\n\*\*FAILED: 1 error-level item fails; 1 warning, 1 pass, 1 acknowledged\.\*\* Reviewed as of 2026-11-29; read 1 object, 1 document skipped\.\n/);
  expect(md).toContain('### Fails\n\n- `SRE-ARC-006` Every container has a readiness probe and a liveness probe, error (Architecture: Graceful degradation implemented)\n  - `Deployment shop/checkout` (container app): it has no liveness probe. *Fix:* ');
  expect(md).toContain('- `SRE-CAP-003` Every workload scales with its load, warning');
  expect(md.indexOf('SRE-CAP-003` Every workload scales with its load, warning')).toBeGreaterThan(md.indexOf('SRE-ARC-006` Every container'));
  expect(md).toContain(
    '<details><summary>The checklist, item by item</summary>\n\n#### Architecture\n\n- [x] Single points of failure identified and mitigated\n  - `SRE-ARC-004` Every workload runs more than one replica, or states why it cannot: acknowledged\n- [ ] Graceful degradation implemented\n',
  );
  expect(md).toContain('- skipped \\#2: it is not a mapping.');
});

test('user text in Markdown cannot open a link, a tag, a table cell or a heading', () => {
  const md = report(tree).markdown();
  expect(md).not.toContain('[runs](');
  expect(md).not.toContain('<script>');
  expect(md).not.toMatch(/\n# heading/);
  expect(md).toContain('*Acknowledged:* it \\[runs\\]\\(javascript:alert\\(1\\)\\) \\<script\\>x\\</script\\> \\| \\`tick\\` \\*\\*bold\\*\\* \\# heading');
});

test('plain text for a terminal, and JSON, say the same', () => {
  const r = report(tree);
  const text = r.text();
  expect(text).toContain('  FAIL  SRE-ARC-006  Every container has a readiness probe and a liveness probe [error]\n        Deployment shop/checkout (container app): it has no liveness probe. Fix: ');
  expect(text).toContain('  ack   SRE-ARC-004  Every workload runs more than one replica, or states why it cannot\n');
  expect(text).toMatch(/Result: FAILED: 1 error-level item fails; 1 warning, 1 pass, 1 acknowledged\.\n$/);
  const json = JSON.parse(JSON.stringify(r));
  expect(json).toMatchObject({ pack: 'workloads', asOf: DAY, passed: false, counts: { pass: 1, errors: 1, warnings: 1, acknowledged: 1 } });
  expect(json.results.map((x: { id: string; status: string }) => `${x.id} ${x.status}`)).toEqual(['SRE-ARC-004 acknowledged', 'SRE-ARC-006 fail', 'SRE-CAP-003 fail', 'SRE-CAP-004 pass']);
  expect(json.results[1].findings).toEqual([{ object: 'Deployment shop/checkout', subject: 'container app', problem: 'it has no liveness probe', fix: expect.any(String) }]);
});

test('notes acknowledgements that match no finding', () => {
  const r = report([deployment({ replicas: 3 })], [{ rule: 'SRE-ARC-004', reason: 'was a singleton' }]);
  expect(r.text()).toContain('note: the acknowledgement of SRE-ARC-004 matched no finding');
  expect(r.markdown()).toContain('- the acknowledgement of SRE-ARC-004 matched no finding.');
});

test('notes attestations for a service the tree does not have', () => {
  const r = ReadinessReviewDefinition.create({ pack, asOf: DAY, attestations: [{ item: 'security-review', by: 'appsec', date: '2026-10-01', link: 'https://x.example.com', service: 'chekout' }] }).review([
    { manifest: deployment(), origin: '#1' },
  ]);
  expect(r.notes()).toEqual(['the attestation of security-review by appsec names service chekout, which the tree does not have']);
});

test('is the same whatever order the runner collected the manifests in', () => {
  const many = [deployment({ name: 'b', replicas: 1 }), deployment({ name: 'a', replicas: 1 }), deployment({ name: 'c', replicas: 1, namespace: 'x' })];
  expect(report([...many].reverse(), []).markdown()).toBe(report(many, []).markdown());
});

test('acknowledgements match by rule, and by object and subject when given', () => {
  const d = deployment({ containers: [container({ name: 'app', livenessProbe: undefined }), container({ name: 'proxy', livenessProbe: undefined })] });
  const r = report([d], [{ rule: 'SRE-ARC-006', object: 'Deployment shop/checkout', subject: 'container proxy', reason: 'the proxy is restarted with the pod' } as never]);
  const probes = r.results.find((x) => x.rule.id === 'SRE-ARC-006')!;
  expect([probes.status, probes.findings.map((f) => f.subject), probes.acknowledged.map((f) => f.subject)]).toEqual(['fail', ['container app'], ['container proxy']]);
});
