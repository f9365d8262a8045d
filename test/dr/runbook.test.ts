import { DisasterRecoveryPlanDefinition } from 'sre-constructs';
import { example, withStore } from './plans';

const plan = DisasterRecoveryPlanDefinition.create(example);
const runbook = plan.runbook();
const headings = runbook.split('\n').filter((l) => /^#+ /.test(l));

describe('the DR runbook', () => {
  test('has the objectives, what is backed up where, each procedure step by step, the drill and the alerts', () => {
    expect(headings).toEqual([
      '# Disaster recovery runbook: user-authentication',
      '## Objectives',
      '## What is backed up where',
      '### Store: database',
      '### Store: file-storage',
      '## Failover procedures',
      '### Procedure: database-failover',
      '#### Steps',
      '#### Verify',
      '### Procedure: region-failover',
      '#### Steps',
      '#### Verify',
      '#### Fail back',
      '## Restore drill',
      '## Alerts',
    ]);
  });

  test('says what satisfies "continuous" for the database: WAL archiving, with its archive timeout', () => {
    expect(runbook).toMatch(/Continuous: what satisfies it is the cluster's WAL archiving, which this plan does not configure\..*archive\\_timeout at most 5 minutes/);
  });

  test('the region failover needs a person: the approver decides first, the approval check is inverted last; failing back reverts it', () => {
    const region = runbook.slice(runbook.indexOf('### Procedure: region-failover'), runbook.indexOf('## Restore drill'));
    const steps = region.slice(region.indexOf('#### Steps'), region.indexOf('#### Verify'));
    expect(steps).toMatch(/^1\. Page the incident commander and put the decision to them/m);
    // Traffic moves last, once the secondary is restored and healthy: moved earlier, it would meet an empty region.
    expect(steps).toMatch(/^4\. Scale the eu-central-1 deployment/m);
    expect(steps).toMatch(/^5\. Once the secondary's endpoint passes its health check, move traffic: invert the approval health check \\\(Route53, Name tag user-authentication-region-failover-approval\\\).*`aws route53 update-health-check --health-check-id <approval health check id> --inverted`/m);
    expect(region).toMatch(/aws route53 update-health-check --health-check-id <approval health check id> --no-inverted/);
    expect(region).toContain('15 minutes \\(trigger holds for 15 minutes\\) \\+ 5 minutes \\(SEV1 response time\\) \\+ 2 hours \\(the procedure\\) = 2 hours 20 minutes, within the RTO of 4 hours');
  });

  test('the drill: its schedule, what it restores, its permissions, and the next game day from the last', () => {
    expect(runbook).toMatch(/Schedule: `0 6 15 1,4,7,10 \*` \\\(UTC\\\), up to 92 days apart/);
    expect(runbook).toMatch(/last 2025-01-15, next 2025-04-15 by the drill schedule/);
    expect(runbook).toMatch(/in velero, create\/get restores/);
  });

  test('every alert of the plan is listed, and every alert links to a section that exists', () => {
    const rules = plan.alertingRules();
    expect(runbook.split('\n').filter((l) => /^\| `\w+` \|/.test(l))).toHaveLength(rules.length);
    const slugs = new Set(headings.map((h) => h.replace(/^#+ /, '').toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    for (const r of rules) expect(slugs.has(r.annotations!.runbook_url.split('#')[1])).toBe(true);
  });

  test('never prints names that may arrive as Pulumi Inputs (load balancers, zone ids)', () => {
    expect(runbook).not.toMatch(/elb\.amazonaws\.com|Z0123456789EXAMPLE|Z32O12XQLNTSW2/);
  });

  test('is the same text every time', () => {
    expect(DisasterRecoveryPlanDefinition.create(example).runbook()).toBe(runbook);
  });

  test('user text cannot open a heading, a link, HTML or a table cell of its own', () => {
    const hostile = DisasterRecoveryPlanDefinition.create(
      withStore(example, 'file-storage', (s) => ({
        ...s,
        description: '# Owned\n[click](javascript:alert(1)) <script>alert(1)</script> | cell | `code`',
        rpo: { ...s.rpo!, reason: 'pipes | and\nnewlines ## and {{ templates }}' },
      })),
    ).runbook();
    expect(hostile.split('\n').filter((l) => /^#+ /.test(l))).toEqual(headings);
    expect(hostile).not.toMatch(/<script>|\]\(javascript:/);
    expect(hostile).toContain('\\# Owned \\[click\\]\\(javascript:alert\\(1\\)\\) \\<script\\>alert\\(1\\)\\</script\\> \\| cell \\| \\`code\\`');
    const table = hostile.split('\n').filter((l) => l.startsWith('| [file-storage]'));
    expect(table).toHaveLength(1);
  });
});
