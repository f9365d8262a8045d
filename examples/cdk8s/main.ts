import { App, Chart } from 'cdk8s';
import { SloService } from 'sre-constructs/cdk8s';
import { userAuthentication } from '../user-authentication';

/** The seed's service as a cdk8s chart: one SloService emits its PrometheusRule. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const chart = new Chart(app, 'user-authentication', { namespace: 'identity', disableResourceNameHashes: true });
  new SloService(chart, 'slos', {
    ...userAuthentication,
    metadata: { labels: { release: 'kube-prometheus-stack' } },
  });
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
