import type { PolicyPackArgs, StackValidationPolicy } from '@pulumi/policy';
import { ReadinessPack, manifestsFromStack } from 'sre-constructs';
import { readinessPolicies, readinessReport } from 'sre-constructs/pulumi';
import { registerOffline } from '../../scripts/pulumi-offline';
import { DAY, deployment, gapReview, gapTreePulumi, policyResources, runStackPolicies } from '../readiness/fixtures';

const pack = ReadinessPack.create({ name: 'workloads', rules: { 'SRE-ARC-004': true, 'SRE-CAP-003': true } });

describe('readinessPolicies (Pulumi CrossGuard)', () => {
  test('are one stack policy per rule of the pack, mandatory for errors and advisory for warnings, and fit a PolicyPack', () => {
    const policies = readinessPolicies({ pack });
    // Type-level: what PolicyPack takes.
    const args: PolicyPackArgs = { policies: policies satisfies StackValidationPolicy[] };
    expect(args.policies.map((p) => [p.name, p.enforcementLevel])).toEqual([
      ['sre-arc-004', 'mandatory'],
      ['sre-cap-003', 'advisory'],
    ]);
    expect(policies[0].description).toBe('Every workload runs more than one replica, or states why it cannot (Architecture: Single points of failure identified and mitigated)');
    expect(readinessPolicies().length).toBe(ReadinessPack.seedChecklist().entries.length);
  });

  test('report each finding against the URN of the resource it names, and nothing for what passes', async () => {
    const resources = [
      { type: 'kubernetes:apps/v1:Deployment', name: 'single', urn: 'urn:pulumi:s::p::kubernetes:apps/v1:Deployment::single', props: deployment({ name: 'single', replicas: 1 }) },
      { type: 'kubernetes:apps/v1:Deployment', name: 'many', urn: 'urn:pulumi:s::p::kubernetes:apps/v1:Deployment::many', props: deployment({ name: 'many', replicas: 3 }) },
    ];
    const violations = await runStackPolicies(readinessPolicies({ pack, asOf: DAY }), resources);
    expect(violations.map((v) => [v.policy, v.urn, v.message.split(':')[0]])).toEqual([
      ['sre-arc-004', 'urn:pulumi:s::p::kubernetes:apps/v1:Deployment::single', 'Deployment shop/single'],
      ['sre-cap-003', 'urn:pulumi:s::p::kubernetes:apps/v1:Deployment::many', 'Deployment shop/many'],
      ['sre-cap-003', 'urn:pulumi:s::p::kubernetes:apps/v1:Deployment::single', 'Deployment shop/single'],
    ]);
  });

  test('let an unknown value stop the policy (Pulumi reports it cannot run during the preview), never turn it into a finding', async () => {
    class UnknownValueError extends Error {}
    const props = deployment();
    const unknown = new Proxy(props, {
      get(target, key) {
        if (key === 'spec') throw new UnknownValueError('spec is unknown during preview');
        return (target as Record<string | symbol, unknown>)[key];
      },
    });
    const policy = readinessPolicies({ pack, asOf: DAY })[0];
    await expect(async () => policy.validateStack({ resources: [{ type: 'kubernetes:apps/v1:Deployment', name: 'd', urn: 'urn:d', props: unknown }] }, () => undefined)).rejects.toBeInstanceOf(UnknownValueError);
  });

  test('read Kubernetes resources by their type token, core/v1 as v1, and leave components and other providers out', () => {
    const sources = manifestsFromStack([
      { type: 'kubernetes:core/v1:ConfigMap', name: 'cm', urn: 'urn:cm', props: { metadata: { namespace: 'shop' }, data: { a: 'b' }, status: { phase: 'x' } } },
      { type: 'kubernetes:yaml:ConfigFile', name: 'file', urn: 'urn:file', props: {} },
      { type: 'kubernetes:helm.sh/v3:Release', name: 'chart', urn: 'urn:chart', props: { name: 'x' } },
      { type: 'aws:s3/bucket:Bucket', name: 'bucket', urn: 'urn:bucket', props: {} },
      { type: 'sre-constructs:index:SloService', name: 'slos', urn: 'urn:slos', props: {} },
    ]);
    expect(sources).toEqual([{ manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'shop' }, data: { a: 'b' } }, origin: 'urn:cm' }]);
  });

  test('give the full report of a program run with mocks, the same as the policies\' violations', async () => {
    const registered = await registerOffline(() => gapTreePulumi());
    const resources = policyResources(registered);
    const report = readinessReport(resources, gapReview);
    const violations = await runStackPolicies(readinessPolicies(gapReview), resources);
    expect(report.results.reduce((n, r) => n + r.findings.length, 0)).toBe(violations.length);
    expect(report.results.filter((r) => r.acknowledged.length > 0).map((r) => r.rule.id)).toEqual(['SRE-OPS-002', 'SRE-CAP-002', 'SRE-CAP-003', 'SRE-QC-002']);
  });
});
