import * as k8s from "@pulumi/kubernetes";
import { Objective, Sli } from "sre-constructs";
import { ServiceMonitoring, SloDashboard, SloService } from "sre-constructs/pulumi";

// What `pulumi new kubernetes-typescript` writes, in a namespace of its own...
const ns = new k8s.core.v1.Namespace("shop");
const appLabels = { "app.kubernetes.io/name": "checkout" };
const deployment = new k8s.apps.v1.Deployment("checkout", {
    metadata: { namespace: ns.metadata.name },
    spec: {
        selector: { matchLabels: appLabels },
        replicas: 1,
        template: {
            metadata: { labels: appLabels },
            spec: { containers: [{ name: "checkout", image: "nginx", ports: [{ name: "metrics", containerPort: 9090 }] }] },
        },
    },
});

// ...and its SLOs and monitoring, placed by the other resources' Outputs.
const slos = new SloService("checkout", {
    service: "checkout",
    metadata: { namespace: ns.metadata.name, labels: { release: "kube-prometheus-stack" } },
    slos: [{ name: "availability", sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
});
new ServiceMonitoring("checkout-red", {
    service: "checkout",
    requests: 'http_requests_total{job="checkout"}',
    histogram: 'http_request_duration_seconds_bucket{job="checkout"}',
    scrape: { kind: "PodMonitor", selector: deployment.spec.template.metadata.labels, port: "metrics", metadata: { namespace: ns.metadata.name } },
    metadata: { namespace: ns.metadata.name },
});
new SloDashboard("checkout-slo", { service: slos, metadata: { namespace: "grafana" } });

export const name = deployment.metadata.name;
export const ruleName = slos.prometheusRuleName;
