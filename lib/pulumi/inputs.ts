import * as pulumi from '@pulumi/pulumi';
import { LateValues } from '../common/late-values';
import type { ManifestMetadataProps } from '../common/manifest';
import type { MetadataArgs } from './metadata-args';

/** The rendered values, as the mutable shapes cloud-provider argument types declare. */
type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

type LateInput = pulumi.Input<string> | pulumi.Input<Readonly<Record<string, pulumi.Input<string>>>>;

/**
 * Metadata split in two: plain strings the core checks now, and stand-ins for Inputs that resolve later,
 * swapped back into whatever the core rendered (see {@link LateValues}).
 *
 * @example
 * const pending = PendingInputs.fromMetadata(args.metadata, name);
 * const definition = FooDefinition.create({ ...args, metadata: pending.metadata }, name);
 * registerManifest(`${name}-foo`, definition.manifest(), pending, { parent: this });
 */
export class PendingInputs {
  /** Splits metadata args: strings stay, Inputs become stand-ins. */
  public static fromMetadata(metadata: MetadataArgs | undefined, path: string): PendingInputs {
    const pending = new PendingInputs(path);
    if (metadata !== undefined) {
      const { name, namespace, labels, annotations } = metadata;
      pending.metadata = { name: pending.value(name), namespace: pending.value(namespace), labels: pending.map(labels), annotations: pending.map(annotations) };
    }
    return pending;
  }

  /** Metadata props for the core: plain strings, with stand-ins where the value is not known yet. */
  public metadata: ManifestMetadataProps | undefined;
  private readonly late = new LateValues<LateInput>();

  private constructor(private readonly path: string) {}

  /** A plain string as it is; any other Input a stand-in. */
  public value(input: pulumi.Input<string> | undefined): string | undefined {
    return input === undefined || typeof input === 'string' ? input : this.late.scalar(input);
  }

  private map(input: MetadataArgs['labels']): Record<string, string> | undefined {
    if (input === undefined) return undefined;
    if (pulumi.Output.isInstance(input) || input instanceof Promise) return this.late.map(input);
    return Object.fromEntries(Object.entries(input as Record<string, pulumi.Input<string>>).map(([k, v]) => [k, this.value(v)!]));
  }

  /**
   * The fields of a rendered object as Inputs, stand-ins swapped once every value resolves; `apiVersion`
   * and `kind` stay plain (Pulumi picks the resource type from them). A late value that is not valid where
   * it landed fails the deployment with the message a plain one gets at construction.
   */
  public resolve<T extends { apiVersion: string; kind: string }>(rendered: T): Record<string, pulumi.Input<unknown>> {
    return { ...this.fields(rendered), apiVersion: rendered.apiVersion, kind: rendered.kind };
  }

  /**
   * Any rendered object (a cloud resource's arguments: records, health checks) as one Input per top-level field,
   * stand-ins swapped once every value resolves.
   */
  public fields<T extends object>(rendered: T): { -readonly [K in keyof T]: pulumi.Input<Writable<T[K]>> } {
    if (this.late.isEmpty) return { ...rendered } as { -readonly [K in keyof T]: pulumi.Input<Writable<T[K]>> };
    const resolved = pulumi
      .all([pulumi.all(this.late.scalarValues()), pulumi.all(this.late.mapValues())])
      .apply(([scalars, maps]) => this.fill(rendered, scalars, maps as ReadonlyArray<Record<string, string>>));
    const fields = {} as { -readonly [K in keyof T]: pulumi.Input<Writable<T[K]>> };
    for (const key of Object.keys(rendered) as Array<keyof T>) fields[key] = resolved.apply((o) => o[key] as Writable<T[typeof key]>);
    return fields;
  }

  /** What {@link resolve} runs once the values are known (scalars and maps in the order met). */
  public fill<T>(rendered: T, scalars: readonly unknown[], maps: ReadonlyArray<Readonly<Record<string, string>> | undefined>): T {
    return this.late.fill(rendered, scalars, maps, this.path);
  }
}
