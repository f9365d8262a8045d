import { DisasterRecoveryPlanDefinition, DisasterRecoveryPlanProps, Duration, SpecError } from 'sre-constructs';
import { userAuthenticationDisasterRecovery } from '../../examples/user-authentication';

/** The example plan: the seed's plan with its contradictions resolved. */
export const example = userAuthenticationDisasterRecovery;

/** The seed brief's plan as written: database continuous (30 days), file storage every 6 hours (90 days), RPO 1h, RTO 4h. */
export const seedAsWritten: DisasterRecoveryPlanProps = {
  name: 'user-authentication',
  rpo: Duration.hours(1),
  rto: Duration.hours(4),
  stores: [
    {
      name: 'database',
      backup: { continuous: true, retention: Duration.days(30), encryption: 'AES256' },
      postgres: { cluster: 'user-authentication-db', namespace: 'identity' },
    },
    {
      name: 'file-storage',
      backup: { every: Duration.hours(6), retention: Duration.days(90), encryption: 'AES256' },
      volumes: { namespaces: ['identity'] },
    },
  ],
};

/** A small valid plan: one Velero store, hourly, RPO 1h. */
export const small: DisasterRecoveryPlanProps = {
  name: 'checkout',
  rpo: Duration.hours(1),
  rto: Duration.hours(4),
  stores: [{ name: 'files', backup: { every: Duration.hours(1), retention: Duration.days(7), encryption: 'aws:kms' }, volumes: { namespaces: ['shop'] } }],
};

/** Builds the plan and returns the SpecError it throws. */
export function specError(props: DisasterRecoveryPlanProps, path = 'prod/user-authentication'): SpecError {
  try {
    DisasterRecoveryPlanDefinition.create(props, path);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw new Error(`expected a SpecError, got ${String(e)}`);
  }
  throw new Error('expected a SpecError, but the plan was accepted');
}

/** The plan with store `name` changed. */
export function withStore(plan: DisasterRecoveryPlanProps, name: string, change: (s: DisasterRecoveryPlanProps['stores'][number]) => DisasterRecoveryPlanProps['stores'][number]): DisasterRecoveryPlanProps {
  return { ...plan, stores: plan.stores.map((s) => (s.name === name ? change(s) : s)) };
}
