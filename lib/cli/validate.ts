import { parseArgs } from 'node:util';
import { compileSpecs, reportRun } from './compile';
import { CliIO, EXIT, UsageError } from './io';
import { specSources } from './sources';

export const VALIDATE_HELP = `Usage: sre-constructs validate SPEC... [--window 30d] [--alert-windows FILE]...

Checks SLO specs as generate would, and writes nothing. Each SPEC is a file, a
folder (every .yaml and .yml file under it, hidden ones skipped), or "-" for one
spec on standard input. Every spec is checked, and every invalid one named.

Options:
  --window DURATION      SLO period for specs that give none. Default 30d.
  --alert-windows FILE   A Sloth AlertWindows spec; repeat for several periods.
  -h, --help             This help.

Exit status: 0 all valid, 1 any invalid, 2 usage error.
`;

/** `sre-constructs validate`. */
export async function validate(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      window: { type: 'string' },
      'alert-windows': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('validate needs a SPEC: a file, a folder of specs, or - for standard input');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read once');
  const sources = positionals.flatMap((p) => specSources(p, io).specs);
  const run = await compileSpecs(sources, { window: values.window, alertWindows: values['alert-windows'] }, io);
  for (const spec of run.specs) {
    const slos = spec.services.reduce((n, s) => n + s.definition.slos.length, 0);
    const rules = spec.services.reduce((n, s) => n + s.definition.ruleGroups().reduce((m, g) => m + g.rules.length, 0), 0);
    io.stdout(`${spec.source.label}: valid: ${spec.services.length} service(s), ${slos} SLO(s), ${rules} rules\n`);
  }
  return reportRun(run, sources.length, io) ? EXIT.ok : EXIT.invalid;
}
