import { Duration } from '../common/duration';
import { SpecError } from '../common/errors';
import { LoadedService, loadSloSpecs } from '../import/load';
import { SloServiceDefinition } from '../slo/slo-service';
import { CliIO, InputError, UsageError } from './io';

/** Options shared by the verbs that read a spec. */
export interface SpecOptions {
  readonly window?: string;
  readonly alertWindows?: readonly string[];
}

/** A spec file, read, imported and checked. */
export interface CompiledSpec {
  readonly services: ReadonlyArray<{ readonly loaded: LoadedService; readonly definition: SloServiceDefinition }>;
  readonly warnings: readonly string[];
}

/** Reads `file`, imports every service in it and checks it, or throws an InputError/UsageError. */
export function compileSpec(file: string, options: SpecOptions, io: CliIO): CompiledSpec {
  let defaultWindow: Duration | undefined;
  if (options.window !== undefined) {
    try {
      defaultWindow = Duration.parse(options.window);
    } catch {
      throw new UsageError(`--window ${JSON.stringify(options.window)} is not a duration such as 30d or 28d`);
    }
  }
  const text = read(file, io);
  const alertWindows = (options.alertWindows ?? []).map((f) => read(f, io));
  const warnings: string[] = [];
  try {
    const loaded = loadSloSpecs(text, { file, defaultWindow, alertWindows, onWarning: (m) => warnings.push(m) });
    const services = loaded.map((l) => ({ loaded: l, definition: SloServiceDefinition.create(l.props, l.path) }));
    return { services, warnings };
  } catch (e) {
    if (e instanceof SpecError) throw new InputError(e.message);
    throw e;
  }
}

function read(file: string, io: CliIO): string {
  try {
    return io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError(`${file}: cannot read the spec (${why})`);
  }
}
