import * as pulumi from '@pulumi/pulumi';
import { CertificateRenewalDefinition, CertificateRenewalProps } from '../automation/certificate-renewal';
import { PendingInputs } from './inputs';
import type { MetadataArgs } from './metadata-args';
import { KubernetesResource, registerManifest } from './manifest-resource';

/** Args of {@link CertificateRenewal}: the core props, with metadata as Inputs. */
export type CertificateRenewalArgs = Omit<CertificateRenewalProps, 'metadata'> & {
  /**
   * Namespace, labels and annotations of the Certificate.
   * @default - the provider's namespace
   */
  readonly metadata?: Omit<MetadataArgs, 'name'>;
};

/** A cert-manager Certificate whose renewal starts well before the certificate expiry alerts would fire. */
export class CertificateRenewal extends pulumi.ComponentResource {
  /** The checked renewal. */
  public readonly definition: CertificateRenewalDefinition;
  /** The Certificate. */
  public readonly certificate: KubernetesResource;

  constructor(name: string, args: CertificateRenewalArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const definition = CertificateRenewalDefinition.create({ ...args, metadata: pending.metadata }, name);
    super('sre-constructs:index:CertificateRenewal', name, {}, opts);
    this.definition = definition;
    this.certificate = registerManifest(`${name}-certificate`, definition.certificate(), pending, { parent: this });
    this.registerOutputs({ renewBeforeDays: definition.renewBefore.toDays(), durationDays: definition.duration.toDays() });
  }
}
