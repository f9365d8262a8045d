import { Duration, DashboardCatalog, DashboardDelivery, SloDashboardDefinition, SloServiceDefinition, SpecError } from 'sre-constructs';
import { userAuthentication } from '../../examples/user-authentication';
import { schemaErrors } from '../support/schema';

const service = SloServiceDefinition.create(userAuthentication);

describe('dashboard delivery', () => {
  test('by default, a ConfigMap labelled for kube-prometheus-stack\'s sidecar, valid against Kubernetes 1.35', () => {
    const d = SloDashboardDefinition.create(service, { metadata: { namespace: 'monitoring' } });
    const cm = d.manifest() as { apiVersion: string; kind: string; metadata: { name: string; labels: object; annotations?: object }; data: Record<string, string> };
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'sre-constructs', grafana_dashboard: '1' });
    expect(cm.metadata.annotations).toBeUndefined();
    expect(Object.keys(cm.data)).toEqual(['user-authentication-slo-dashboard.json']);
    expect(JSON.parse(cm.data['user-authentication-slo-dashboard.json']).uid).toBe(d.uid);
    expect(schemaErrors(cm)).toEqual([]);
  });

  test('takes the sidecar label and folder annotation a Grafana chart is configured with', () => {
    const d = SloDashboardDefinition.create(service, {
      folder: 'SLOs',
      delivery: DashboardDelivery.configMap({ labelKey: 'grafana.example.com/dashboard', labelValue: 'true', folderAnnotation: 'grafana_folder' }),
    });
    const cm = d.manifest();
    expect(cm.metadata.labels).toMatchObject({ 'grafana.example.com/dashboard': 'true' });
    expect(cm.metadata.annotations).toEqual({ grafana_folder: 'SLOs' });
    expect(schemaErrors(cm)).toEqual([]);
  });

  test('for grafana-operator, a GrafanaDashboard valid against its CRD, with the folder and a Go-style resync period', () => {
    const d = SloDashboardDefinition.create(service, {
      folder: 'SLOs',
      delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' }, resyncPeriod: Duration.days(1), allowCrossNamespaceImport: true }),
    });
    const gd = d.manifest() as { kind: string; spec: Record<string, unknown> };
    expect(gd.kind).toBe('GrafanaDashboard');
    expect(gd.spec).toMatchObject({ instanceSelector: { matchLabels: { dashboards: 'grafana' } }, folder: 'SLOs', resyncPeriod: '24h', allowCrossNamespaceImport: true });
    expect(JSON.parse(gd.spec.json as string).title).toBe('user-authentication SLOs');
    expect(schemaErrors(gd as never)).toEqual([]);
  });

  test.each([
    [DashboardDelivery.configMap({ labelKey: 'grafana dashboard' }), /delivery\.labelKey \("grafana dashboard"\) is not a label key Kubernetes accepts/],
    [DashboardDelivery.configMap({ labelValue: 'yes please' }), /delivery\.labelValue \("yes please"\) is not a label value Kubernetes accepts/],
    [DashboardDelivery.configMap({ folderAnnotation: '-folder' }), /delivery\.folderAnnotation \("-folder"\) is not an annotation key/],
    [DashboardDelivery.grafanaOperator({ instanceSelector: {} }), /delivery\.instanceSelector \(\{\}\) is empty/],
    [DashboardDelivery.grafanaOperator({ instanceSelector: { 'a/b/c': 'x' } }), /delivery\.instanceSelector \("a\/b\/c"\) is not a valid Kubernetes label key/],
  ])('refuses a bad delivery at construction: %#', (delivery, message) => {
    let error: unknown;
    try {
      SloDashboardDefinition.create(service, { delivery }, 'prod/dashboard');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('the dashboard catalog', () => {
  test('refuses two dashboards with the same title in one folder, naming both', () => {
    const catalog = new DashboardCatalog();
    catalog.add(SloDashboardDefinition.create(service, { folder: 'SLOs' }, 'app/a'));
    expect(() => catalog.add(SloDashboardDefinition.create(service, { folder: 'SLOs', uid: 'other' }, 'app/b'))).toThrow(
      /^app\/b: title \("user-authentication SLOs"\) is already the title of app\/a in folder "SLOs"/,
    );
  });

  test('allows the same title in another folder, but not the same uid anywhere', () => {
    const catalog = new DashboardCatalog();
    catalog.add(SloDashboardDefinition.create(service, { folder: 'SLOs' }, 'app/a'));
    catalog.add(SloDashboardDefinition.create(service, { folder: 'Identity', uid: 'identity-slos' }, 'app/b'));
    expect(() => catalog.add(SloDashboardDefinition.create(service, { folder: 'Other', title: 'x' }, 'app/c'))).toThrow(/uid \("slo-user-authentication-[0-9a-f]{8}"\) is already the uid of app\/a/);
  });
});
