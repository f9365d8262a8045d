import { promtoolVersion } from '../support/promtool';
import { describeSlothExampleParity, homeWifiCase } from '../support/sloth-parity';

beforeAll(() => promtoolVersion());

// Sloth's home-wifi example, part 1 of 2 of its scenarios (jest runs the two files side by side).
describeSlothExampleParity(homeWifiCase({ index: 0, of: 2 }));
