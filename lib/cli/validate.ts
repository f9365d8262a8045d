import { parseArgs } from 'node:util';
import { compileSpec } from './compile';
import { CliIO, EXIT, UsageError } from './io';

export const VALIDATE_HELP = `Usage: sre-constructs validate SPEC.yaml [--window 30d] [--alert-windows FILE]...

Checks an SLO spec as generate would, and writes nothing.

Options:
  --window DURATION      SLO period for specs that give none. Default 30d.
  --alert-windows FILE   A Sloth AlertWindows spec; repeat for several periods.
  -h, --help             This help.

Exit status: 0 valid, 1 invalid, 2 usage error.
`;

/** `sre-constructs validate`. */
export function validate(argv: string[], io: CliIO): number {
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
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'validate needs a SPEC file' : `validate takes one SPEC file, not ${positionals.length}`);
  const compiled = compileSpec(positionals[0], { window: values.window, alertWindows: values['alert-windows'] }, io);
  for (const w of compiled.warnings) io.stderr(`warning: ${w}\n`);
  const slos = compiled.services.reduce((n, s) => n + s.definition.slos.length, 0);
  const rules = compiled.services.reduce((n, s) => n + s.definition.ruleGroups().reduce((m, g) => m + g.rules.length, 0), 0);
  io.stdout(`${positionals[0]}: valid: ${compiled.services.length} service(s), ${slos} SLO(s), ${rules} rules\n`);
  return EXIT.ok;
}
