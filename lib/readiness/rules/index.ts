import type { ReadinessRule } from '../rule';
import { ALERT_ROUTING } from './alert-routing';
import { ARCHITECTURE_DIAGRAM } from './architecture-diagram';
import { AUDIT_LOGGING } from './audit-logging';
import { AUTOSCALING } from './autoscaling';
import { BUDGET_ENFORCED } from './budget-enforced';
import { BUDGET_TRACKED } from './budget-tracked';
import { CAPACITY_PLAN } from './capacity-plan';
import { CHAOS_SCHEDULED } from './chaos-scheduled';
import { CIRCUIT_BREAKERS } from './circuit-breakers';
import { DEPENDENCIES_DOCUMENTED } from './dependencies-documented';
import { DISRUPTION_BUDGET } from './disruption-budget';
import { DR_DRILL } from './dr-drill';
import { DR_PLAN } from './dr-plan';
import { GRACEFUL_DEGRADATION } from './graceful-degradation';
import { INCIDENT_RESPONSE_PLAN } from './incident-response-plan';
import { INLINE_SECRETS } from './inline-secrets';
import { LOAD_TESTING } from './load-testing';
import { METRICS_SCRAPED } from './metrics-scraped';
import { NETWORK_POLICIES } from './network-policies';
import { ON_CALL_LOAD } from './on-call-load';
import { ON_CALL_ROTATION } from './on-call-rotation';
import { PAGING_RUNBOOKS } from './paging-runbooks';
import { POSTMORTEMS } from './postmortems';
import { PROBES } from './probes';
import { REPLICAS } from './replicas';
import { RESOURCE_LIMITS } from './resource-limits';
import { RESPONSE_TIME } from './response-time';
import { RETRIES } from './retries';
import { SECURITY_REVIEW } from './security-review';
import { SERVICES_HAVE_SLOS } from './services-have-slos';
import { SLO_ALERTS } from './slo-alerts';
import { SLO_DASHBOARDS } from './slo-dashboards';
import { SLO_MEASURED } from './slo-measured';
import { STRUCTURED_LOGGING } from './structured-logging';
import { TICKET_RUNBOOKS } from './ticket-runbooks';
import { TIMEOUTS } from './timeouts';
import { TOIL_REVIEW } from './toil-review';
import { TRACING } from './tracing';
import { WORKLOADS_REVIEWED } from './workloads-reviewed';

/** Every rule of the library, in the order of the seed's checklist. */
export const READINESS_RULES: readonly ReadinessRule[] = [
  ARCHITECTURE_DIAGRAM,
  DEPENDENCIES_DOCUMENTED,
  WORKLOADS_REVIEWED,
  REPLICAS,
  DISRUPTION_BUDGET,
  PROBES,
  GRACEFUL_DEGRADATION,
  SLO_MEASURED,
  BUDGET_TRACKED,
  CIRCUIT_BREAKERS,
  RETRIES,
  TIMEOUTS,
  METRICS_SCRAPED,
  STRUCTURED_LOGGING,
  TRACING,
  SLO_DASHBOARDS,
  SLO_ALERTS,
  PAGING_RUNBOOKS,
  TICKET_RUNBOOKS,
  ALERT_ROUTING,
  ON_CALL_ROTATION,
  INCIDENT_RESPONSE_PLAN,
  DR_PLAN,
  SECURITY_REVIEW,
  INLINE_SECRETS,
  NETWORK_POLICIES,
  AUDIT_LOGGING,
  LOAD_TESTING,
  CAPACITY_PLAN,
  AUTOSCALING,
  RESOURCE_LIMITS,
  SERVICES_HAVE_SLOS,
  BUDGET_ENFORCED,
  RESPONSE_TIME,
  TOIL_REVIEW,
  POSTMORTEMS,
  CHAOS_SCHEDULED,
  DR_DRILL,
  ON_CALL_LOAD,
];
