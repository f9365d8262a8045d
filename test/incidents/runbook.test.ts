import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RunbookDefinition, RunbookProps, Severity, SpecError } from 'sre-constructs';

const ROOT = join(__dirname, '..', '..');
const SEED = readFileSync(join(ROOT, 'test', 'fixtures', 'seed', 'high-cpu-usage.yaml'), 'utf8');
const SHIPPED = readFileSync(join(ROOT, 'examples', 'runbooks', 'high-cpu-usage.yaml'), 'utf8');

const props: RunbookProps = {
  name: 'High error rate',
  trigger: 'HighErrorRate: more than 1% of requests failing for 5 minutes',
  sev: Severity.SEV2,
  alerts: ['HighErrorRate'],
  diagnosis: [{ action: 'Check for recent deployments', command: 'kubectl rollout history deployment/checkout' }, { action: 'Read the logs' }],
  mitigation: [
    { name: 'Roll back', command: 'kubectl rollout undo deployment/checkout', risk: 'medium' },
    { name: 'Restart the pods', command: 'kubectl rollout restart deployment/checkout', risk: 'low' },
  ],
  escalation: { after: Duration.minutes(30), to: 'senior-sre-oncall' },
};

function yamlFailure(text: string): string {
  try {
    RunbookDefinition.fromYaml(text, {}, 'runbooks/high-cpu-usage.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  return 'accepted';
}

describe('Runbook', () => {
  test('reads the seed\'s YAML form and refuses its one contradiction: a SEV3, answered within the hour, escalated after 30 minutes', () => {
    expect(yamlFailure(SEED)).toBe(
      'runbooks/high-cpu-usage.yaml: escalation.after ("30m") is shorter than the SEV3 response time (1 hour), so the next level would be called before the first is due. ' +
        'Escalate no sooner than the response time: after 1 hour or more.',
    );
    expect(yamlFailure(SEED.replace('after: 30 minutes', 'after: 1 hour'))).toBe('accepted');
  });

  test('the version that ships in examples/ reads, is SEV3 for ContainerCpuThrottled, and escalates after an hour', () => {
    const runbook = RunbookDefinition.fromYaml(SHIPPED);
    expect([runbook.name, runbook.sev, runbook.alerts, runbook.slug, runbook.escalation?.after.toPrometheus()]).toEqual(['High CPU Usage', Severity.SEV3, ['ContainerCpuThrottled'], 'high-cpu-usage', '1h']);
    expect(runbook.diagnosis.map((s) => s.action)).toEqual(['Check which process is consuming CPU', 'Check for recent deployments', 'Check for traffic spike']);
    expect(runbook.mitigation.map((m) => m.risk)).toEqual(['low', 'medium', 'low']);
  });

  test('renders Markdown: the SEV and its response time, each step with its command, mitigations lowest risk first, escalation, the postmortem', () => {
    const md = RunbookDefinition.create(props).markdown('postmortem.md');
    expect(md).toMatch(/^# High error rate\n/);
    expect(md).toContain('- **Severity**: SEV2: major feature unavailable; respond within 15 minutes; pages the on-call.');
    expect(md).toContain('### 1\\. Check for recent deployments\n\n```sh\nkubectl rollout history deployment/checkout\n```');
    expect(md.indexOf('Restart the pods')).toBeLessThan(md.indexOf('Roll back'));
    expect(md).toContain('Not mitigated 30 minutes after the alert fired: escalate to senior-sre-oncall.');
    expect(md).toContain('A SEV2 needs a blameless postmortem within 48 hours of resolution. Template: [postmortem](postmortem.md).');
  });

  test('escapes every user string: a name cannot open a link or a tag, a command cannot close its code block', () => {
    const md = RunbookDefinition.create({
      ...props,
      name: 'Outage <img src=x onerror=alert(1)> [click](javascript:alert(1))',
      trigger: '# not a heading\n| not | a table |',
      diagnosis: [{ action: '**bold** `tick`', command: 'echo ```\nrm -rf /' }],
    }).markdown();
    expect(md).toContain('# Outage \\<img src=x onerror=alert\\(1\\)\\> \\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(md).toContain('**Trigger**: \\# not a heading \\| not \\| a table \\|');
    expect(md).toContain('### 1\\. \\*\\*bold\\*\\* \\`tick\\`');
    expect(md).toContain('````sh\necho ```\nrm -rf /\n````');
    expect(md).not.toMatch(/(?<!\\)<img|(?<!\\)\]\(javascript/);
  });

  test.each([
    ['a step without an action', SHIPPED.replace('action: "Check for recent deployments"', 'action: ""'), /^runbook: diagnosis_steps\[1\]\.action \(""\) is empty\. Say what to do in this step/],
    ['a step with no action at all', SHIPPED.replace('    action: "Check for recent deployments"\n', ''), /^runbook: diagnosis_steps\[1\]\.action \(not set\) is empty/],
    ['an unknown SEV', SHIPPED.replace('severity: SEV3', 'severity: SEV5'), /^runbook: severity \("SEV5"\) is not a severity\. Use Severity\.SEV1/],
    ['steps out of order', SHIPPED.replace('step: 2', 'step: 3'), /^runbook: diagnosis_steps\[1\]\.step \(3\) is not 2/],
    ['an unknown field', `${SHIPPED}owner: me\n`, /^runbook: owner \("me"\) is not a runbook field/],
    ['a risk that is not one', SHIPPED.replace('risk: medium', 'risk: moderate'), /^runbook: mitigation_options\[1\]\.risk \("moderate"\) is not a risk\. Use "low", "medium" or "high"/],
    ['an escalation without a unit', SHIPPED.replace('after: 1 hour', 'after: 60'), /^runbook: escalation\.after \(60\) has no unit/],
    ['no mitigation', SHIPPED.replace(/mitigation_options:[\s\S]*?escalation:/, 'mitigation_options: []\n\nescalation:'), /^runbook: mitigation_options \(\[\]\) is empty\. Give at least one mitigation option/],
    ['YAML that is not a mapping', '- name: x', /^runbook \(\[\{"name":"x"\}\]\) is not a YAML mapping/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => RunbookDefinition.fromYaml(text)).toThrow(message);
  });

  test('refuses an escalation before the response time in the typed form too', () => {
    expect(() => RunbookDefinition.create({ ...props, escalation: { after: Duration.minutes(5), to: 'x' } }, 'runbooks/errors')).toThrow(
      /^runbooks\/errors: escalation\.after \("5m"\) is shorter than the SEV2 response time \(15 minutes\)/,
    );
  });
});
