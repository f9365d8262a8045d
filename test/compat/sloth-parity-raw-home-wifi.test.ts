import { promtoolVersion } from '../support/promtool';
import { describeSlothExampleParity, wifiDriver } from '../support/sloth-parity';

beforeAll(() => {
  promtoolVersion();
});

describeSlothExampleParity({
  spec: 'examples/raw-home-wifi.yml',
  output: 'examples/_gen/raw-home-wifi.yml',
  driver: wifiDriver(),
  budget: 0.05,
  mustPage: 'home-wifi/wifi-client-satisfaction',
});
