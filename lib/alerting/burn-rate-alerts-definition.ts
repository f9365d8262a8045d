import { compareDurations } from '../common/duration';
import { SpecPath } from '../common/errors';
import { ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { RuleSet } from '../rules/rule-set';
import type { RuleGroup } from '../rules/rule-types';
import { SloDefinition, SloServiceDefinition, alertGroup } from '../slo/slo-service';
import { BurnRateAlertingDefinition, BurnRateAlertingProps, defineBurnRateAlerting } from './burn-rate-alerts';
import { sloRunbookPage } from './runbook-links';

/** Burn-rate alerts kept apart from the SloService that records their series. */
export interface BurnRateAlertsProps extends BurnRateAlertingProps {
  /**
   * Names of the SLOs to alert on.
   * @default - every SLO of the service
   */
  readonly slos?: readonly string[];
  /**
   * Metadata of the PrometheusRule.
   * @default - named "<service>-slo-alerts"
   */
  readonly metadata?: ManifestMetadataProps;
}

/**
 * Checked burn-rate alerts for some SLOs of a service whose SloService has alerting turned off for them.
 * Each tier's windows must be recorded by the service (see `SloServiceProps.extraWindows`).
 */
export class BurnRateAlertsDefinition extends RuleSet {
  /** Checks the props against the service. Throws a SpecError naming `path` at the first problem. */
  public static create(service: SloServiceDefinition, props: BurnRateAlertsProps = {}, path?: string): BurnRateAlertsDefinition {
    return new BurnRateAlertsDefinition(service, props, path ?? `${service.path}-alerts`);
  }

  /** The service alerted on. */
  public readonly service: SloServiceDefinition;
  /** Each chosen SLO with its alerting. */
  public readonly alerts: ReadonlyArray<{ readonly slo: SloDefinition; readonly alerting: BurnRateAlertingDefinition }>;
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;

  private constructor(service: SloServiceDefinition, props: BurnRateAlertsProps, path: string) {
    super();
    const at = new SpecPath(path);
    this.service = service;
    const names = props.slos ?? service.slos.map((s) => s.name);
    if (!Array.isArray(names) || names.length === 0) {
      at.fail('slos', props.slos, 'is empty', `Name at least one SLO of ${service.service}: ${service.slos.map((s) => s.name).join(', ')}.`);
    }
    this.alerts = names.map((name) => {
      const slo = service.slos.find((s) => s.name === name);
      if (!slo) {
        return at.fail('slos', name, `is not an SLO of service ${service.service}`, `Choose from ${service.slos.map((s) => s.name).join(', ')}.`);
      }
      if (slo.alerting) {
        return at.fail(
          'slos',
          name,
          `already has burn-rate alerts from its SloService (${service.path})`,
          'Set alerting: false on that SloService (or on the SLO) to manage its alerts here, or drop this BurnRateAlerts.',
        );
      }
      const alerting = defineBurnRateAlerting(at, props, slo, { ...slo, runbookPage: sloRunbookPage(service.service, name), sloAt: at.at('slos', name) });
      for (const tier of alerting.tiers) {
        for (const [field, w] of [['longWindow', tier.longWindow], ['shortWindow', tier.shortWindow]] as const) {
          const recorded = w.equals(slo.period) || slo.windows.some((r) => r.equals(w));
          if (!recorded) {
            at.fail(
              `tiers[${tier.key}].${field}`,
              w.toPrometheus(),
              `is not a window SloService ${service.path} records for SLO ${name}`,
              `Use one of ${[...slo.windows, slo.period].sort(compareDurations).map((r) => r.toPrometheus()).join(', ')}, or add it to the SloService's extraWindows.`,
            );
          }
        }
      }
      return { slo, alerting };
    });
    this.metadata = defineMetadata(at, props.metadata, `${service.service}-slo-alerts`);
  }

  /** One alert group per SLO. */
  public ruleGroups(): RuleGroup[] {
    const { interval, partialResponseStrategy } = this.service.groupLayout;
    return this.alerts.map(({ slo, alerting }) => alertGroup(slo, alerting, interval, partialResponseStrategy));
  }
}
