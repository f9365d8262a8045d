// Runs index.ts as `pulumi up` would, with Pulumi's mocks in place of the engine (no Pulumi CLI here),
// then checks where the Outputs landed.
import * as pulumi from "@pulumi/pulumi";

interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
}

const registered: Registered[] = [];
pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            // As the Kubernetes provider does: an object without a name gets the resource name and a suffix.
            const metadata = { ...args.inputs.metadata, name: args.inputs.metadata?.name ?? `${args.name}-5f2b8c1d` };
            return { id: `${args.name}-id`, state: { ...args.inputs, metadata } };
        },
        call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
    },
    "consumer-pulumi-program",
    "dev",
    false,
);

async function main(): Promise<void> {
    const program = await import("./index");
    await new Promise<void>((resolve) => program.ruleName.apply(() => resolve()));
    await pulumi.runtime.disconnect();
    const of = (type: string) => registered.filter((r) => r.type === type);
    const [rule] = of("kubernetes:monitoring.coreos.com/v1:PrometheusRule").filter((r) => r.name === "checkout-prometheus-rule");
    const [monitor] = of("kubernetes:monitoring.coreos.com/v1:PodMonitor");
    const [dashboard] = of("kubernetes:core/v1:ConfigMap");
    const problems = [
        rule?.inputs.metadata.namespace === "shop-5f2b8c1d" ? "" : `PrometheusRule namespace: ${JSON.stringify(rule?.inputs.metadata)}`,
        monitor?.inputs.metadata.namespace === "shop-5f2b8c1d" ? "" : `PodMonitor namespace: ${JSON.stringify(monitor?.inputs.metadata)}`,
        JSON.stringify(monitor?.inputs.spec.selector) === '{"matchLabels":{"app.kubernetes.io/name":"checkout"}}' ? "" : `PodMonitor selector: ${JSON.stringify(monitor?.inputs.spec)}`,
        dashboard?.inputs.metadata.namespace === "grafana" ? "" : `dashboard: ${JSON.stringify(dashboard?.inputs.metadata)}`,
    ].filter((p) => p !== "");
    if (problems.length > 0) throw new Error(problems.join("\n"));
    console.log(`pulumi-program: ${registered.length} resources registered; PrometheusRule, PodMonitor and dashboard placed by Outputs`);
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
