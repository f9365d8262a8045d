import {
  CHECKLIST,
  Duration,
  ReadinessModel,
  ReadinessPack,
  ReadinessReviewDefinition,
  ReadinessRule,
  SpecError,
  readReadinessFile,
} from 'sre-constructs';
import { App, Testing } from 'cdk8s';
import { Readiness } from 'sre-constructs/cdk8s';
import { readinessPolicies } from 'sre-constructs/pulumi';
import { DAY, deployment } from './fixtures';

function error(fn: () => unknown): SpecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('acknowledgements', () => {
  test('without a reason, or with a blank one, are refused, naming the field and value', () => {
    for (const reason of [undefined, '', '   ']) {
      const e = error(() => ReadinessReviewDefinition.create({ acknowledgements: [{ rule: 'SRE-ARC-004', reason } as never] }));
      expect(e.message).toMatch(/^ReadinessReview: acknowledgements\[0\]\.reason \((not set|""|"   ")\) is empty\. Say why the finding is accepted/);
    }
  });

  test('naming a rule that does not exist are refused', () => {
    expect(error(() => ReadinessReviewDefinition.create({ acknowledgements: [{ rule: 'SRE-ARC-999', reason: 'x' }] })).message).toMatch(
      /^ReadinessReview: acknowledgements\[0\]\.rule \("SRE-ARC-999"\) is not a rule of the library or of the pack\./,
    );
  });

  test('are refused in every runner before anything runs: cdk8s apply (nothing added), Pulumi policies', () => {
    const app = Testing.app();
    expect(() => Readiness.of(app).apply(undefined, { acknowledgements: [{ rule: 'SRE-ARC-004', reason: '' }] })).toThrow(/^app: acknowledgements\[0\]\.reason \(""\) is empty/);
    expect(app.node.validate()).toEqual([]);
    expect(() => readinessPolicies({ acknowledgements: [{ rule: 'nope', reason: 'x' }] })).toThrow(/^readinessPolicies: acknowledgements\[0\]\.rule \("nope"\)/);
  });
});

describe('packs', () => {
  test('naming a rule that does not exist are refused, listing the rules', () => {
    const e = error(() => ReadinessPack.create({ name: 'mine', rules: { 'SRE-OBS-042': true } }));
    expect(e.message).toMatch(/^mine: rules\.SRE-OBS-042 \("SRE-OBS-042"\) is not a rule of the library\. Use one of SRE-ARC-001, .*SRE-QC-008, or add your own with customRules\.$/);
  });

  test('refuse a time limit on a rule that has none, a bad level, a bad name and an empty pack', () => {
    expect(error(() => ReadinessPack.create({ name: 'p', rules: { 'SRE-ARC-004': { within: Duration.days(1) } } })).message).toMatch(/rules\[SRE-ARC-004\]\.within \("1d"\) does not apply: SRE-ARC-004 has no time limit/);
    expect(error(() => ReadinessPack.create({ name: 'p', rules: { 'SRE-ARC-004': { level: 'fatal' as never } } })).message).toMatch(/rules\[SRE-ARC-004\]\.level \("fatal"\) is not a level/);
    expect(error(() => ReadinessPack.create({ name: 'Mine!', rules: { 'SRE-ARC-004': true } })).message).toMatch(/name \("Mine!"\) is not a pack name/);
    expect(error(() => ReadinessPack.create({ name: 'p' })).message).toMatch(/rules \(not set\) leaves the pack empty/);
  });

  test('compose: pick rules, change levels, drop rules, keep the checklist order', () => {
    const strict = ReadinessPack.create({
      name: 'strict',
      extends: ReadinessPack.seedChecklist(),
      rules: { 'SRE-CAP-003': { level: 'error' }, 'SRE-OPS-001': { level: 'error' }, 'SRE-QC-004': false },
    });
    expect(strict.entries).toHaveLength(ReadinessPack.seedChecklist().entries.length - 1);
    expect(strict.entries.find((e) => e.rule.id === 'SRE-CAP-003')!.level).toBe('error');
    expect(strict.entries.some((e) => e.rule.id === 'SRE-QC-004')).toBe(false);
    const picked = ReadinessPack.create({ name: 'workloads', rules: { 'SRE-CAP-004': true, 'SRE-ARC-006': true } });
    expect(picked.entries.map((e) => e.rule.id)).toEqual(['SRE-ARC-006', 'SRE-CAP-004']);
  });

  test('run custom rules after the library\'s; one that throws becomes a finding, not a crash', () => {
    const throwing: ReadinessRule = {
      id: 'ACME-OPS-001',
      title: 'Every Deployment names its owner',
      checklist: CHECKLIST.dependencies,
      level: 'error',
      description: 'reads a field that is not there',
      check: () => {
        throw new Error('cannot read properties of undefined');
      },
    };
    const pack = ReadinessPack.create({ name: 'acme', rules: { 'SRE-ARC-006': true }, customRules: [throwing] });
    const report = ReadinessReviewDefinition.create({ pack, asOf: DAY }).review([{ manifest: deployment(), origin: '#1' }]);
    expect(report.results.map((r) => [r.rule.id, r.status])).toEqual([['SRE-ARC-006', 'pass'], ['ACME-OPS-001', 'fail']]);
    expect(report.results[1].findings[0].problem).toBe('the rule failed while checking the tree: cannot read properties of undefined');
    expect(error(() => ReadinessPack.create({ name: 'acme', rules: { 'SRE-ARC-006': true }, customRules: [{ ...throwing, id: 'SRE-ARC-006' }] })).message).toMatch(/customRules\[0\]\.id \("SRE-ARC-006"\) is the id of a library rule/);
  });
});

describe('attestations and the review day', () => {
  test('refuse an item no rule attests, a date that is not a calendar day, a link that is not a URL, a blank author', () => {
    const a = { item: 'security-review', by: 'appsec', date: '2026-10-01', link: 'https://wiki.example.com/x' };
    expect(error(() => ReadinessReviewDefinition.create({ attestations: [{ ...a, item: 'pentest' }] })).message).toMatch(/attestations\[0\]\.item \("pentest"\) is not an item any rule attests\. Use one of architecture-diagram, audit-logging/);
    expect(error(() => ReadinessReviewDefinition.create({ attestations: [{ ...a, date: '2026-02-30' }] })).message).toMatch(/attestations\[0\]\.date \("2026-02-30"\) is not an ISO date/);
    expect(error(() => ReadinessReviewDefinition.create({ attestations: [{ ...a, link: 'wiki/x' }] })).message).toMatch(/attestations\[0\]\.link \("wiki\/x"\) is not an absolute http\(s\) URL/);
    expect(error(() => ReadinessReviewDefinition.create({ attestations: [{ ...a, by: ' ' }] })).message).toMatch(/attestations\[0\]\.by \(" "\) is empty/);
    expect(error(() => ReadinessReviewDefinition.create({ asOf: '29/11/2026' })).message).toMatch(/asOf \("29\/11\/2026"\) is not an ISO date/);
  });
});

describe('trees', () => {
  test('one object twice with different content is ambiguous, naming both origins', () => {
    const e = error(() => ReadinessModel.fromManifests([{ manifest: deployment({ replicas: 2 }), origin: 'a.yaml#1' }, { manifest: deployment({ replicas: 3 }), origin: 'b.yaml#4' }]));
    expect(e.message).toBe(
      'b.yaml#4 ("Deployment shop/checkout") is also in a.yaml#1, with different content. A review reads one rendering of one system: review each rendering (for instance dist/cdk8s and dist/pulumi) on its own.',
    );
    expect(ReadinessModel.fromManifests([{ manifest: deployment(), origin: 'a' }, { manifest: deployment(), origin: 'b' }]).duplicates).toBe(1);
  });

  test('documents that are not manifests are skipped and reported, never silently read', () => {
    const m = ReadinessModel.fromManifests([{ manifest: 'text', origin: 'a' }, { manifest: { hello: 'world' }, origin: 'b' }, { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, origin: 'c' }]);
    expect(m.skipped.map((s) => `${s.origin}: ${s.why}`)).toEqual([
      'a: is not a mapping',
      'b: is neither a Kubernetes object (apiVersion and kind), a Prometheus rule file (groups) nor an Alertmanager configuration (route and receivers)',
      'c: is a ConfigMap without metadata.name',
    ]);
  });
});

describe('readiness files', () => {
  test('refuse unknown fields, unknown base packs and malformed YAML, naming the file', () => {
    const head = 'apiVersion: sre-constructs.dev/v1\nkind: ReadinessReview\n';
    expect(error(() => readReadinessFile(`${head}attestation: []\n`, 'r.yaml')).message).toMatch(/^r\.yaml: attestation \("attestation"\) is not a field of a readiness file/);
    expect(error(() => readReadinessFile(`${head}packs:\n  - { name: mine, extends: strict, rules: {} }\n`, 'r.yaml')).message).toMatch(/^r\.yaml: packs\[0\]\.extends \("strict"\) is not a pack defined before it/);
    expect(error(() => readReadinessFile('kind: [', 'r.yaml')).message).toMatch(/^r\.yaml .* is not valid YAML/);
    expect(error(() => readReadinessFile('kind: Other\n', 'r.yaml')).message).toMatch(/^r\.yaml \("Other"\) is not a readiness file/);
  });

  test('define packs that extend the seed checklist or each other', () => {
    const file = readReadinessFile(
      'apiVersion: sre-constructs.dev/v1\nkind: ReadinessReview\npacks:\n  - { name: strict, extends: seed-checklist, rules: { SRE-CAP-003: { level: error }, SRE-ARC-001: { within: 90d } } }\n  - { name: code, extends: strict, rules: { SRE-ARC-001: false } }\n',
      'r.yaml',
    );
    expect(file.packs.get('strict')!.entries.find((e) => e.rule.id === 'SRE-ARC-001')!.within!.toDays()).toBe(90);
    expect(file.packs.get('code')!.entries.some((e) => e.rule.id === 'SRE-ARC-001')).toBe(false);
  });
});

test('a cdk8s app applies the review once', () => {
  const app = new App();
  Readiness.of(app).apply();
  expect(() => Readiness.of(app).apply()).toThrow(/Readiness is already applied here/);
  expect(() => Readiness.of(Testing.app()).report()).toThrow(/call Readiness.of\(scope\).apply\(...\) before report\(\)/);
});
