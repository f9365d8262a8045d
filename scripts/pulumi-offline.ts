import * as pulumi from '@pulumi/pulumi';

/** A resource as the Pulumi engine would have been asked to register it. */
export interface RegisteredResource {
  /** Type token, e.g. `kubernetes:monitoring.coreos.com/v1:PrometheusRule`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Inputs, resolved. */
  readonly inputs: Record<string, unknown>;
}

/**
 * Outputs a provider computes rather than echoes (mocked resources otherwise report only their inputs):
 * a PagerDuty integration's key.
 */
export function providerComputedOutputs(type: string, name: string): Record<string, unknown> {
  return type === 'pagerduty:index/serviceIntegration:ServiceIntegration' ? { integrationKey: `${name}-key` } : {};
}

/** Resolves an Output in a mocked run. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/**
 * Runs a Pulumi program against `pulumi.runtime.setMocks`, with no CLI, engine or cluster, and returns
 * every resource it registered. `program` returns the resources it created.
 */
export async function registerOffline(
  program: () => pulumi.Resource[] | Promise<pulumi.Resource[]>,
  computed: (type: string, name: string) => Record<string, unknown> = providerComputedOutputs,
): Promise<RegisteredResource[]> {
  const registered: RegisteredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...computed(args.type, args.name) } };
      },
      call(args) {
        return args.inputs;
      },
    },
    'sre-constructs',
    'offline',
    false,
  );
  const resources = await program();
  await Promise.all(resources.map((r) => promiseOf(r.urn)));
  // Children register after their component's URN resolves; wait for every outstanding registration.
  await pulumi.runtime.disconnect();
  return registered;
}
