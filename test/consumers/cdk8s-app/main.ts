import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import { Duration, Objective, Sli, Slo } from 'sre-constructs';
import { RedDashboard, ServiceMonitoring, SloDashboard, SloService } from 'sre-constructs/cdk8s';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { }) {
    super(scope, id, props);

    const service = new SloService(this, 'checkout', {
      service: 'checkout',
      alerting: { runbookUrl: 'https://runbooks.example.com/checkout' },
      metadata: { labels: { release: 'kube-prometheus-stack' } },
      slos: [
        { name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) },
        Slo.latencyPercentile({ name: 'latency-p99', percentile: 99, threshold: Duration.millis(300), histogram: 'http_request_duration_seconds_bucket{job="checkout"}' }),
      ],
    });
    new SloDashboard(this, 'checkout-slo', { service, folder: 'SLOs' });
    const monitoring = new ServiceMonitoring(this, 'checkout-red', {
      service: 'checkout',
      requests: 'http_requests_total{job="checkout"}',
      histogram: 'http_request_duration_seconds_bucket{job="checkout"}',
      scrape: { selector: { 'app.kubernetes.io/name': 'checkout' }, port: 'metrics' },
      runbookUrl: 'https://runbooks.example.com/checkout/high-error-rate',
    });
    new RedDashboard(this, 'checkout-red-dashboard', { monitoring });
  }
}

const app = new App();
new MyChart(app, 'checkout', { namespace: 'shop' });
app.synth();
