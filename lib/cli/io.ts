import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** What the CLI touches of the outside world, so tests can run it in-process. */
export interface CliIO {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Reads a file as UTF-8. */
  readonly readFile: (path: string) => string;
  /** Writes a file completely or not at all. */
  readonly writeFile: (path: string, text: string) => void;
  /**
   * Writes bytes (a PNG chart) completely or not at all.
   * @default - binary files are not written
   */
  readonly writeBinaryFile?: (path: string, bytes: Uint8Array) => void;
  /**
   * True when standard error is a terminal, so progress bars may be drawn on it.
   * @default false
   */
  readonly interactive?: boolean;
}

/** The process's own streams and file system. */
export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => writeWhole(path, text),
  writeBinaryFile: (path, bytes) => writeWhole(path, bytes),
  get interactive() {
    return process.stderr.isTTY === true;
  },
};

function writeWhole(path: string, content: string | Uint8Array): void {
  // Written beside the target and renamed over it: readers never see half a file.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Exit codes. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** A mistake in how the command was called (exit 2). */
export class UsageError extends Error {}

/** A problem with the input files (exit 1). */
export class InputError extends Error {}
