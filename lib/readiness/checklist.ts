/** A section of the seed's Production Readiness Checklist, plus its Quality Checks. */
export type ChecklistSection = 'Architecture' | 'Reliability' | 'Observability' | 'Operations' | 'Security' | 'Capacity' | 'Quality checks';

/** One item of the checklist, as the seed words it. */
export interface ChecklistItem {
  /** Its section. */
  readonly section: ChecklistSection;
  /** The item, word for word. */
  readonly item: string;
}

const item = (section: ChecklistSection, text: string): ChecklistItem => ({ section, item: text });

/** The seed's Production Readiness Checklist and Quality Checks, item by item, in its order. */
export const CHECKLIST = {
  architectureDiagram: item('Architecture', 'Architecture diagram up to date'),
  dependencies: item('Architecture', 'Dependencies documented'),
  singlePointsOfFailure: item('Architecture', 'Single points of failure identified and mitigated'),
  gracefulDegradation: item('Architecture', 'Graceful degradation implemented'),
  slos: item('Reliability', 'SLOs defined and measured'),
  errorBudgetTracking: item('Reliability', 'Error budget tracking enabled'),
  circuitBreakers: item('Reliability', 'Circuit breakers implemented'),
  retries: item('Reliability', 'Retry logic with exponential backoff'),
  timeouts: item('Reliability', 'Timeouts configured appropriately'),
  metrics: item('Observability', 'Metrics exposed (RED/USE methods)'),
  structuredLogging: item('Observability', 'Structured logging implemented'),
  tracing: item('Observability', 'Distributed tracing enabled'),
  dashboards: item('Observability', 'Dashboards created'),
  alertsWithRunbooks: item('Observability', 'Alerts configured with runbooks'),
  runbooks: item('Operations', 'Runbooks for common issues'),
  onCall: item('Operations', 'On-call rotation established'),
  incidentResponsePlan: item('Operations', 'Incident response plan documented'),
  disasterRecovery: item('Operations', 'Disaster recovery tested'),
  securityReview: item('Security', 'Security review completed'),
  secrets: item('Security', 'Secrets management configured'),
  networkPolicies: item('Security', 'Network policies in place'),
  auditLogging: item('Security', 'Audit logging enabled'),
  loadTesting: item('Capacity', 'Load testing completed'),
  capacityPlanning: item('Capacity', 'Capacity planning documented'),
  autoScaling: item('Capacity', 'Auto-scaling configured'),
  resourceLimits: item('Capacity', 'Resource limits set'),
  criticalServicesHaveSlos: item('Quality checks', 'All critical services have SLOs'),
  budgetsEnforced: item('Quality checks', 'Error budgets tracked and enforced'),
  responseTime: item('Quality checks', 'Incident response time within SLA'),
  toil: item('Quality checks', 'Toil reduced quarter over quarter'),
  postmortems: item('Quality checks', 'Postmortems completed for all SEV1/SEV2'),
  chaos: item('Quality checks', 'Chaos experiments run regularly'),
  drQuarterly: item('Quality checks', 'DR tested quarterly'),
  onCallLoad: item('Quality checks', 'On-call load balanced fairly'),
} as const;

/** The sections in the seed's order. */
export const CHECKLIST_SECTIONS: readonly ChecklistSection[] = ['Architecture', 'Reliability', 'Observability', 'Operations', 'Security', 'Capacity', 'Quality checks'];
