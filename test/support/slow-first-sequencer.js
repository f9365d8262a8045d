const Sequencer = require('@jest/test-sequencer').default;

/**
 * Starts the longest suites first. On a fresh clone jest has no timings and orders by file size, so the
 * promtool-heavy Sloth parity files (small files, long runs) would start last and leave one core idle at the end
 * on the 2-core CI machine. Where jest has timings from an earlier run, its order breaks ties among the slow ones
 * and orders the rest.
 */
const SLOW = [
  /compat\/sloth-parity-home-wifi/,
  /behaviour\/user-authentication-alerts/,
  /incidents\/alertmanager-behaviour/,
  /compat\/sloth-parity/,
  /readme\.test/,
  /dr\/backup-alerts/,
  /slo\/window-derivation/,
  /policy\/policy-behaviour/,
  /policy\/budget-prometheus/,
  /slo\/rule-groups/,
];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const i = SLOW.findIndex((pattern) => pattern.test(test.path.split('\\').join('/')));
      return i < 0 ? SLOW.length : i;
    };
    return super
      .sort(tests)
      .map((test, order) => ({ test, order }))
      .sort((a, b) => rank(a.test) - rank(b.test) || a.order - b.order)
      .map(({ test }) => test);
  }
}

module.exports = SlowFirstSequencer;
