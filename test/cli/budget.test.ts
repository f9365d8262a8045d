import { processIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/main';
import { BUDGET_HELP, shortDuration } from '../../lib/cli/budget';
import { Duration } from 'sre-constructs';
import { exhaustion } from '../../lib/policy/budget-report';

/** The `budget` verb's own checks, before it asks any server (the real-Prometheus proof is test/policy/budget-prometheus.test.ts). */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { ...processIO, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

test('a Prometheus URL that is not a URL is a usage error naming it', async () => {
  for (const url of ['prometheus:9090', 'ftp://prometheus', 'http://prometheus:9090/?x=1', '']) {
    const { code, stdout, stderr } = await cli('budget', '--prometheus', url);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`error: --prometheus ${JSON.stringify(url)} is not a URL such as http://prometheus.monitoring:9090\nRun "sre-constructs budget --help" for usage.\n`);
  }
});

test('missing --prometheus, a bad --timeout, stray arguments and unknown options are usage errors', async () => {
  expect(await cli('budget')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: budget needs --prometheus URL\n/) });
  expect(await cli('budget', '--prometheus', 'http://p:9090', '--timeout', 'soon')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: --timeout "soon" is not a duration such as 10s\n/) });
  expect(await cli('budget', '--prometheus', 'http://p:9090', 'checkout')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: budget takes no arguments besides its options, not "checkout"\n/) });
  expect(await cli('budget', '--prometheus', 'http://p:9090', '--gates')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: Unknown option '--gates'/) });
});

test('--help documents the flags, the JSON document and the exit statuses, and the main help lists the verb', async () => {
  expect(await cli('budget', '--help')).toEqual({ code: 0, stdout: BUDGET_HELP, stderr: '' });
  for (const flag of ['--prometheus URL', '--service S', '--slo NAME', '--json', '--gate', '--timeout', '"budgetRemaining"', '3 frozen']) expect(BUDGET_HELP).toContain(flag);
  expect((await cli('--help')).stdout).toMatch(/\n {2}budget {15}Print the error budgets/);
});

test('time to exhaustion: spent is zero, a budget that outlasts the period at this pace is none, whole minutes otherwise', () => {
  const week = Duration.days(7);
  expect(exhaustion(-0.1, 3, week)?.toMilliseconds()).toBe(0);
  expect(exhaustion(0.5, 0, week)).toBeUndefined();
  expect(exhaustion(0.5, 0.5, week)).toBeUndefined();
  expect(exhaustion(0.5, 1, week)?.toMinutes()).toBe(5040);
  expect(exhaustion(0.0001, 1000, week)?.toMinutes()).toBe(1);
  expect([5040, 5037, 190, 45, 1500, 1439, 1441].map((m) => shortDuration(Duration.minutes(m)))).toEqual(['3d12h', '3d12h', '3h10m', '45m', '1d1h', '23h59m', '1d']);
});
