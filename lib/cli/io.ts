import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/** A file to write: where, and its whole content. */
export interface OutputFile {
  /** Path. */
  readonly path: string;
  /** Content: text, or bytes (a PNG chart). */
  readonly text: string | Uint8Array;
}

/** What the CLI touches of the outside world, so tests can run it in-process. */
export interface CliIO {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Whether standard error is a terminal (progress is shown only there). */
  readonly stderrIsTTY: boolean;
  /** Reads standard input to its end, as UTF-8. */
  readonly readStdin: () => Promise<string>;
  /** Reads a file as UTF-8. */
  readonly readFile: (path: string) => string;
  /** What is at a path: a file, a directory, or nothing (or something else). */
  readonly pathKind: (path: string) => 'file' | 'directory' | undefined;
  /**
   * Every file under a directory, as paths relative to it with "/" separators, sorted; hidden entries and
   * links to folders skipped, links to files followed.
   */
  readonly listFiles: (dir: string) => string[];
  /** Writes a file completely or not at all. */
  readonly writeFile: (path: string, text: string) => void;
  /** Writes every file completely, or none of them (creating folders as needed). */
  readonly writeFiles: (files: readonly OutputFile[]) => void;
}

/** The process's own streams and file system. */
export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  readFile: (path) => readFileSync(path, 'utf8'),
  pathKind: (path) => {
    try {
      const stat = statSync(path);
      return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  },
  listFiles: (dir) => walk(dir, dir).sort(),
  writeFile: (path, text) => writeAll([{ path, text }]),
  writeFiles: (files) => writeAll(files),
};

function walk(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(root, path);
    const isFile = entry.isFile() || (entry.isSymbolicLink() && processIO.pathKind(path) === 'file');
    return isFile ? [relative(root, path).split('\\').join('/')] : [];
  });
}

/**
 * Every file is written beside its target under a temporary name, then all are renamed over their
 * targets: readers never see half a file, and when any write fails no target changes and the folders
 * this call created are removed again.
 */
function writeAll(files: readonly OutputFile[]): void {
  const createdDirs: string[] = [];
  const temps: string[] = [];
  try {
    for (const file of files) {
      // A rename over a folder would fail halfway through the renames: refuse before writing anything.
      if (processIO.pathKind(file.path) === 'directory') throw Object.assign(new Error(`${file.path} is a directory`), { code: 'EISDIR' });
      const first = mkdirSync(dirname(file.path), { recursive: true });
      if (first !== undefined) createdDirs.push(first);
      const temp = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.tmp`);
      temps.push(temp);
      writeFileSync(temp, file.text);
    }
  } catch (e) {
    for (const temp of temps) rmSync(temp, { force: true });
    for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  files.forEach((file, i) => renameSync(temps[i], file.path));
}

/** Exit codes. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** A mistake in how the command was called (exit 2). */
export class UsageError extends Error {}

/** A problem with the input files (exit 1). */
export class InputError extends Error {}
