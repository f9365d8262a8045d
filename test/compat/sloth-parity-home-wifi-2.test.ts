import { promtoolVersion } from '../support/promtool';
import { describeSlothExampleParity, wifiDriver } from '../support/sloth-parity';

beforeAll(() => {
  promtoolVersion();
});

// The second half of the home-wifi scenarios (see sloth-parity-home-wifi.test.ts).
describeSlothExampleParity({
  spec: 'examples/home-wifi.yml',
  output: 'examples/_gen/home-wifi.yml',
  driver: wifiDriver(),
  budget: 0.05,
  mustPage: 'home-wifi/good-wifi-client-satisfaction',
  part: { index: 1, of: 2 },
});
