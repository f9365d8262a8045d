import { CertificateRenewalDefinition, CertificateRenewalProps, Duration, ResourceAlertsDefinition, SpecError } from 'sre-constructs';
import { schemaErrors } from '../support/schema';

const base: CertificateRenewalProps = {
  name: 'user-authentication',
  dnsNames: ['auth.example.com'],
  issuer: { name: 'letsencrypt' },
  runbookUrl: 'https://runbooks.internal/certificates',
  metadata: { namespace: 'identity' },
};

describe('CertificateRenewal', () => {
  test('renders a cert-manager Certificate valid against its schema, with the runbook on it', () => {
    const certificate = CertificateRenewalDefinition.create(base).certificate();
    expect(schemaErrors(certificate)).toEqual([]);
    expect(certificate.metadata.annotations).toEqual({ 'sre-constructs.dev/runbook-url': 'https://runbooks.internal/certificates' });
  });

  test('renews a 90-day certificate 44 days before expiry by default: two weeks before the 30-day ticket, in Go duration syntax', () => {
    const spec = CertificateRenewalDefinition.create(base).certificate().spec as Record<string, unknown>;
    expect(spec).toMatchObject({ secretName: 'user-authentication-tls', duration: '2160h', renewBefore: '1056h', issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' } });
  });

  test('reads the thresholds to beat from the resource alert pack', () => {
    const alerts = ResourceAlertsDefinition.create({ name: 'identity', certificateExpiry: { warning: Duration.days(21), critical: Duration.days(5) } });
    const renewal = CertificateRenewalDefinition.create({ ...base, alerts });
    expect(renewal.thresholds).toEqual({ alertName: 'CertificateExpiring', warning: Duration.days(21), critical: Duration.days(5) });
    expect(renewal.renewBefore.toPrometheus()).toBe('35d');
  });

  const cases: Array<[string, Partial<CertificateRenewalProps>, RegExp]> = [
    ['renewBefore longer than the certificate\'s duration', { duration: Duration.days(30), renewBefore: Duration.days(45) }, /prod\/cert: renewBefore \("45d"\) is not shorter than the certificate's duration \(30d\)/],
    ['renewal that starts after the ticket would fire', { renewBefore: Duration.days(20) }, /renewBefore \("20d"\) starts renewal only after the ticket tier of CertificateExpiring \(below 30 days\) would have fired/],
    ['renewal too close to the ticket', { renewBefore: Duration.days(33) }, /renewBefore \("33d"\) starts renewal only 3 days before the ticket tier of CertificateExpiring \(below 30 days\), less than the minimum lead of 7 days/],
    ['a short-lived certificate whose default renewal cannot fit', { duration: Duration.days(40) }, /renewBefore \("44d"\) is not shorter than the certificate's duration \(40d\)/],
    ['a pack with the certificate alert off', { alerts: ResourceAlertsDefinition.create({ name: 'identity', certificateExpiry: false }) }, /alerts \("identity"\) has its certificate alert turned off/],
    ['no DNS name', { dnsNames: [] }, /dnsNames \(\[\]\) is empty/],
  ];
  test.each(cases)('refuses %s', (_name, override, message) => {
    const create = () => CertificateRenewalDefinition.create({ ...base, ...override }, 'prod/cert');
    expect(create).toThrow(SpecError);
    expect(create).toThrow(message);
  });
});
