import { promtoolVersion } from '../support/promtool';
import { describeSlothExampleParity, httpCountDriver } from '../support/sloth-parity';

beforeAll(() => {
  promtoolVersion();
});

describeSlothExampleParity({
  spec: 'examples/getting-started.yml',
  output: 'examples/_gen/getting-started.yml',
  driver: httpCountDriver,
  budget: 0.001,
  mustPage: 'myservice/requests-availability',
});
