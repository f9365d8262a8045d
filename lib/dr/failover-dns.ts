import { Duration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isDnsSubdomain } from '../common/names';

/**
 * Who writes the failover records: Route53 directly (Pulumi door: `aws.route53.Record`s), or external-dns from a
 * `DNSEndpoint` (both doors).
 */
export type FailoverDnsManager = 'route53' | 'external-dns';

/**
 * Where one side of the failover pair sends traffic. Names of cloud resources are `S`: plain strings in the core
 * and the cdk8s door, `pulumi.Input<string>` in the Pulumi door, so they can come from other resources.
 */
export interface FailoverTargetProps<S = string> {
  /**
   * A load balancer (ALB, NLB, CLB): an alias record to it. Its DNS name and canonical hosted zone id.
   * @default - none; give loadBalancer or ipAddress
   */
  readonly loadBalancer?: { readonly dnsName: S; readonly hostedZoneId: S };
  /**
   * An IPv4 address: an A record with the pair's TTL.
   * @default - none
   */
  readonly ipAddress?: S;
  /**
   * Host name the endpoint health check connects to (and sends as Host and SNI).
   * @default - the load balancer's DNS name, or the IP address
   */
  readonly healthCheckHost?: S;
}

/** The Route53 health check of each side's endpoint. */
export interface EndpointHealthCheckProps {
  /** Path requested, e.g. "/healthz". */
  readonly path: string;
  /**
   * Protocol.
   * @default "HTTPS"
   */
  readonly protocol?: 'HTTPS' | 'HTTP';
  /**
   * Port.
   * @default 443 for HTTPS, 80 for HTTP
   */
  readonly port?: number;
  /**
   * Seconds between checks from each checker: 10 or 30.
   * @default 30
   * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html
   */
  readonly requestInterval?: 10 | 30;
  /**
   * Consecutive failures before the endpoint counts as unhealthy (1 to 10). For automatic failover it is derived
   * from the procedure's trigger delay.
   * @default 3
   */
  readonly failureThreshold?: number;
}

/** Route53 health checks made elsewhere, by id (for external-dns when this door cannot create them). */
export interface ExistingHealthCheckIds<S = string> {
  /** The check the PRIMARY record carries: the operator's approval check for manual approval, else the primary endpoint's check. */
  readonly primary: S;
  /**
   * The secondary endpoint's check.
   * @default - none
   */
  readonly secondary?: S;
}

/**
 * A PRIMARY/SECONDARY failover record pair in a Route53 hosted zone.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-types.html
 */
export interface FailoverDnsProps<S = string> {
  /** The name users resolve, e.g. "auth.example.com". */
  readonly hostname: string;
  /** Route53 hosted zone id of the name. */
  readonly hostedZoneId: S;
  /** Who writes the records. */
  readonly manager: FailoverDnsManager;
  /** The primary region's endpoint. */
  readonly primary: FailoverTargetProps<S>;
  /** The secondary region's endpoint. */
  readonly secondary: FailoverTargetProps<S>;
  /** Health check of both endpoints. */
  readonly healthCheck: EndpointHealthCheckProps;
  /**
   * TTL of non-alias records (alias records take the target's).
   * @default Duration.seconds(60)
   */
  readonly ttl?: Duration;
  /**
   * Health checks made elsewhere. With these, nothing creates Route53 health checks; the cdk8s door needs them
   * for a DNSEndpoint (it cannot create AWS resources).
   * @default - the Pulumi door creates them
   */
  readonly healthCheckIds?: ExistingHealthCheckIds<S>;
}

/** Every cloud-resource name of a failover DNS spec passed through `fn` (the Pulumi door turns Inputs into stand-ins). */
export function mapFailoverDnsNames<A, B>(dns: FailoverDnsProps<A>, fn: (value: A) => B): FailoverDnsProps<B> {
  const target = (t: FailoverTargetProps<A>): FailoverTargetProps<B> => ({
    ...(t.loadBalancer ? { loadBalancer: { dnsName: fn(t.loadBalancer.dnsName), hostedZoneId: fn(t.loadBalancer.hostedZoneId) } } : {}),
    ...(t.ipAddress !== undefined ? { ipAddress: fn(t.ipAddress) } : {}),
    ...(t.healthCheckHost !== undefined ? { healthCheckHost: fn(t.healthCheckHost) } : {}),
  });
  const ids = dns.healthCheckIds;
  return {
    ...dns,
    hostedZoneId: fn(dns.hostedZoneId),
    primary: target(dns.primary),
    secondary: target(dns.secondary),
    healthCheckIds: ids ? { primary: fn(ids.primary), ...(ids.secondary !== undefined ? { secondary: fn(ids.secondary) } : {}) } : undefined,
  };
}

/** One checked side of the pair. */
export interface FailoverTargetDefinition {
  /** `PRIMARY` or `SECONDARY`. */
  readonly role: 'PRIMARY' | 'SECONDARY';
  /** The region it serves from. */
  readonly region: string;
  /** Route53 set identifier: `<role>-<region>`. */
  readonly setIdentifier: string;
  /** Load balancer alias target. */
  readonly loadBalancer?: { readonly dnsName: string; readonly hostedZoneId: string };
  /** IPv4 address. */
  readonly ipAddress?: string;
  /** Host the health check connects to. */
  readonly healthCheckHost: string;
}

/** A checked failover DNS pair. */
export interface FailoverDnsDefinition {
  /** The name. */
  readonly hostname: string;
  /** Hosted zone id. */
  readonly hostedZoneId: string;
  /** Who writes the records. */
  readonly manager: FailoverDnsManager;
  /** Primary side. */
  readonly primary: FailoverTargetDefinition;
  /** Secondary side. */
  readonly secondary: FailoverTargetDefinition;
  /** Endpoint health check. */
  readonly healthCheck: Required<EndpointHealthCheckProps>;
  /** TTL of non-alias records. */
  readonly ttl: Duration;
  /** Existing health checks. */
  readonly healthCheckIds?: ExistingHealthCheckIds;
}

/** Checks a failover DNS pair. `failureThreshold` overrides the health check's when the trigger delay decides it. */
export function defineFailoverDns(
  at: SpecPath,
  props: FailoverDnsProps,
  regions: { readonly primary: string; readonly secondary: string },
  failureThreshold: number | undefined,
): FailoverDnsDefinition {
  if (props === null || typeof props !== 'object') return at.fail(undefined, props, 'is not a failover DNS spec', 'Give { hostname, hostedZoneId, manager, primary, secondary, healthCheck }.');
  if (typeof props.hostname !== 'string' || !isDnsSubdomain(props.hostname) || !props.hostname.includes('.')) {
    at.fail('hostname', props.hostname, 'is not a fully qualified host name', 'Give the name users resolve, e.g. "auth.example.com".');
  }
  requireCloudName(at, 'hostedZoneId', props.hostedZoneId, 'Give the Route53 hosted zone id, e.g. "Z0123456789ABCDEFGHIJ".');
  if (props.manager !== 'route53' && props.manager !== 'external-dns') {
    at.fail('manager', props.manager, 'is not a DNS manager', 'Give "route53" (the Pulumi door writes the records) or "external-dns" (a DNSEndpoint).');
  }
  const hc = props.healthCheck;
  const hat = at.at('healthCheck');
  if (hc === null || typeof hc !== 'object') at.fail('healthCheck', hc, 'is not a health check', 'Give { path: "/healthz" }.');
  if (typeof hc.path !== 'string' || !/^\/[\x21-\x7e]*$/.test(hc.path) || hc.path.length > 255) {
    hat.fail('path', hc.path, 'is not a request path', 'Give a path starting with "/", e.g. "/healthz", without spaces.');
  }
  const protocol = hc.protocol ?? 'HTTPS';
  if (protocol !== 'HTTPS' && protocol !== 'HTTP') hat.fail('protocol', protocol, 'is not HTTPS or HTTP', 'Give "HTTPS" or "HTTP".');
  const port = hc.port ?? (protocol === 'HTTPS' ? 443 : 80);
  if (!Number.isInteger(port) || port < 1 || port > 65535) hat.fail('port', port, 'is not a port', 'Give a port between 1 and 65535.');
  const requestInterval = hc.requestInterval ?? 30;
  if (requestInterval !== 10 && requestInterval !== 30) hat.fail('requestInterval', requestInterval, 'is not 10 or 30', 'Route53 checks every 10 or every 30 seconds.');
  const threshold = failureThreshold ?? hc.failureThreshold ?? 3;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 10) hat.fail('failureThreshold', threshold, 'is not between 1 and 10', 'Route53 takes 1 to 10 consecutive failures.');
  const ttl = props.ttl ?? Duration.seconds(60);
  if (!(ttl instanceof Duration) || ttl.toMilliseconds() <= 0 || ttl.toMilliseconds() % 1000 !== 0) {
    at.fail('ttl', String(ttl), 'is not a positive whole number of seconds', 'Give e.g. Duration.seconds(60).');
  }
  const side = (role: 'PRIMARY' | 'SECONDARY', region: string, field: string, t: FailoverTargetProps): FailoverTargetDefinition => {
    const tat = at.at(field);
    if (t === null || typeof t !== 'object' || (t.loadBalancer === undefined) === (t.ipAddress === undefined)) {
      tat.fail(undefined, t, 'does not say where to send traffic', 'Give exactly one of loadBalancer ({ dnsName, hostedZoneId }) or ipAddress.');
    }
    if (t.loadBalancer) {
      requireCloudName(tat.at('loadBalancer'), 'dnsName', t.loadBalancer.dnsName, 'Give the load balancer\'s DNS name.');
      requireCloudName(tat.at('loadBalancer'), 'hostedZoneId', t.loadBalancer.hostedZoneId, 'Give the load balancer\'s canonical hosted zone id.');
    }
    if (t.ipAddress !== undefined && !/^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$|^latevalue\d+z$/.test(t.ipAddress)) {
      tat.fail('ipAddress', t.ipAddress, 'is not an IPv4 address', 'Give an address such as "203.0.113.10".');
    }
    const healthCheckHost = t.healthCheckHost ?? t.loadBalancer?.dnsName ?? t.ipAddress!;
    if (t.healthCheckHost !== undefined) requireCloudName(tat, 'healthCheckHost', t.healthCheckHost, 'Give the host name the health check connects to.');
    return { role, region, setIdentifier: `${role.toLowerCase()}-${region}`, loadBalancer: t.loadBalancer, ipAddress: t.ipAddress, healthCheckHost };
  };
  let healthCheckIds: ExistingHealthCheckIds | undefined;
  if (props.healthCheckIds !== undefined) {
    const iat = at.at('healthCheckIds');
    requireCloudName(iat, 'primary', props.healthCheckIds.primary, 'Give the id of a Route53 health check.');
    if (props.healthCheckIds.secondary !== undefined) requireCloudName(iat, 'secondary', props.healthCheckIds.secondary, 'Give the id of a Route53 health check.');
    healthCheckIds = props.healthCheckIds;
  }
  return {
    hostname: props.hostname,
    hostedZoneId: props.hostedZoneId,
    manager: props.manager,
    primary: side('PRIMARY', regions.primary, 'primary', props.primary),
    secondary: side('SECONDARY', regions.secondary, 'secondary', props.secondary),
    healthCheck: { path: hc.path, protocol, port, requestInterval, failureThreshold: threshold },
    ttl,
    healthCheckIds,
  };
}

/** A name of a cloud resource: non-empty text without spaces or quotes (ids, DNS names, ARNs). */
export function requireCloudName(at: SpecPath, field: string, value: unknown, expected: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][\x21-\x7e]*$/.test(value) || /["'`]/.test(value)) {
    return at.fail(field, value, 'is not a resource name or id', expected);
  }
  return value;
}

/** A Route53 health check as `aws.route53.HealthCheck` takes it (children are added by the door). */
export interface HealthCheckSpec {
  /** Check type. */
  readonly type: 'HTTPS' | 'HTTP' | 'CALCULATED';
  /** Endpoint host. */
  readonly fqdn?: string;
  /** Port. */
  readonly port?: number;
  /** Request path. */
  readonly resourcePath?: string;
  /** Seconds between checks. */
  readonly requestInterval?: number;
  /** Failures before unhealthy. */
  readonly failureThreshold?: number;
  /** Send the host name in the TLS handshake. */
  readonly enableSni?: boolean;
  /** For CALCULATED: children that must be healthy; 0 makes the check always healthy until inverted. */
  readonly childHealthThreshold?: number;
  /** Report the opposite status. */
  readonly invertHealthcheck?: boolean;
  /** Tags (Name shows in the console). */
  readonly tags: Readonly<Record<string, string>>;
}

/** A Route53 record as `aws.route53.Record` takes it (the health-check id is added by the door). */
export interface RecordSpec {
  /** Hosted zone. */
  readonly zoneId: string;
  /** Name. */
  readonly name: string;
  /** Type. */
  readonly type: 'A';
  /** Set identifier. */
  readonly setIdentifier: string;
  /** PRIMARY or SECONDARY. */
  readonly failoverRoutingPolicies: ReadonlyArray<{ readonly type: 'PRIMARY' | 'SECONDARY' }>;
  /** Alias to a load balancer. */
  readonly aliases?: ReadonlyArray<{ readonly name: string; readonly zoneId: string; readonly evaluateTargetHealth: boolean }>;
  /** TTL, for an address record. */
  readonly ttl?: number;
  /** Addresses, for an address record. */
  readonly records?: readonly string[];
}

/** The Route53 resources of a failover pair, and which health check the PRIMARY record carries. */
export interface Route53FailoverSpec {
  /** Health check of the primary endpoint. */
  readonly primaryEndpointCheck: HealthCheckSpec;
  /** Health check of the secondary endpoint. */
  readonly secondaryEndpointCheck: HealthCheckSpec;
  /**
   * For manual approval: the operator's check. CALCULATED with a threshold of 0 is always healthy, so Route53 keeps
   * answering with the primary whatever the endpoints do; inverting it (one API call by a person allowed to)
   * makes the primary unhealthy and moves traffic to the secondary. Its child is the primary endpoint check, so
   * its status page shows the endpoint too.
   */
  readonly approvalCheck?: HealthCheckSpec;
  /** The PRIMARY record. */
  readonly primaryRecord: RecordSpec;
  /** The SECONDARY record. */
  readonly secondaryRecord: RecordSpec;
}

/**
 * Whether Route53 may judge the primary by the load balancer's own target health. Not under manual approval:
 * with it, Route53 would fail over by itself when the primary's targets go unhealthy, and no person would decide.
 */
export function evaluatesPrimaryTargetHealth(manualApproval: boolean): boolean {
  return !manualApproval;
}

/** The Route53 health checks and records of a failover pair. */
export function route53Failover(plan: string, procedure: string, dns: FailoverDnsDefinition, manualApproval: boolean): Route53FailoverSpec {
  const endpointCheck = (t: FailoverTargetDefinition): HealthCheckSpec => ({
    type: dns.healthCheck.protocol,
    fqdn: t.healthCheckHost,
    port: dns.healthCheck.port,
    resourcePath: dns.healthCheck.path,
    requestInterval: dns.healthCheck.requestInterval,
    failureThreshold: dns.healthCheck.failureThreshold,
    ...(dns.healthCheck.protocol === 'HTTPS' ? { enableSni: true } : {}),
    tags: { Name: `${plan}-${procedure}-${t.role.toLowerCase()}` },
  });
  const record = (t: FailoverTargetDefinition, evaluateTargetHealth: boolean): RecordSpec => ({
    zoneId: dns.hostedZoneId,
    name: dns.hostname,
    type: 'A',
    setIdentifier: t.setIdentifier,
    failoverRoutingPolicies: [{ type: t.role }],
    ...(t.loadBalancer
      ? { aliases: [{ name: t.loadBalancer.dnsName, zoneId: t.loadBalancer.hostedZoneId, evaluateTargetHealth }] }
      : { ttl: dns.ttl.toSeconds(), records: [t.ipAddress!] }),
  });
  return {
    primaryEndpointCheck: endpointCheck(dns.primary),
    secondaryEndpointCheck: endpointCheck(dns.secondary),
    ...(manualApproval
      ? { approvalCheck: { type: 'CALCULATED', childHealthThreshold: 0, invertHealthcheck: false, tags: { Name: `${plan}-${procedure}-approval` } } as HealthCheckSpec }
      : {}),
    primaryRecord: record(dns.primary, evaluatesPrimaryTargetHealth(manualApproval)),
    secondaryRecord: record(dns.secondary, true),
  };
}

/**
 * The external-dns `DNSEndpoint` of a failover pair: PRIMARY/SECONDARY set identifiers, `aws/failover`,
 * `aws/health-check-id`, and for load balancers an alias (`alias`, `aws/evaluate-target-health`).
 *
 * @see https://github.com/kubernetes-sigs/external-dns/blob/master/docs/sources/crd.md
 */
export function dnsEndpointSpec(dns: FailoverDnsDefinition, ids: ExistingHealthCheckIds, manualApproval: boolean): object {
  const endpoint = (t: FailoverTargetDefinition, healthCheckId: string | undefined, evaluateTargetHealth: boolean) => ({
    dnsName: dns.hostname,
    ...(t.loadBalancer ? { recordType: 'CNAME', targets: [t.loadBalancer.dnsName] } : { recordType: 'A', recordTTL: dns.ttl.toSeconds(), targets: [t.ipAddress!] }),
    setIdentifier: t.setIdentifier,
    providerSpecific: [
      ...(t.loadBalancer ? [{ name: 'alias', value: 'true' }, { name: 'aws/evaluate-target-health', value: String(evaluateTargetHealth) }] : []),
      { name: 'aws/failover', value: t.role },
      ...(healthCheckId !== undefined ? [{ name: 'aws/health-check-id', value: healthCheckId }] : []),
    ],
  });
  return {
    endpoints: [endpoint(dns.primary, ids.primary, evaluatesPrimaryTargetHealth(manualApproval)), endpoint(dns.secondary, ids.secondary, true)],
  };
}
