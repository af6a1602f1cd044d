// One object carries the streams and the terminal decisions (TTY, colour, width), so commands
// never touch process.stdout directly and tests can run them against buffers.
import { fstatSync, readFileSync, writeSync } from 'node:fs';
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

/** Whether fd is a terminal, asking the stream (and so building it) only for character devices. */
function fdIsTTY(fd: number, stream: () => { isTTY?: boolean }): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    // An fd that cannot be inspected: leave the answer to Node.
  }
  return stream().isTTY === true;
}

/**
 * Writes to a pipe or file with fs.writeSync instead of through process.stdout / process.stderr:
 * building either stream for a pipe loads Node's net and stream machinery, ~3 ms of every command
 * that prints (a command runs in ~20 ms above bare `node`). Node writes to pipes and files
 * synchronously too, so output and its order are the same. Terminals keep the stream (TTY
 * handling), and any failure (EAGAIN on a non-blocking pipe, EPIPE) hands the rest, and every
 * later write, to the stream, which then behaves as it always did.
 */
function fdWriter(fd: number, stream: () => NodeJS.WritableStream): { write(s: string): unknown } {
  let fallback: NodeJS.WritableStream | undefined;
  return {
    write(s: string) {
      if (fallback) return fallback.write(s);
      const bytes = Buffer.from(s, 'utf8');
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
        return true;
      } catch {
        fallback = stream();
        return fallback.write(bytes.subarray(done));
      }
    },
  };
}

export function systemIo(): Io {
  const env = process.env;
  // Getters for what many commands never touch: process.stdin, process.stderr and process.stdout
  // each build a stream on first use (stdin loads tty and net to do it), a few ms of start-up
  // together; `-o none` never writes to stdout. Pipes and files are written with fdWriter.
  let stdoutIsTTY: boolean | undefined;
  const outIsTTY = () => (stdoutIsTTY ??= fdIsTTY(1, () => process.stdout));
  let stderrIsTTY: boolean | undefined;
  const errIsTTY = () => (stderrIsTTY ??= fdIsTTY(2, () => process.stderr));
  let stdout: Io['stdout'] | undefined;
  let stderr: Io['stderr'] | undefined;
  return {
    get stdout() {
      return (stdout ??= outIsTTY() ? process.stdout : fdWriter(1, () => process.stdout));
    },
    get stderr() {
      return (stderr ??= errIsTTY() ? process.stderr : fdWriter(2, () => process.stderr));
    },
    get stdin() {
      return process.stdin;
    },
    get stdinIsTTY() {
      return process.stdin.isTTY === true;
    },
    get stdoutIsTTY() {
      return outIsTTY();
    },
    get stderrIsTTY() {
      return errIsTTY();
    },
    env,
    get colorOut() {
      return decideColor(outIsTTY(), env);
    },
    get colorErr() {
      return decideColor(errIsTTY(), env);
    },
    // Only a terminal has a width.
    get columns() {
      return (outIsTTY() ? process.stdout.columns : undefined) ?? 100;
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
