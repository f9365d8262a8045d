import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateRenewalDefinition, CertificateRenewalProps } from '../automation/certificate-renewal';
import { childPath } from './path';

/** A cert-manager Certificate whose renewal starts well before the certificate expiry alerts would fire. */
export class CertificateRenewal extends Construct {
  /** The checked renewal. */
  public readonly definition: CertificateRenewalDefinition;
  /** The Certificate. */
  public readonly certificate: ApiObject;

  constructor(scope: Construct, id: string, props: CertificateRenewalProps) {
    const definition = CertificateRenewalDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.certificate = new ApiObject(this, 'Certificate', definition.certificate());
  }
}
