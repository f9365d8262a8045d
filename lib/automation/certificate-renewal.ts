import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { isDnsSubdomain } from '../common/names';
import { optionalUrl } from '../alerting/burn-rate-alerts';
import { sortKeys } from '../monitoring/alert-rules';
import type { ResourceAlertsDefinition } from '../monitoring/resource-alerts';
import { RUNBOOK_ANNOTATION } from './memory-policy';

/** The cert-manager issuer of a certificate. */
export interface CertificateIssuerRef {
  /** Issuer name. */
  readonly name: string;
  /**
   * `Issuer` (same namespace) or `ClusterIssuer`.
   * @default "ClusterIssuer"
   */
  readonly kind?: 'Issuer' | 'ClusterIssuer';
}

/**
 * The seed's certificate remediation as declared policy: a cert-manager Certificate whose renewal starts well
 * before the expiry alerts of the resource pack would fire, so renewal is automatic and the alerts only speak
 * when it fails.
 *
 * @see https://cert-manager.io/docs/usage/certificate/#reissuance-triggered-by-expiry-renewal
 */
export interface CertificateRenewalProps {
  /** Name of the Certificate (DNS subdomain). */
  readonly name: string;
  /** DNS names the certificate covers; at least one. */
  readonly dnsNames: readonly string[];
  /** The issuer. */
  readonly issuer: CertificateIssuerRef;
  /**
   * Secret that receives the key pair.
   * @default "<name>-tls"
   */
  readonly secretName?: string;
  /**
   * Requested lifetime. At least 1 hour.
   * @default Duration.days(90)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager starts renewing. Must leave `minimumLead` before the warning (ticket) tier of
   * the certificate alert, and be shorter than `duration`.
   * @default - the alert's warning threshold plus twice minimumLead (44 days with the seed's 30-day ticket)
   */
  readonly renewBefore?: Duration;
  /**
   * The least time between the start of renewal and the ticket tier: cert-manager retries a failed issuance with a
   * backoff that grows to 32 hours, so a week leaves several attempts before anyone is told.
   * @default Duration.days(7)
   */
  readonly minimumLead?: Duration;
  /**
   * The resource alert pack whose certificate thresholds renewal must beat.
   * @default - the pack's defaults: critical below 7 days, warning below 30 days
   */
  readonly alerts?: ResourceAlertsDefinition;
  /**
   * Runbook of this remediation, as the annotation `sre-constructs.dev/runbook-url` on the Certificate.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Metadata of the Certificate.
   * @default - named `name`
   */
  readonly metadata?: Omit<ManifestMetadataProps, 'name'>;
}

/** A checked certificate renewal. */
export class CertificateRenewalDefinition {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: CertificateRenewalProps, path?: string): CertificateRenewalDefinition {
    return new CertificateRenewalDefinition(props, path ?? String(props?.name ?? 'CertificateRenewal'));
  }

  /** Requested lifetime. */
  public readonly duration: Duration;
  /** Renewal starts this long before expiry. */
  public readonly renewBefore: Duration;
  /** The thresholds renewal beats. */
  public readonly thresholds: { readonly alertName: string; readonly warning: Duration; readonly critical: Duration };
  /** Secret name. */
  public readonly secretName: string;
  /** DNS names. */
  public readonly dnsNames: readonly string[];
  /** Issuer. */
  public readonly issuer: Required<CertificateIssuerRef>;
  /** Metadata. */
  public readonly metadata: ManifestMetadata;

  private constructor(props: CertificateRenewalProps, path: string) {
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not a CertificateRenewal spec', 'Give { name, dnsNames, issuer }.');
    if (!Array.isArray(props.dnsNames) || props.dnsNames.length === 0) at.fail('dnsNames', props.dnsNames, 'is empty', 'Name at least one DNS name, e.g. ["auth.example.com"].');
    props.dnsNames.forEach((n, i) => {
      if (typeof n !== 'string' || !isDnsSubdomain(n.replace(/^\*\./, ''))) at.fail(`dnsNames[${i}]`, n, 'is not a DNS name', 'Give a lowercase DNS name such as "auth.example.com" (a leading "*." for a wildcard).');
    });
    this.dnsNames = [...props.dnsNames];
    const issuer = props.issuer;
    if (issuer === null || typeof issuer !== 'object' || !isDnsSubdomain(issuer.name)) at.fail('issuer.name', issuer?.name, 'is not an issuer name', 'Give the name of a cert-manager Issuer or ClusterIssuer, e.g. "letsencrypt".');
    const kind = issuer.kind ?? 'ClusterIssuer';
    if (kind !== 'Issuer' && kind !== 'ClusterIssuer') at.fail('issuer.kind', kind, 'is not an issuer kind', 'Use "Issuer" or "ClusterIssuer".');
    this.issuer = { name: issuer.name, kind };
    this.secretName = props.secretName ?? `${props.name}-tls`;
    if (!isDnsSubdomain(this.secretName)) at.fail('secretName', this.secretName, 'is not a valid Secret name', 'Use lowercase letters, digits, "-" and ".".');

    const alerts = props.alerts?.certificateExpiry;
    if (props.alerts !== undefined && !alerts) {
      at.fail('alerts', props.alerts.name, 'has its certificate alert turned off, so there is no threshold to beat', 'Give a pack with certificateExpiry on, or leave alerts out to check against the default 7 and 30 days.');
    }
    this.thresholds = { alertName: alerts?.alertName ?? 'CertificateExpiring', warning: alerts?.warning ?? Duration.days(30), critical: alerts?.critical ?? Duration.days(7) };
    const warning = this.thresholds.warning;
    const lead = requireWholeMinutes(at, 'minimumLead', props.minimumLead ?? Duration.days(7));
    this.duration = requireWholeMinutes(at, 'duration', props.duration ?? Duration.days(90));
    if (this.duration.toMilliseconds() < Duration.hours(1).toMilliseconds()) at.fail('duration', this.duration.toPrometheus(), 'is shorter than 1 hour', 'cert-manager accepts durations of at least 1 hour, e.g. Duration.days(90).');
    const defaultRenewBefore = Duration.millis(warning.toMilliseconds() + 2 * lead.toMilliseconds());
    this.renewBefore = requireWholeMinutes(at, 'renewBefore', props.renewBefore ?? defaultRenewBefore);
    const ticket = `the ticket tier of ${this.thresholds.alertName} (below ${warning.toHumanString()})`;
    if (compareDurations(this.renewBefore, this.duration) >= 0) {
      at.fail('renewBefore', this.renewBefore.toPrometheus(), `is not shorter than the certificate's duration (${this.duration.toPrometheus()}), so cert-manager would renew it as soon as it is issued`, `Renew well within the lifetime, e.g. renewBefore ${defaultRenewBefore.toPrometheus()} for a duration of 90d.`);
    }
    if (compareDurations(this.renewBefore, warning) <= 0) {
      at.fail('renewBefore', this.renewBefore.toPrometheus(), `starts renewal only after ${ticket} would have fired`, `Renew at least ${lead.toHumanString()} before the ticket: renewBefore ${Duration.millis(warning.toMilliseconds() + lead.toMilliseconds()).toPrometheus()} or more.`);
    }
    if (this.renewBefore.toMilliseconds() - warning.toMilliseconds() < lead.toMilliseconds()) {
      const gap = Duration.millis(this.renewBefore.toMilliseconds() - warning.toMilliseconds());
      at.fail('renewBefore', this.renewBefore.toPrometheus(), `starts renewal only ${gap.toHumanString()} before ${ticket}, less than the minimum lead of ${lead.toHumanString()} that cert-manager's retries need`, `Renew earlier: renewBefore ${Duration.millis(warning.toMilliseconds() + lead.toMilliseconds()).toPrometheus()} or more.`);
    }
    const runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl);
    const base = props.metadata ?? {};
    const annotations = runbookUrl ? sortKeys({ ...(base.annotations ?? {}), [RUNBOOK_ANNOTATION]: runbookUrl }) : base.annotations;
    this.metadata = defineMetadata(at, { ...base, name: props.name, ...(annotations ? { annotations } : {}) }, props.name);
  }

  /** The Certificate (cert-manager.io/v1). */
  public certificate(): KubernetesManifest {
    return {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: this.metadata,
      spec: {
        secretName: this.secretName,
        dnsNames: [...this.dnsNames],
        issuerRef: { name: this.issuer.name, kind: this.issuer.kind, group: 'cert-manager.io' },
        duration: goDuration(this.duration),
        renewBefore: goDuration(this.renewBefore),
        privateKey: { rotationPolicy: 'Always' },
      },
    };
  }
}

function requireWholeMinutes(at: SpecPath, field: string, value: unknown): Duration {
  const d = requirePositiveDuration(at, field, value);
  if (d.toMilliseconds() % 60000 !== 0) at.fail(field, d.toPrometheus(), 'is not a whole number of minutes', 'Give a duration in days, hours or minutes, e.g. Duration.days(45).');
  return d;
}

/** Go's time.ParseDuration syntax, which cert-manager reads: hours and minutes (`1056h`, `1h30m`). */
function goDuration(d: Duration): string {
  const minutes = d.toMinutes();
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}`;
}
