import { SloService } from 'sre-constructs/pulumi';
import { userAuthentication } from '../user-authentication';

/** The seed's service as a Pulumi program: `pulumi up` registers the PrometheusRule. */
export const slos = new SloService('user-authentication', {
  ...userAuthentication,
  metadata: { namespace: 'identity', labels: { release: 'kube-prometheus-stack' } },
});

export const prometheusRuleName = slos.prometheusRuleName;
