// One object carries the streams and the terminal decisions (TTY, colour, width), so commands
// never touch process.stdout directly and tests can run them against buffers.
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; fd?: number };
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  /** Colour on stdout / stderr: only on a TTY, never with NO_COLOR, always with FORCE_COLOR (non-zero). */
  colorOut: boolean;
  colorErr: boolean;
  columns: number;
}

export function decideColor(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function systemIo(): Io {
  const env = process.env;
  // Getters for what many commands never touch: process.stdin, process.stderr and process.stdout
  // each build a stream on first use (stdin loads tty and net to do it; stdout on a pipe ~1.5 ms),
  // a few ms of start-up together. `-o none` never writes to stdout.
  return {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    get stdinIsTTY() {
      return process.stdin.isTTY === true;
    },
    get stdoutIsTTY() {
      return process.stdout.isTTY === true;
    },
    get stderrIsTTY() {
      return process.stderr.isTTY === true;
    },
    env,
    get colorOut() {
      return decideColor(process.stdout.isTTY === true, env);
    },
    get colorErr() {
      return decideColor(process.stderr.isTTY === true, env);
    },
    get columns() {
      return process.stdout.columns ?? 100;
    },
  };
}

/**
 * The text of a file argument, or of standard input for `-` (refused when stdin is a terminal, so
 * a script never waits on a keyboard). `what` names the content ("the CSV"), `pathHint` says what
 * to pass instead when the file cannot be read; `target` is what an error names (the file, or
 * the argument that gave it).
 */
export async function readTextArgument(io: Io, file: string, what: string, pathHint: string, target = file): Promise<string> {
  if (file === '-') {
    if (io.stdinIsTTY) throw new UsageError(`reading ${what} from standard input, but it is a terminal`, { hint: 'pipe the file in, or pass its path' });
    return readAllStdin(io);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`, { target, hint: pathHint });
  }
}

/** Reads all of stdin (for --password-stdin and `-` file arguments). */
export async function readAllStdin(io: Io): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
