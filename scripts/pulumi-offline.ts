import * as pulumi from '@pulumi/pulumi';

/** A resource as the Pulumi engine would have been asked to register it. */
export interface RegisteredResource {
  /** Type token, e.g. `kubernetes:monitoring.coreos.com/v1:PrometheusRule`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Inputs, resolved. */
  readonly inputs: Record<string, unknown>;
  /** The parent, as `type::name`, when it has one. */
  readonly parent?: string;
  /** Name of the explicit provider it was registered with, when not a default provider. */
  readonly provider?: string;
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

/** `type::name` of a resource URN (`urn:pulumi:stack::project::parentType$type::name`). */
function typeAndName(urn: string): string | undefined {
  const parts = urn.split('::');
  if (parts.length < 4) return undefined;
  const type = parts[2].split('$').pop()!;
  return `${type}::${parts.slice(3).join('::')}`;
}

interface RegisterRequest {
  getParent(): string;
  getProvider(): string;
}

/**
 * Runs a Pulumi program against `pulumi.runtime.setMocks`, with no CLI, engine or cluster, and returns
 * every resource it registered (with its parent and explicit provider). `program` returns the resources it
 * created. Mocked AWS resources get an `arn` output naming them, so references between them can be followed.
 */
export async function registerOffline(
  program: () => pulumi.Resource[] | Promise<pulumi.Resource[]>,
  computed: (type: string, name: string) => Record<string, unknown> = providerComputedOutputs,
): Promise<RegisteredResource[]> {
  const registered: RegisteredResource[] = [];
  let request: RegisterRequest | undefined;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const parent = request?.getParent() ? typeAndName(request.getParent()) : undefined;
        const providerRef = request?.getProvider() ?? '';
        const provider = providerRef && !providerRef.includes('::default') ? typeAndName(providerRef.slice(0, providerRef.lastIndexOf('::')))?.split('::').pop() : undefined;
        registered.push({ type: args.type, name: args.name, inputs: args.inputs, ...(parent ? { parent } : {}), ...(provider ? { provider } : {}) });
        const arn = args.type.startsWith('aws:') ? { arn: `arn:aws:mock:::${args.type}/${args.name}` } : {};
        return { id: `${args.name}-id`, state: { ...arn, ...args.inputs, ...computed(args.type, args.name) } };
      },
      call(args) {
        return args.inputs;
      },
    },
    'sre-constructs',
    'offline',
    false,
  );
  // The mock monitor reads a registration's parent and provider from the request; newResource runs synchronously
  // inside registerResource, so the request it belongs to is the one just passed in.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, callback: unknown): unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    request = req;
    try {
      return register(req, callback);
    } finally {
      request = undefined;
    }
  };
  const resources = await program();
  await Promise.all(resources.map((r) => promiseOf(r.urn)));
  // Children register after their component's URN resolves; wait for every outstanding registration.
  await pulumi.runtime.disconnect();
  return registered;
}

/**
 * Registered resources as reviewers read them (`dist/pulumi/resources.json`): sorted by type, then name, with
 * their inputs' keys sorted, so the file reads the same on every run (registration follows promise resolution).
 */
export function resourcesByTypeAndName(registered: readonly RegisteredResource[]): object[] {
  return [...registered]
    .sort((a, b) => (a.type === b.type ? compare(a.name, b.name) : compare(a.type, b.type)))
    .map(({ type, name, parent, provider, inputs }) => ({ type, name, ...(parent ? { parent } : {}), ...(provider ? { provider } : {}), inputs: sortedDeep(inputs) }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedDeep((value as Record<string, unknown>)[k])]));
}
