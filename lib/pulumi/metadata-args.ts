import type * as pulumi from '@pulumi/pulumi';

/** A map of labels (or annotations) that may come from other resources, as a whole or value by value. */
export type LabelsInput = pulumi.Input<Readonly<Record<string, pulumi.Input<string>>>>;

/**
 * Metadata of a generated object in the Pulumi door. Every field may come from another resource of the
 * program (`namespace: ns.metadata.name`); plain strings are checked at construction like everywhere else,
 * and values that arrive later are checked the same way once they resolve.
 */
export interface MetadataArgs {
  /**
   * Object name.
   * @default - derived from the component (documented on each one)
   */
  readonly name?: pulumi.Input<string>;
  /**
   * Namespace.
   * @default - the provider's namespace
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * Extra labels.
   * @default - none
   */
  readonly labels?: LabelsInput;
  /**
   * Extra annotations.
   * @default - none
   */
  readonly annotations?: LabelsInput;
}

/** Core props with their `metadata` widened to {@link MetadataArgs}. */
export type WithMetadataArgs<P> = Omit<P, 'metadata'> & {
  /**
   * Metadata of the generated object; every field accepts Pulumi Inputs.
   * @default - see the core props
   */
  readonly metadata?: MetadataArgs;
};

/** Rendered values as the mutable shapes cloud-provider argument types declare. */
export type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

/** A rendered object with each top-level field as a Pulumi Input (what `PendingInputs.fields` gives). */
export type InputFields<T> = { -readonly [K in keyof T]: pulumi.Input<Writable<T[K]>> };
