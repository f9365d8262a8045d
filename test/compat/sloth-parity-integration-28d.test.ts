import { promtoolVersion } from '../support/promtool';
import { ALERTING, describeAlertingParity } from './sloth-integration-cases';

beforeAll(() => {
  promtoolVersion();
});

describeAlertingParity(ALERTING.base28d);
