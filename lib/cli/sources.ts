import { basename, join } from 'node:path';
import { CliIO, InputError } from './io';

/** Spec files are YAML. */
const SPEC_FILE = /\.ya?ml$/i;

/** One spec to read: a file, or standard input. */
export interface SpecSource {
  /** How messages and generated headers name it: the path as given (joined for files found in a folder), or "standard input". */
  readonly label: string;
  /** Path relative to the folder it was found in ("team/checkout.yaml"); the file name for a file, undefined for stdin. */
  readonly relative?: string;
  /** Reads the spec. */
  readonly read: () => Promise<string>;
}

/** What a SPEC argument named: one file, every spec file of a folder, or standard input. */
export interface SpecSources {
  /** The kind of argument. */
  readonly kind: 'file' | 'directory' | 'stdin';
  /** The specs, in a stable order. */
  readonly specs: readonly SpecSource[];
}

/** The SPEC argument that means standard input. */
export const STDIN = '-';

/**
 * Resolves a SPEC argument: `-` is standard input, a folder is every `.yaml`/`.yml` file under it
 * (sorted, hidden files and folders skipped), anything else a file.
 */
export function specSources(arg: string, io: CliIO): SpecSources {
  if (arg === STDIN) return { kind: 'stdin', specs: [{ label: 'standard input', read: io.readStdin }] };
  if (io.pathKind(arg) !== 'directory') {
    return { kind: 'file', specs: [{ label: arg, relative: basename(arg), read: async () => readSpec(arg, io) }] };
  }
  const files = io.listFiles(arg).filter((f) => SPEC_FILE.test(f));
  if (files.length === 0) throw new InputError(`${arg}: the folder holds no spec files (.yaml or .yml)`);
  return { kind: 'directory', specs: files.map((f) => ({ label: join(arg, f), relative: f, read: async () => readSpec(join(arg, f), io) })) };
}

/** Reads a spec or alert-windows file, or throws an InputError saying why it cannot. */
export function readSpec(file: string, io: CliIO): string {
  try {
    return io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError(`${file}: cannot read the spec (${why})`);
  }
}
