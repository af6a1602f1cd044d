// The golden case format: one readable text file per case.
//
//   # comment lines describe the case
//   fixture: contoso              (optional: tenant init --from fixtures/contoso.yaml first)
//   env: NAME=value               (optional, repeatable)
//   --- file users.csv            (optional, repeatable: a file written into the case's directory)
//   …content…
//   $ tenantctl user list -o json (a command; then its expectations)
//   $ TENANTCTL_NOW=… tenantctl …  (NAME=value prefixes set that step's environment)
//   --- stdin                     (optional)
//   --- stdout                    (omitted = must be empty)
//   --- stderr                    (omitted = must be empty)
//   --- exit 0
//
// The runner prints a case back in the same format with the actual output, so a failing case
// shows as a readable diff and `npm run golden:update` rewrites it (never under CI).

export interface GoldenStep {
  command: string;
  stdin?: string;
  stdout: string;
  stderr: string;
  exit: number;
}

export interface GoldenCase {
  header: string[];
  fixture?: string;
  env: Record<string, string>;
  files: { name: string; content: string }[];
  steps: GoldenStep[];
}

const SECTION = /^--- (stdin|stdout|stderr|exit|file)(?: (.*))?$/;

export function parseGolden(text: string): GoldenCase {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const c: GoldenCase = { header: [], env: {}, files: [], steps: [] };
  let i = 0;
  // Header: comments, fixture, env.
  while (i < lines.length && !lines[i]!.startsWith('$ ') && !lines[i]!.startsWith('--- ')) {
    const l = lines[i]!;
    c.header.push(l);
    const fx = /^fixture:\s*(\S+)\s*$/.exec(l);
    if (fx) c.fixture = fx[1];
    const env = /^env:\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l);
    if (env) c.env[env[1]!] = env[2]!;
    i++;
  }
  const readBlock = (): string => {
    const body: string[] = [];
    while (i < lines.length && !lines[i]!.startsWith('$ ') && !SECTION.test(lines[i]!)) body.push(lines[i++]!);
    return body.length ? `${body.join('\n')}\n` : '';
  };
  let step: GoldenStep | undefined;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.startsWith('$ ')) {
      step = { command: l.slice(2), stdout: '', stderr: '', exit: 0 };
      c.steps.push(step);
      i++;
      continue;
    }
    const m = SECTION.exec(l);
    if (!m) throw new Error(`golden: line ${i + 1}: expected '$ command' or '--- section', got: ${l}`);
    i++;
    const kind = m[1]!;
    if (kind === 'file') {
      if (step) throw new Error(`golden: line ${i}: '--- file' must come before the first command`);
      c.files.push({ name: m[2]!, content: readBlock() });
      continue;
    }
    if (!step) throw new Error(`golden: line ${i}: '--- ${kind}' before any command`);
    if (kind === 'exit') step.exit = Number(m[2]);
    else if (kind === 'stdin') step.stdin = readBlock();
    else step[kind as 'stdout' | 'stderr'] = readBlock();
  }
  return c;
}

export function formatGolden(c: GoldenCase): string {
  const out: string[] = [...c.header];
  for (const f of c.files) out.push(`--- file ${f.name}`, ...block(f.content));
  for (const s of c.steps) {
    out.push(`$ ${s.command}`);
    if (s.stdin !== undefined) out.push('--- stdin', ...block(s.stdin));
    if (s.stdout !== '') out.push('--- stdout', ...block(s.stdout));
    if (s.stderr !== '') out.push('--- stderr', ...block(s.stderr));
    out.push(`--- exit ${s.exit}`);
  }
  return `${out.join('\n')}\n`;
}

function block(text: string): string[] {
  if (text === '') return [];
  const t = text.endsWith('\n') ? text.slice(0, -1) : text;
  return t.split('\n');
}

/** Splits a command line like a POSIX shell would for the quoting we use: '…', "…", and \\. */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  let cur = '';
  let inArg = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      cur += line.slice(i + 1, end);
      i = end;
      inArg = true;
    } else if (ch === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) i++;
        cur += line[i++];
      }
      if (i >= line.length) throw new Error(`unterminated " in: ${line}`);
      inArg = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inArg = true;
    } else if (ch === ' ' || ch === '\t') {
      if (inArg) args.push(cur);
      cur = '';
      inArg = false;
    } else {
      cur += ch;
      inArg = true;
    }
  }
  if (inArg) args.push(cur);
  return args;
}
