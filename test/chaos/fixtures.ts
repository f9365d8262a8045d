import { ChaosCondition, ChaosExperimentProps, ChaosFault, ChaosScheduleProps, Duration, SloServiceDefinition } from 'sre-constructs';
import { paymentService } from '../../examples/payment-service';

/** The example's SLOs, shared by the chaos tests. */
export const paymentSlos = SloServiceDefinition.create(paymentService);

/** A valid experiment to vary, one field at a time. */
export function experiment(overrides: Partial<ChaosExperimentProps> = {}): ChaosExperimentProps {
  return {
    name: 'latency',
    fault: ChaosFault.networkLatency({ latency: Duration.millis(200) }),
    target: { namespace: 'payments', selector: { 'app.kubernetes.io/name': 'payment-service' }, percent: 50 },
    duration: Duration.minutes(10),
    schedule: '0 10 * * 2',
    environment: { name: 'staging', production: false },
    hypothesis: [ChaosCondition.sloErrorRatio('availability', { below: 0.001 })],
    abortUnless: [ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 })],
    ...overrides,
  };
}

/** A valid schedule of one experiment. */
export function schedule(overrides: Partial<ChaosScheduleProps> = {}, experimentOverrides: Partial<ChaosExperimentProps> = {}): ChaosScheduleProps {
  return {
    service: 'payment-service',
    engine: 'chaos-mesh',
    prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
    slos: paymentSlos,
    experiments: [experiment(experimentOverrides)],
    ...overrides,
  };
}

/** Every fault, once. */
export const ALL_FAULTS = {
  'network-latency': ChaosFault.networkLatency({ latency: Duration.millis(200), jitter: Duration.millis(20), correlation: 25, externalTargets: ['bank.example.com', '10.0.0.0/24'] }),
  'network-loss': ChaosFault.networkLoss({ percent: 10 }),
  'network-partition': ChaosFault.networkPartition({ direction: 'both' }),
  'pod-kill': ChaosFault.podKill(),
  'pod-failure': ChaosFault.podFailure(),
  'cpu-stress': ChaosFault.cpuStress({ workers: 2, load: 80 }),
  'memory-stress': ChaosFault.memoryStress({ workers: 1, megabytesPerWorker: 256 }),
  'http-abort': ChaosFault.httpAbort({ port: 8080 }),
  'http-delay': ChaosFault.httpDelay({ port: 8080, delay: Duration.millis(300) }),
} as const;
