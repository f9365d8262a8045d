import * as pulumi from '@pulumi/pulumi';
import { LateCheck, LateValues } from '../common/late-values';
import { requireNamespace } from '../common/names';
import { ManifestMetadataProps, requireObjectName } from '../common/manifest';
import type { InputFields, LabelsInput, MetadataArgs, Writable } from './metadata-args';

/**
 * Inputs split in two: plain values the core checks now, and stand-ins for Inputs that resolve later,
 * swapped back into whatever the core rendered (see {@link LateValues}). A late value is checked once it
 * resolves, with the core's own check, so it fails the deployment with the message a plain one gets.
 * Use: `fromMetadata`, `value`/`url`/`labels` for other references, then `registerManifest(..., pending, ...)`.
 */
export class PendingInputs {
  /** Splits metadata args: strings stay, Inputs become stand-ins. */
  public static fromMetadata(metadata: MetadataArgs | undefined, path: string): PendingInputs {
    const pending = new PendingInputs(path);
    if (metadata !== undefined) {
      const { name, namespace, labels, annotations } = metadata;
      pending.metadata = {
        name: pending.value(name, (value, at) => requireObjectName(at, 'metadata.name', value)),
        namespace: pending.value(namespace, (value, at) => requireNamespace(at, 'metadata.namespace', value)),
        labels: pending.labels(labels),
        annotations: pending.labels(annotations),
      };
    }
    return pending;
  }

  /** Metadata props for the core: plain strings, with stand-ins where the value is not known yet. */
  public metadata: ManifestMetadataProps | undefined;
  private readonly late = new LateValues<pulumi.Input<string> | LabelsInput>();
  private constructor(private readonly path: string) {}

  /** A plain string as it is; any other Input a stand-in (a valid name), checked by the core's `check` once known. */
  public value(input: pulumi.Input<string>, check: LateCheck<unknown>): string;
  public value(input: pulumi.Input<string> | undefined, check: LateCheck<unknown>): string | undefined;
  public value(input: pulumi.Input<string> | undefined, check: LateCheck<unknown>): string | undefined {
    return input === undefined || typeof input === 'string' ? input : this.late.scalar(input, { check });
  }

  /** A plain string as it is; any other Input an `https://` URL stand-in, for fields the core checks as URLs. */
  public url(input: pulumi.Input<string>, check: LateCheck<unknown>): string {
    return typeof input === 'string' ? input : this.late.scalar(input, { check, shape: (token) => `https://${token}.invalid` });
  }

  /** Plain strings as they are; a map that is or holds Inputs one stand-in. Outside metadata, give the core's `check`. */
  public labels(input: LabelsInput, check?: LateCheck<Readonly<Record<string, string>>>): Record<string, string>;
  public labels(input: LabelsInput | undefined, check?: LateCheck<Readonly<Record<string, string>>>): Record<string, string> | undefined;
  public labels(input: LabelsInput | undefined, check?: LateCheck<Readonly<Record<string, string>>>): Record<string, string> | undefined {
    if (input === undefined) return undefined;
    if (!pulumi.Output.isInstance(input) && !(input instanceof Promise) && Object.values(input).every((v) => typeof v === 'string')) {
      return input as Record<string, string>;
    }
    return this.late.map(pulumi.output(input), check);
  }

  /** A rendered manifest's fields as Inputs (see {@link fields}); `apiVersion` and `kind` stay plain: Pulumi picks the type by them. */
  public resolve<T extends { apiVersion: string; kind: string }>(rendered: T): Record<string, pulumi.Input<unknown>> {
    return { ...this.fields(rendered), apiVersion: rendered.apiVersion, kind: rendered.kind };
  }

  /** Any rendered object (a manifest, a cloud resource's arguments) as one Input per top-level field, stand-ins swapped once all resolve. */
  public fields<T extends object>(rendered: T): InputFields<T> {
    if (this.late.isEmpty) return { ...rendered } as InputFields<T>;
    const resolved = pulumi
      .all([pulumi.all(this.late.scalarValues()), pulumi.all(this.late.mapValues())])
      .apply(([scalars, maps]) => this.fill(rendered, scalars, maps as ReadonlyArray<Record<string, string>>));
    const fields = {} as InputFields<T>;
    for (const key of Object.keys(rendered) as Array<keyof T>) fields[key] = resolved.apply((o) => o[key] as Writable<T[typeof key]>);
    return fields;
  }

  /** What {@link resolve} runs once the values are known (scalars and maps in the order met). */
  public fill<T>(rendered: T, scalars: readonly unknown[], maps: ReadonlyArray<Readonly<Record<string, string>> | undefined>): T {
    return this.late.fill(rendered, scalars, maps, this.path);
  }
}
