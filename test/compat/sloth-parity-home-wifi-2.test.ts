import { promtoolVersion } from '../support/promtool';
import { describeSlothExampleParity, homeWifiCase } from '../support/sloth-parity';

beforeAll(() => promtoolVersion());

// Sloth's home-wifi example, part 2 of 2 of its scenarios (jest runs the two files side by side).
describeSlothExampleParity(homeWifiCase({ index: 1, of: 2 }));
