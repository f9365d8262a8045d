import { Duration } from '../../common/duration';
import { asNumber } from '../model/json';
import { SloMetrics } from '../../slo/metrics';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { sloSubject } from './support';

/** SRE-REL-001: every SLO is measured: its error ratio is recorded over 5 minutes and over its period. */
export const SLO_MEASURED: ReadinessRule = {
  id: 'SRE-REL-001',
  title: 'Every SLO is measured: its error ratio is recorded now and over its period',
  checklist: CHECKLIST.slos,
  level: 'error',
  description:
    `An SLO is known by its ${SloMetrics.OBJECTIVE} recording (labels service and slo). Its alerts, dashboards and deploy gates read its error ratio over 5 minutes ` +
    `(${SloMetrics.errorRatio(Duration.minutes(5))}) and over its period (${SloMetrics.PERIOD_DAYS} gives the period): both must be recorded for the same service and slo.`,
  check: ({ model }) =>
    model.slos.flatMap((slo): ReadinessFinding[] => {
      const recorded = (record: string) => model.recordings.some((r) => r.record === record && r.labels.service === slo.service && r.labels.slo === slo.slo);
      const periodRule = model.recordings.find((r) => r.record === SloMetrics.PERIOD_DAYS && r.labels.service === slo.service && r.labels.slo === slo.slo);
      const days = periodRule ? asNumber(/^\s*vector\(\s*([0-9.]+)\s*\)\s*$/.exec(periodRule.expr)?.[1]) : undefined;
      const missing = [
        recorded(SloMetrics.errorRatio(Duration.minutes(5))) ? undefined : SloMetrics.errorRatio(Duration.minutes(5)),
        days === undefined ? SloMetrics.PERIOD_DAYS : recorded(SloMetrics.errorRatio(Duration.days(days))) ? undefined : SloMetrics.errorRatio(Duration.days(days)),
      ].filter((m): m is string => !!m);
      return missing.length === 0
        ? []
        : [
            {
              object: slo.object,
              subject: sloSubject(slo.service, slo.slo),
              problem: `its objective is recorded but not ${missing.join(' nor ')}, so nothing measures it against the objective`,
              fix: 'Record the SLO with an SloService (or a rule file with all of its series), not the objective alone.',
            },
          ];
    }),
};
