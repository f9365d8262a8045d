import { promtoolVersion } from '../support/promtool';
import { describeSlothExampleParity, wifiDriver } from '../support/sloth-parity';

beforeAll(() => {
  promtoolVersion();
});

// The slowest example (subquery SLIs over ten duty-cycled clients): its scenarios are split over two files.
describeSlothExampleParity({
  spec: 'examples/home-wifi.yml',
  output: 'examples/_gen/home-wifi.yml',
  driver: wifiDriver(),
  budget: 0.05,
  mustPage: 'home-wifi/good-wifi-client-satisfaction',
  part: { index: 0, of: 2 },
});
