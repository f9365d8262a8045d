import {
  Duration,
  Objective,
  PostmortemTemplateDefinition,
  ResourceAlertsDefinition,
  RunbookDefinition,
  RunbooksDefinition,
  Severity,
  Sli,
  SloDashboardDefinition,
  SloServiceDefinition,
  SloServiceProps,
  SpecError,
  emittedAlerts,
  findPromQLSyntaxError,
  metricNamesIn,
  runbookCoverageProblems,
} from 'sre-constructs';
import { identityResourceAlerts, identityRunbooks, userAuthentication, userAuthenticationMonitoring } from '../../examples/user-authentication';
import { ServiceMonitoringDefinition } from '../../lib/monitoring/service-monitoring';
import { schemaErrors } from '../support/schema';

const slos = SloServiceDefinition.create(userAuthentication);
const sources = [slos, ServiceMonitoringDefinition.create(userAuthenticationMonitoring), ResourceAlertsDefinition.create(identityResourceAlerts)];
const example = RunbooksDefinition.create(identityRunbooks(sources), 'identity-runbooks');

const checkout = (extra: Partial<SloServiceProps> = {}): SloServiceDefinition =>
  SloServiceDefinition.create({
    service: 'checkout',
    alerting: { runbookBaseUrl: 'https://runbooks.example.com/' },
    slos: [{ name: 'availability', objective: Objective.percent(99.9), sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }) }],
    ...extra,
  });

/** The PromQL blocks of a Markdown page. */
const queries = (md: string) => [...md.matchAll(/```promql\n([\s\S]*?)\n```/g)].map((m) => m[1]);

describe('Runbooks of the example', () => {
  test('renders a page for every link its alerts carry, and nothing is missing', () => {
    expect([...example.pages.keys()]).toEqual([
      'README.md',
      'identity/certificate-expiring.md',
      'identity/container-cpu-throttled.md',
      'identity/container-oom-killed.md',
      'user-authentication/high-error-rate.md',
      'user-authentication/high-latency.md',
      'user-authentication/postmortem.md',
      'user-authentication/slo-availability.md',
      'user-authentication/slo-latency-p50.md',
      'user-authentication/slo-latency-p99.md',
    ]);
    const links = sources.flatMap((s) => emittedAlerts(s)).map((a) => a.runbook.url);
    expect(new Set(links)).toEqual(new Set([...example.pages.keys()].filter((p) => !p.endsWith('README.md') && !p.endsWith('postmortem.md')).map((p) => `https://runbooks.internal/${p}`)));
    expect(example.coverageProblems()).toEqual([]);
  });

  test('the generated SLO runbook says what each burn rate means in budget minutes and how long the budget lasts', () => {
    const md = example.pages.get('user-authentication/slo-availability.md')!;
    expect(md).toContain('Its error budget is 0.05% of events: as much as 21.6 minutes of every event failing in 30 days.');
    // 14.4x over 1h spends 2% of the budget (0.43 of 21.6 minutes) and a full budget lasts 30 / 14.4 = 2.1 days.
    expect(md).toContain('| SEV2 \\(critical\\) | pages | 14\\.4x | `1h / 5m` | 2% \\(0.43 minutes\\) | 2\\.1 days | 15 minutes |');
    expect(md).toContain('| SEV3 \\(warning\\) | ticket | 6x | `6h / 30m` | 5% \\(1.08 minutes\\) | 5 days | 1 hour |');
    expect(md).toContain('Not mitigated 30 minutes after the page: escalate to senior-sre-oncall.');
    expect(md).toContain('Template: [postmortem](postmortem.md).');
  });

  test('sends the reader to panels that exist on the SLO dashboard', () => {
    const dashboard = JSON.parse(SloDashboardDefinition.create(slos).json()) as { panels: Array<{ title: string }> };
    const titles = new Set(dashboard.panels.map((p) => p.title));
    for (const slo of ['availability', 'latency-p50', 'latency-p99']) {
      const named = [...example.pages.get(`user-authentication/slo-${slo}.md`)!.matchAll(/^- row or panel `([^`]+)`$/gm)].map((m) => m[1]);
      expect(named.length).toBeGreaterThanOrEqual(3);
      for (const title of named) expect({ slo, title, exists: titles.has(title) }).toEqual({ slo, title, exists: true });
    }
  });

  test('its first queries parse and read only series the SloService records', () => {
    const recorded = new Set(slos.recordingRuleGroups().flatMap((g) => g.rules.map((r) => ('record' in r ? r.record : ''))));
    for (const slo of ['availability', 'latency-p50', 'latency-p99']) {
      const found = queries(example.pages.get(`user-authentication/slo-${slo}.md`)!);
      expect(found.length).toBeGreaterThanOrEqual(4);
      for (const q of found) {
        expect({ q, error: findPromQLSyntaxError(q) }).toEqual({ q, error: undefined });
        for (const metric of metricNamesIn(q)) expect({ q, metric, recorded: recorded.has(metric) }).toEqual({ q, metric, recorded: true });
      }
    }
  });

  test('an SLO with an absent-data alert gets the SLI\'s source metrics to check', () => {
    const svc = checkout({ alerting: { runbookBaseUrl: 'https://runbooks.example.com/', absentDataAlert: true } });
    const md = RunbooksDefinition.create({ name: 'checkout', sources: [svc] }).pages.get('checkout/slo-availability.md')!;
    expect(md).toContain('SloDataMissing \\(SEV3\\) fires when the SLI has had no data for 15 minutes. No data means unknown, not healthy');
    expect(queries(md)).toContain('absent(http_requests_total)');
  });

  test('the postmortem template carries every SLO with its objective and budget, due within 48 hours of a SEV1 or SEV2', () => {
    const md = example.pages.get('user-authentication/postmortem.md')!;
    expect(md).toContain('| availability | 99\\.95% | 30 days | 0\\.05% of events \\(as much as 21.6 minutes of every event failing\\) | _to fill_ | _to fill_ |');
    expect(md).toContain('| Postmortem due | within 48 hours of resolution for a SEV1 or SEV2 |');
    expect(queries(md)[0].split('\n')).toEqual(['availability', 'latency-p50', 'latency-p99'].map((s) => `slo:period_error_budget_remaining:ratio{service="user-authentication", slo="${s}"}`));
  });

  test('as a ConfigMap, validates against the Kubernetes schema with one key a page', () => {
    const cm = RunbooksDefinition.create({ ...identityRunbooks(sources), configMap: { metadata: { namespace: 'identity' } } }).configMap()!;
    expect(schemaErrors(cm)).toEqual([]);
    expect(cm.metadata.name).toBe('identity-runbooks');
    expect(Object.keys(cm.data)).toContain('user-authentication_slo-availability.md');
    expect(example.configMap()).toBeUndefined();
  });

  test('renders the same bytes every time', () => {
    expect(RunbooksDefinition.create(identityRunbooks(sources)).files()).toEqual(example.files());
  });
});

describe('the postmortem of one incident', () => {
  const template = PostmortemTemplateDefinition.create(slos);

  test('is due 48 hours after a SEV1 or SEV2 is resolved, and not required for a SEV3', () => {
    const resolvedAt = new Date('2025-03-04T10:30:00Z');
    const md = template.markdown({ title: 'Login failures after the 2.14 rollout', sev: Severity.SEV2, startedAt: new Date('2025-03-04T09:00:00Z'), resolvedAt });
    expect(md).toMatch(/^# Postmortem: user-authentication: Login failures after the 2\.14 rollout/);
    expect(md).toContain('| Postmortem due | `2025-03-06T10:30:00.000Z` (48 hours after resolution: a SEV2 needs one) |');
    expect(PostmortemTemplateDefinition.dueBy(Severity.SEV3, resolvedAt)).toBeUndefined();
    expect(template.markdown({ title: 'Slow', sev: Severity.SEV3, startedAt: resolvedAt, resolvedAt })).toContain('none required for a SEV3');
  });

  test('refuses an incident resolved before it started, or with a SEV that is not one', () => {
    const startedAt = new Date('2025-03-04T09:00:00Z');
    expect(() => template.markdown({ title: 'x', sev: Severity.SEV1, startedAt, resolvedAt: new Date('2025-03-04T08:00:00Z') })).toThrow(/incident\.resolvedAt \("2025-03-04T08:00:00\.000Z"\) is before startedAt/);
    expect(() => template.markdown({ title: 'x', sev: 'SEV0' as never, startedAt, resolvedAt: startedAt })).toThrow(/incident\.sev \("SEV0"\) is not a severity/);
  });
});

describe('runbook coverage', () => {
  test('a link built from the base whose page nothing renders is a problem, and so is a paging alert with no runbook', () => {
    const linked = checkout();
    expect(runbookCoverageProblems(emittedAlerts(linked), new Set())).toEqual([
      'checkout: alert SloErrorBudgetBurn (SEV2, pages) links https://runbooks.example.com/checkout/slo-availability.md, but no Runbooks renders checkout/slo-availability.md. Give its SloService to a Runbooks as a source (its SLO runbook is generated), or set runbookUrl to where its runbook is.',
      'checkout: alert SloErrorBudgetBurn (SEV3) links https://runbooks.example.com/checkout/slo-availability.md, but no Runbooks renders checkout/slo-availability.md. Give its SloService to a Runbooks as a source (its SLO runbook is generated), or set runbookUrl to where its runbook is.',
    ]);
    expect(RunbooksDefinition.create({ name: 'checkout', sources: [linked] }).coverageProblems()).toEqual([]);
    const bare = checkout({ alerting: {} });
    expect(runbookCoverageProblems(emittedAlerts(bare), new Set())).toEqual([
      'checkout: alert SloErrorBudgetBurn (SEV2, pages) has no runbook. Set runbookBaseUrl (and render its runbooks with a Runbooks) or runbookUrl, or acknowledge it with acknowledgeNoRunbook: "<reason>".',
    ]);
  });

  test('an explicit runbookUrl is trusted, and an acknowledgement with a reason is accepted', () => {
    expect(runbookCoverageProblems(emittedAlerts(checkout({ alerting: { runbookUrl: 'https://wiki.example.com/checkout' } })), new Set())).toEqual([]);
    expect(runbookCoverageProblems(emittedAlerts(checkout({ alerting: { acknowledgeNoRunbook: 'the description names the fix' } })), new Set())).toEqual([]);
  });

  test('an alert\'s own link beats its pack\'s base; one level may not say two things', () => {
    const pack = ResourceAlertsDefinition.create({ name: 'shop', runbookBaseUrl: 'https://runbooks.example.com', cpuThrottling: { runbookUrl: 'https://wiki.example.com/cpu' }, oomKilled: { acknowledgeNoRunbook: 'restarts by itself' } });
    expect(emittedAlerts(pack).map((a) => [a.alertName, a.runbook])).toEqual([
      ['ContainerOOMKilled', { acknowledged: 'restarts by itself' }],
      ['ContainerCpuThrottled', { url: 'https://wiki.example.com/cpu' }],
      ['CertificateExpiring', { url: 'https://runbooks.example.com/shop/certificate-expiring.md', page: 'shop/certificate-expiring.md' }],
      ['CertificateExpiring', { url: 'https://runbooks.example.com/shop/certificate-expiring.md', page: 'shop/certificate-expiring.md' }],
    ]);
    expect(() => ResourceAlertsDefinition.create({ name: 'shop', runbookBaseUrl: 'https://runbooks.example.com', runbookUrl: 'https://wiki.example.com' }, 'prod/shop')).toThrow(
      /^prod\/shop: runbookBaseUrl \("https:\/\/wiki\.example\.com"\) is set together with runbookUrl\. Give one of runbookUrl/,
    );
  });
});

describe('bad input: a clear error at construction', () => {
  const written = (extra: object) => ({ name: 'Checkout down', trigger: 'x', sev: Severity.SEV2, diagnosis: [{ action: 'look' }], mitigation: [{ name: 'roll back', risk: 'medium' as const }], ...extra });

  test.each([
    ['a runbook for an alert the sources do not emit', { runbooks: [written({ alerts: ['HighErrorRat'] })] }, /^prod\/runbooks: runbooks\[0\]\.alerts \("HighErrorRat"\) is not an alert of the sources\. Choose from SloErrorBudgetBurn/],
    ['a runbook that understates its alert', { runbooks: [written({ sev: Severity.SEV3, alerts: ['SloErrorBudgetBurn'] })] }, /^prod\/runbooks: runbooks\[0\]\.sev \("SEV3"\) understates alert SloErrorBudgetBurn of checkout, which is SEV2/],
    ['a runbook on the page of a generated one', { runbooks: [written({ alerts: ['SloErrorBudgetBurn'] })] }, /^prod\/runbooks: runbooks\[0\]\.alerts \("checkout\/slo-availability\.md"\) is already the page of the generated runbook of SLO checkout\/availability/],
    ['two runbooks of one name', { runbooks: [written({}), written({})] }, /^prod\/runbooks: runbooks\[1\]\.alerts \("checkout-down\.md"\) is already the page of runbook "Checkout down"/],
    ['a runbook step without an action', { runbooks: [written({ diagnosis: [{ command: 'kubectl get pods' }] })] }, /^prod\/runbooks\/runbooks\[0\]: diagnosis\[0\]\.action \(not set\) is empty/],
  ])('refuses %s', (_what, extra, message) => {
    let error: unknown;
    try {
      RunbooksDefinition.create({ name: 'checkout', sources: [checkout()], ...extra }, 'prod/runbooks');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(message);
  });

  test('refuses a written runbook of the seed whose SEV3 escalates in 30 minutes, wherever it is read', () => {
    expect(() => RunbookDefinition.create(written({ sev: Severity.SEV3, escalation: { after: Duration.minutes(30), to: 'senior' } }))).toThrow(/escalation\.after \("30m"\) is shorter than the SEV3 response time/);
  });
});
