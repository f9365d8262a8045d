import { budget } from './budget';
import { forecast } from './forecast';
import { generate } from './generate';
import { toil } from './toil';
import { CliIO, EXIT, InputError, processIO, UsageError } from './io';
import { review } from './review';
import { validate } from './validate';

export const HELP = `Usage: sre-constructs <command> [options]

Commands:
  generate SPEC        Write the Prometheus rules of an SLO spec, or of every
                       spec in a folder (-o OUTDIR).
  validate SPEC...     Check SLO specs without writing anything.
  budget               Print the error budgets a running Prometheus records; --gate for CI.
  forecast             Forecast a resource from Prometheus history: runway, capacity needed, report.
  toil                 Report alert noise and on-call load from Prometheus' ALERTS history.
  review DIR           Review synthesized manifests against the production readiness checklist.

SPEC is a file, a folder of .yaml/.yml specs, or - for standard input.

Run "sre-constructs <command> --help" for a command's options.
Specs: sre-constructs/v1 (this library's form), Sloth prometheus/v1 and
PrometheusServiceLevel, OpenSLO v1 and v1alpha.
`;

/** A verb: synchronous for the ones that only read files, asynchronous for those that ask a server. */
export type Verb = (argv: string[], io: CliIO) => number | Promise<number>;

const VERBS: Record<string, Verb> = {
  generate,
  validate,
  // Error-budget policy
  budget,
  // Capacity planning, and toil (issue 15)
  forecast,
  toil,
  // Production readiness
  review,
};

/** Runs the CLI and resolves to its exit status. Errors the user can fix never print a stack trace. */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '-h' || verb === '--help' || verb === 'help') {
    io[verb === undefined ? 'stderr' : 'stdout'](HELP);
    return verb === undefined ? EXIT.usage : EXIT.ok;
  }
  if (verb === '--version' || verb === '-v') {
    io.stdout(`${version()}\n`);
    return EXIT.ok;
  }
  const run = VERBS[verb];
  if (!run) {
    io.stderr(`error: unknown command ${JSON.stringify(verb)}\n\n${HELP}`);
    return EXIT.usage;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`error: ${e.message}\n`);
      return EXIT.invalid;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`error: ${(e as Error).message}\nRun "sre-constructs ${verb} --help" for usage.\n`);
      return EXIT.usage;
    }
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
      io.stderr(`error: cannot write the output: ${(e as Error).message}\n`);
      return EXIT.invalid;
    }
    throw e;
  }
}

function version(): string {
  // The package root is two levels up from lib/cli and from build/cli alike.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

/** Entry point of the `sre-constructs` binary. */
export function main(): void {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 70;
    },
  );
}

if (require.main === module) main();
