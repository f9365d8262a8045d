import { Duration } from '../common/duration';
import { SpecError } from '../common/errors';
import { LoadedService, loadSloSpecs } from '../import/load';
import { SloServiceDefinition } from '../slo/slo-service';
import { CliIO, InputError, UsageError } from './io';
import { SpecSource, readSpec } from './sources';

/** Options shared by the verbs that read a spec, as given on the command line. */
export interface SpecOptions {
  readonly window?: string;
  readonly alertWindows?: readonly string[];
}

/** A spec, read, imported and checked. */
export interface CompiledSpec {
  readonly source: SpecSource;
  readonly services: ReadonlyArray<{ readonly loaded: LoadedService; readonly definition: SloServiceDefinition }>;
  readonly warnings: readonly string[];
}

/** Every spec of a run: the ones that compiled, and one message per spec that did not. */
export interface CompiledRun {
  readonly specs: readonly CompiledSpec[];
  readonly failures: readonly string[];
}

/** More specs than this, and a terminal on standard error, show a progress count. */
export const PROGRESS_THRESHOLD = 5;

/**
 * Reads and checks every spec, each on its own: one bad file does not hide the next, so a run reports
 * every failing file. Throws UsageError for bad options and InputError for unreadable alert windows,
 * which concern every spec alike.
 */
export async function compileSpecs(sources: readonly SpecSource[], options: SpecOptions, io: CliIO): Promise<CompiledRun> {
  let defaultWindow: Duration | undefined;
  if (options.window !== undefined) {
    try {
      defaultWindow = Duration.parse(options.window);
    } catch {
      throw new UsageError(`--window ${JSON.stringify(options.window)} is not a duration such as 30d or 28d`);
    }
  }
  const alertWindows = (options.alertWindows ?? []).map((f) => readSpec(f, io));
  const progress = io.stderrIsTTY && sources.length > PROGRESS_THRESHOLD;
  const specs: CompiledSpec[] = [];
  const failures: string[] = [];
  for (const [i, source] of sources.entries()) {
    if (progress) io.stderr(`\rchecking specs: ${i + 1}/${sources.length}`);
    try {
      const text = await source.read();
      const warnings: string[] = [];
      const loaded = loadSloSpecs(text, { file: source.label, defaultWindow, alertWindows, onWarning: (m) => warnings.push(m) });
      specs.push({ source, services: loaded.map((l) => ({ loaded: l, definition: SloServiceDefinition.create(l.props, l.path) })), warnings });
    } catch (e) {
      if (!(e instanceof SpecError || e instanceof InputError)) throw e;
      failures.push(e.message);
    }
  }
  // Clears the progress line, so what follows starts on a clean one.
  if (progress) io.stderr('\r\u001b[K');
  return { specs, failures };
}

/** Prints every spec's warnings, then every failure and, for several specs, a count; true when none failed. */
export function reportRun(run: CompiledRun, total: number, io: CliIO, consequence = ''): boolean {
  for (const spec of run.specs) for (const w of spec.warnings) io.stderr(`warning: ${w}\n`);
  for (const failure of run.failures) io.stderr(`error: ${failure}\n`);
  if (run.failures.length > 0 && total > 1) io.stderr(`error: ${run.failures.length} of ${total} specs are invalid${consequence}\n`);
  return run.failures.length === 0;
}
