import { RuleGroup } from 'sre-constructs';
import { slothEventSlos, slothRuleGroups } from '../../bench/rule-cost/sloth-form';
import { slothOutput, slothText } from '../support/sloth-parity';

/**
 * The benchmark loads Sloth's rule form for specs of its own (bench/rule-cost). Its template must give,
 * for Sloth's own specs, exactly the groups Sloth generated for them.
 */

/** The integration testdata are Go templates: `{{"{{$labels.x}}"}}` is Sloth's `{{$labels.x}}`. */
function unescapeGoTemplate(groups: readonly RuleGroup[]): RuleGroup[] {
  const plain = (text: string) => text.replace(/\{\{"(\{\{[^"]*\}\})"\}\}/g, '$1');
  return JSON.parse(JSON.stringify(groups), (_key, value) => (typeof value === 'string' ? plain(value) : value));
}

test('reproduces examples/_gen/getting-started.yml (extra label cmd=examplesgen.sh) group for group', () => {
  const slos = slothEventSlos(slothText('examples/getting-started.yml'), { cmd: 'examplesgen.sh' });
  expect(slos).toHaveLength(1);
  expect(slothRuleGroups(slos[0])).toEqual(slothOutput('examples/_gen/getting-started.yml').groups);
});

test('reproduces the events SLO of the integration testdata (out-base.yaml.tpl, slo1)', () => {
  const dir = 'test/integration/prometheus/testdata';
  const [slo1] = slothEventSlos(slothText(`${dir}/in-base.yaml`));
  expect(slo1.name).toBe('slo1');
  const expected = unescapeGoTemplate(slothOutput(`${dir}/out-base.yaml.tpl`).groups.filter((g) => g.name.endsWith('-svc01-slo1')));
  expect(expected).toHaveLength(3);
  expect(slothRuleGroups(slo1)).toEqual(expected);
});

test('reproduces every events SLO of examples/_gen/kubernetes-apiserver.yml', () => {
  const slos = slothEventSlos(slothText('examples/kubernetes-apiserver.yml'), { cmd: 'examplesgen.sh' });
  expect(slos.length).toBeGreaterThanOrEqual(2);
  const sloth = slothOutput('examples/_gen/kubernetes-apiserver.yml').groups;
  for (const slo of slos) {
    expect(slothRuleGroups(slo)).toEqual(sloth.filter((g) => g.name.endsWith(`-${slo.service}-${slo.name}`)));
  }
});
