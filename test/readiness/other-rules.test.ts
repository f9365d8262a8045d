import { ChaosScheduleDefinition, Duration, ReadinessModel, ReadinessPack, ReadinessReviewDefinition, SloServiceDefinition, toYaml } from 'sre-constructs';
import { schedule } from '../chaos/fixtures';
import { schemaErrors } from '../support/schema';
import { DAY, checkoutSlos, container, deployment, described, manifest, prometheusRule, runRule } from './fixtures';

const sloRule = (service = 'checkout', namespace = 'shop') => SloServiceDefinition.create({ ...checkoutSlos, service, metadata: { namespace } }).prometheusRule();
const paymentsTree = (overrides: Parameters<typeof schedule>[0] = {}, experiment: Parameters<typeof schedule>[1] = {}) => {
  const definition = ChaosScheduleDefinition.create(schedule(overrides, experiment));
  return [sloRule('payment-service', 'payments'), ...definition.manifests()];
};

describe('SRE-QC-006: chaos scheduled with an abort', () => {
  test('passes a ChaosSchedule of either engine: Chaos Mesh aborts with Continuous status checks, Litmus with stopOnFailure probes', () => {
    expect(runRule('SRE-QC-006', paymentsTree()).status).toBe('pass');
    expect(runRule('SRE-QC-006', paymentsTree({ engine: 'litmus' })).status).toBe('pass');
    const m = ReadinessModel.fromManifests(paymentsTree({ engine: 'litmus' }).map((manifest, i) => ({ manifest, origin: `#${i}` })));
    expect(m.chaos.map((c) => [c.engine, c.service, typeof c.schedule === 'string' ? c.schedule : c.schedule.expression, c.abortsDuringRun])).toEqual([['litmus', 'payment-service', '0 10 * * 2', true]]);
  });

  test('names a paused experiment with its reason, and one that runs less than monthly', () => {
    const paused = described(runRule('SRE-QC-006', paymentsTree({ paused: { reason: 'payments freeze until the 2nd' } })));
    expect(paused).toEqual([expect.stringMatching(/^Schedule payments\/payment-service-latency \(service payment-service\): it is paused: annotated experiment\.chaos-mesh\.org\/pause: "true" \(payments freeze until the 2nd\)$/)]);
    const litmusPaused = described(runRule('SRE-QC-006', paymentsTree({ engine: 'litmus', paused: { reason: 'payments freeze' } })));
    expect(litmusPaused[0]).toMatch(/^ChaosEngine payments\/payment-service-latency \(service payment-service\): it is paused: its CronJob payment-service-latency is suspended \(payments freeze\)$/);
    // The library refuses schedules that are not weekly; a hand-edited copy runs every other month.
    const rareTree = paymentsTree().map((m) => (m.kind === 'Schedule' ? { ...m, spec: { ...(m.spec as object), schedule: '0 10 1 */2 *' } } : m));
    const rare = described(runRule('SRE-QC-006', rareTree));
    expect(rare[0]).toMatch(/its schedule \(0 10 1 \*\/2 \*\) leaves up to \d+ days between runs, more than the 31 days allowed/);
  });

  test('names an experiment that nothing stops once the fault is in, and a service with none', () => {
    const bare = manifest('chaos-mesh.org/v1alpha1', 'Schedule', 'kill', 'payments', {
      spec: { schedule: '0 10 * * 2', type: 'PodChaos', historyLimit: 1, concurrencyPolicy: 'Forbid', podChaos: { action: 'pod-kill', mode: 'one', selector: { labelSelectors: { 'app.kubernetes.io/name': 'payment-service' } } } },
    });
    expect(schemaErrors(bare)).toEqual([]);
    expect(described(runRule('SRE-QC-006', [sloRule('payment-service', 'payments'), bare]))[0]).toMatch(/^Schedule payments\/kill \(service payment-service\): nothing stops the fault while it is in/);
    expect(described(runRule('SRE-QC-006', [sloRule()]))[0]).toMatch(/no chaos experiment is scheduled for it/);
  });
});

/**
 * The DR objects issue #9 will render, with what the rules need written down as labels and annotations
 * (DR_METADATA): the RPO a schedule serves, its plan, and the drill interval.
 */
describe('disaster recovery (written against the DR_METADATA contract)', () => {
  const velero = (schedule: string, annotations: Record<string, string>, labels: Record<string, string> = { 'sre-constructs.dev/dr-plan': 'checkout' }) =>
    manifest('velero.io/v1', 'Schedule', 'checkout-files', 'velero', { spec: { schedule, template: { includedNamespaces: ['shop'], ttl: '2160h0m0s' } } }, { annotations, labels });
  const cnpg = (schedule: string, annotations: Record<string, string>) =>
    manifest('postgresql.cnpg.io/v1', 'ScheduledBackup', 'checkout-db', 'shop', { spec: { schedule, cluster: { name: 'checkout-db' } } }, { annotations, labels: { 'sre-constructs.dev/dr-plan': 'checkout' } });
  const drill = (schedule: string, annotations: Record<string, string> = {}, suspend = false) =>
    manifest('batch/v1', 'CronJob', 'checkout-restore-drill', 'shop', { spec: { schedule, suspend, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [container({ name: 'restore' })] } } } } } }, { annotations, labels: { 'sre-constructs.dev/dr-drill': 'checkout' } });
  const tree = [sloRule(), deployment()];

  test('the objects validate against the Velero, CloudNativePG and Kubernetes schemas', () => {
    for (const m of [velero('0 */6 * * *', { 'sre-constructs.dev/rpo': '1h' }), cnpg('0 0 2 * * *', {}), drill('0 3 1 */3 *')]) expect(schemaErrors(m)).toEqual([]);
  });

  test('SRE-OPS-005 names a schedule whose gap exceeds its RPO with both numbers, as the seed\'s own plan has it', () => {
    expect(described(runRule('SRE-OPS-005', [...tree, velero('0 */6 * * *', { 'sre-constructs.dev/rpo': '1h' })]))).toEqual([
      'Schedule velero/checkout-files: its schedule (0 */6 * * *) leaves up to 6 hours between backups, more than its RPO of 1 hour: a failure just before a run loses more data than the plan allows',
    ]);
    expect(runRule('SRE-OPS-005', [...tree, velero('0 * * * *', { 'sre-constructs.dev/rpo': '1h' })]).status).toBe('pass');
    expect(runRule('SRE-OPS-005', [...tree, cnpg('0 0 2 * * *', { 'sre-constructs.dev/rpo': '1h', 'sre-constructs.dev/backup-policy': 'continuous' })]).status).toBe('pass');
    expect(described(runRule('SRE-OPS-005', [...tree, cnpg('0 0 2 * * *', {})]))[0]).toMatch(/it does not state the RPO it serves \(annotation sre-constructs\.dev\/rpo\)/);
    expect(described(runRule('SRE-OPS-005', [...tree, cnpg('0 0 2 * * *', { 'sre-constructs.dev/rpo': 'hourly' })]))[0]).toMatch(/its sre-constructs\.dev\/rpo annotation "hourly" is not a duration/);
    expect(described(runRule('SRE-OPS-005', tree))[0]).toMatch(/^Deployment shop\/checkout \(service checkout\): no backup schedule of the tree covers namespace shop/);
  });

  test('SRE-QC-007 wants each plan drilled, not suspended, within its interval and at least quarterly', () => {
    const backup = velero('0 * * * *', { 'sre-constructs.dev/rpo': '1h' });
    expect(runRule('SRE-QC-007', [backup, drill('0 3 1 */3 *')]).status).toBe('pass');
    expect(described(runRule('SRE-QC-007', [backup]))[0]).toMatch(/^Schedule velero\/checkout-files \(plan checkout\): no CronJob of the tree drills a restore of its backups/);
    expect(described(runRule('SRE-QC-007', [backup, drill('0 3 1 */6 *')]))[0]).toMatch(/leaves up to \d+ days between drills, more than the 92 days allowed/);
    expect(described(runRule('SRE-QC-007', [backup, drill('0 3 1 * *', { 'sre-constructs.dev/drill-interval': '14d' })]))[0]).toMatch(/more than the plan's interval of 14 days/);
    expect(described(runRule('SRE-QC-007', [backup, drill('0 3 1 */3 *', {}, true)]))[0]).toMatch(/it is suspended, so the drill never runs/);
    expect(described(runRule('SRE-QC-007', [velero('0 * * * *', { 'sre-constructs.dev/rpo': '1h' }, {})]))[0]).toMatch(/it belongs to no DR plan/);
  });

  test('a pack can ask for monthly drills', () => {
    const pack = ReadinessPack.create({ name: 'monthly', rules: { 'SRE-QC-007': { within: Duration.days(31) } } });
    const report = ReadinessReviewDefinition.create({ pack, asOf: DAY }).review(
      [velero('0 * * * *', { 'sre-constructs.dev/rpo': '1h' }), drill('0 3 1 */3 *')].map((m, i) => ({ manifest: m, origin: `#${i}` })),
    );
    expect(report.results[0].findings[0].problem).toMatch(/more than the 31 days allowed/);
  });
});

/** Deploy gates as issue #11 describes them: Argo Rollouts and Flagger templates reading the SLO's budget series. */
describe('SRE-QC-002: error budgets enforced at deploy time', () => {
  const analysis = (query: string, labels: Record<string, string> = {}) =>
    manifest('argoproj.io/v1alpha1', 'AnalysisTemplate', 'checkout-budget', 'shop', {
      spec: { metrics: [{ name: 'budget', interval: '1m', failureLimit: 0, successCondition: 'len(result) == 1 && result[0] > 0', provider: { prometheus: { address: 'http://prometheus-operated.monitoring:9090', query } } }] },
    }, { labels });
  const flagger = (query: string) => manifest('flagger.app/v1beta1', 'MetricTemplate', 'checkout-burn', 'shop', { spec: { provider: { type: 'prometheus', address: 'http://prometheus-operated.monitoring:9090' }, query } });

  test('counts a template reading the service\'s budget series, by a literal matcher or by the service label', () => {
    const budget = 'slo:period_error_budget_remaining:ratio{service="checkout", slo="availability"}';
    for (const m of [analysis(budget), flagger('slo:sli_error:ratio_rate1h{service="checkout"} / 0.001')]) expect(schemaErrors(m)).toEqual([]);
    expect(runRule('SRE-QC-002', [sloRule(), deployment(), analysis(budget)]).status).toBe('pass');
    expect(runRule('SRE-QC-002', [sloRule(), deployment(), flagger('slo:sli_error:ratio_rate1h{service="checkout"} / 0.001')]).status).toBe('pass');
    expect(runRule('SRE-QC-002', [sloRule(), deployment(), analysis('slo:period_error_budget_remaining:ratio{service="{{args.service}}"}', { 'sre-constructs.dev/service': 'checkout' })]).status).toBe('pass');
    expect(runRule('SRE-QC-002', [sloRule(), deployment(), analysis('sum(rate(http_requests_total{service="checkout",code=~"5.."}[5m]))')]).status).toBe('fail');
    expect(runRule('SRE-QC-002', [sloRule(), deployment(), analysis('slo:period_error_budget_remaining:ratio{service="cart"}')]).status).toBe('fail');
  });

  test('counts a template reading a verdict the tree records from the budget (an ErrorBudgetPolicy\'s series)', () => {
    const verdict = prometheusRule('checkout-policy', 'shop', [
      {
        name: 'policy',
        rules: [
          { record: 'slo:budget_left:clamped', expr: 'clamp_min(slo:period_error_budget_remaining:ratio{service="checkout"}, -1)', labels: { service: 'checkout' } },
          { record: 'service:budget_left:min', expr: 'min by (service) (slo:budget_left:clamped{service="checkout"})', labels: { service: 'checkout' } },
          { record: 'service:deploys:rate1h', expr: 'sum by (service) (rate(deploys_total{service="checkout"}[1h]))', labels: { service: 'checkout' } },
        ],
      },
    ]);
    expect(runRule('SRE-QC-002', [sloRule(), deployment(), verdict, analysis('service:budget_left:min{service="checkout"}')]).status).toBe('pass');
    expect(runRule('SRE-QC-002', [sloRule(), deployment(), verdict, analysis('service:deploys:rate1h{service="checkout"}')]).status).toBe('fail');
  });
});

describe('SRE-SEC-002: no secret value in the manifests', () => {
  const VALUE = 'hunter2-correct-horse';
  const secret = manifest('v1', 'Secret', 'db', 'shop', { stringData: { password: VALUE }, data: { user: Buffer.from('app').toString('base64') } });
  const env = deployment({ containers: [container({ env: [{ name: 'DB_PASSWORD', value: VALUE }, { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }, { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }, { name: 'LOG_LEVEL', value: 'info' }] })] });
  const config = manifest('v1', 'ConfigMap', 'settings', 'shop', { data: { 'aws.conf': 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'db.url': 'postgres://app:s3cret@db.shop:5432/app', 'alertmanager.yaml': toYaml({ route: { receiver: 'pd' }, receivers: [{ name: 'pd', pagerduty_configs: [{ routing_key: VALUE }] }] }) } });

  test('names every place a secret is written, and never the value', () => {
    const result = runRule('SRE-SEC-002', [secret, env, config]);
    expect(described(result)).toEqual([
      'ConfigMap shop/settings (data.alertmanager.yaml: receivers[0].pagerduty_configs[0].routing_key): it holds an Alertmanager credential written in the configuration',
      'ConfigMap shop/settings (data.aws.conf): it holds an AWS access key id',
      'ConfigMap shop/settings (data.db.url): it holds a password in a URL',
      'Deployment shop/checkout (spec.template.spec.containers[app].env[DB_PASSWORD]): it holds a credential in a literal environment variable',
      'Secret shop/db (data.user): it holds a Secret value written in the manifest',
      'Secret shop/db (stringData.password): it holds a Secret value written in the manifest',
    ]);
    expect(JSON.stringify(result)).not.toContain(VALUE);
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  test('leaves the library\'s own objects alone: Secret references only', () => {
    const slos = sloRule();
    expect(runRule('SRE-SEC-002', [slos, deployment(), ...ChaosScheduleDefinition.create(schedule({ engine: 'litmus' })).manifests()]).status).toBe('pass');
  });
});

describe('attestations', () => {
  const tree = [sloRule(), sloRule('cart')];
  const attest = (date: string, service?: string) => ({ item: 'security-review', by: 'appsec', date, link: 'https://wiki.example.com/appsec/1', ...(service ? { service } : {}) });

  test('one attestation for all services, or one per service', () => {
    expect(runRule('SRE-SEC-001', tree, { attestations: [attest('2026-10-01')] }).status).toBe('pass');
    expect(described(runRule('SRE-SEC-001', tree, { attestations: [attest('2026-10-01', 'cart')] }))).toEqual([
      'PrometheusRule shop/checkout-slos (service checkout): nobody has attested the completed security review',
    ]);
  });

  test('names who attested, when, and how old it is against the limit; the newest counts', () => {
    expect(described(runRule('SRE-SEC-001', tree, { attestations: [attest('2025-06-01'), attest('2025-10-01')] }))[0]).toBe(
      'PrometheusRule shop/cart-slos (service cart): the completed security review was last attested by appsec on 2025-10-01, 424 days ago, more than the 365 days allowed',
    );
  });

  test('does not count an attestation dated after the review', () => {
    expect(described(runRule('SRE-SEC-001', tree, { attestations: [attest('2026-12-24')] }))[0]).toMatch(/its only attestation of the completed security review is dated 2026-12-24, after the review \(2026-11-29\)/);
  });

  test('attests the tree as a whole when it has no service', () => {
    expect(described(runRule('SRE-SEC-001', []))).toEqual(['tree: nobody has attested the completed security review']);
  });

  test('a pack can shorten the limit', () => {
    const pack = ReadinessPack.create({ name: 'strict', extends: ReadinessPack.seedChecklist(), rules: { 'SRE-SEC-001': { within: Duration.days(30) } } });
    const report = ReadinessReviewDefinition.create({ pack, asOf: DAY, attestations: [attest('2026-10-01')] }).review(tree.map((manifest, i) => ({ manifest, origin: `#${i}` })));
    expect(report.results.find((r) => r.rule.id === 'SRE-SEC-001')!.findings[0].problem).toMatch(/59 days ago, more than the 30 days allowed/);
  });
});
