import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from 'sre-constructs';
import { READINESS_FILE, REVIEW_DAY } from './readiness';

/**
 * `npm run synth`'s last step: the review command over what cdk8s synthesized, as a pipeline runs it
 * (`sre-constructs review dist/cdk8s --attestations examples/readiness.yaml --out ...`), on the example's
 * review day. It prints the checklist and writes the Markdown a pull request would get.
 */
const dist = process.argv[2] ?? 'dist';
mkdirSync(join(dist, 'readiness'), { recursive: true });
runCli(['review', join(dist, 'cdk8s'), '--attestations', READINESS_FILE, '--as-of', REVIEW_DAY, '--out', join(dist, 'readiness', 'cdk8s.md')]).then((code) => {
  process.exitCode = code;
});
