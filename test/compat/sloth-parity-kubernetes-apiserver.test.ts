import { promtoolVersion } from '../support/promtool';
import { describeSlothExampleParity, apiserverDriver } from '../support/sloth-parity';

beforeAll(() => {
  promtoolVersion();
});

describeSlothExampleParity({
  spec: 'examples/kubernetes-apiserver.yml',
  output: 'examples/_gen/kubernetes-apiserver.yml',
  driver: apiserverDriver,
  budget: 0.001,
  mustPage: 'k8s-apiserver/requests-availability',
});
