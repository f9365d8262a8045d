import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SloServiceDefinition, toYaml } from 'sre-constructs';
import { userAuthentication } from '../user-authentication';

/** Without any engine: the same SLOs as a plain Prometheus rule file, for `rule_files:`. */
const outdir = process.argv[2] ?? 'dist/rules';
mkdirSync(outdir, { recursive: true });
const definition = SloServiceDefinition.create(userAuthentication);
writeFileSync(join(outdir, 'user-authentication.rules.yaml'), toYaml(definition.ruleFile()));
