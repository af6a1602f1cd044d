// The bad-input catalogue: every refused command exits with its documented code, prints one
// `error:` line (plus an optional `hint:`) on stderr and nothing on stdout, and leaves the tenant
// file exactly as it was — both its logical content (every table, the audit log and meta
// included) and its bytes after a checkpoint (cli-contract.md, "a refused command changes
// nothing at all").
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runCliSync, tempDir } from '../helpers/cli.js';

let base: string;
let baseDir: string;
const dirs: string[] = [];

/** Every table's rows, ordered by every column, plus the header pragmas. */
function logicalDump(file: string): unknown {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const out: Record<string, unknown> = {
      user_version: db.pragma('user_version', { simple: true }),
      application_id: db.pragma('application_id', { simple: true }),
      schema: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all(),
    };
    for (const { name } of tables) {
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => `"${c.name}"`);
      out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${cols.join(', ')}`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

/** Folds any WAL content into the main file, then returns the file's bytes. */
function checkpointedBytes(file: string): Buffer {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return readFileSync(file);
}

function freshCopy(): { dir: string; file: string } {
  const dir = tempDir('tenantctl-bad-');
  dirs.push(dir);
  const file = join(dir, 'tenant.db');
  copyFileSync(base, file);
  return { dir, file };
}

const ONE_LINE_ERROR = /^error: [^\n]+\n(hint: [^\n]+\n)?$/;
/** Imports list every bad row, indented, between the error and the hint. */
const ERROR_WITH_ROWS = /^error: [^\n]+\n( {2}line \d+: [^\n]+\n)+(hint: [^\n]+\n)?$/;

beforeAll(() => {
  baseDir = tempDir('tenantctl-bad-base-');
  base = join(baseDir, 'tenant.db');
  const init = runCliSync(['tenant', 'init', '--from', join(ROOT, 'fixtures/contoso.yaml'), '-o', 'none'], { cwd: baseDir });
  expect(init.exit, init.stderr).toBe(0);
  // A second group named Sales makes the name ambiguous.
  const dup = runCliSync(['group', 'create', '--name', 'Sales', '-o', 'none'], { cwd: baseDir });
  expect(dup.exit, dup.stderr).toBe(0);
  expect(existsSync(`${base}-wal`)).toBe(false);
});

afterAll(() => {
  for (const d of [baseDir, ...dirs]) rmSync(d, { recursive: true, force: true });
});

interface BadCase {
  name: string;
  args: string[];
  exit: number;
  stdin?: string;
  files?: Record<string, string>;
  stderr?: RegExp;
  /** Expected words in the error line. */
  mentions?: string[];
}

const PW = 'Str0ng!Passw0rd';

const CASES: BadCase[] = [
  { name: 'malformed UPN', args: ['user', 'create', '--upn', 'bad upn@contoso.com', '--display-name', 'X', '--password-stdin'], stdin: PW, exit: 1, mentions: ['bad upn@contoso.com'] },
  { name: 'UPN with two @', args: ['user', 'create', '--upn', 'a@b@contoso.com', '--display-name', 'X', '--password-stdin'], stdin: PW, exit: 1, mentions: ['exactly one @'] },
  { name: 'unknown domain', args: ['user', 'create', '--upn', 'x@fabrikam.com', '--display-name', 'X', '--password-stdin'], stdin: PW, exit: 1, mentions: ['fabrikam.com'] },
  { name: 'duplicate UPN', args: ['user', 'create', '--upn', 'ADELE@contoso.com', '--display-name', 'X', '--password-stdin'], stdin: PW, exit: 4, mentions: ['already exists'] },
  { name: 'bad usage location', args: ['user', 'create', '--upn', 'y@contoso.com', '--display-name', 'Y', '--usage-location', 'XX', '--password-stdin'], stdin: PW, exit: 1, mentions: ['usageLocation'] },
  { name: 'weak password', args: ['user', 'create', '--upn', 'y@contoso.com', '--display-name', 'Y', '--password-stdin'], stdin: 'password1', exit: 1, mentions: ['character classes'] },
  { name: 'short password', args: ['user', 'update', 'adele@contoso.com', '--password-stdin'], stdin: 'Ab1!', exit: 1, mentions: ['8 to 256'] },
  { name: 'unknown property in --set', args: ['user', 'update', 'adele@contoso.com', '--set', 'departmnet=Sales'], exit: 1, mentions: ["'departmnet'"] },
  { name: 'read-only property in --set', args: ['user', 'update', 'adele@contoso.com', '--set', 'createdDateTime=2020-01-01'], exit: 1, mentions: ['read-only'] },
  { name: 'bad boolean in --set', args: ['user', 'update', 'adele@contoso.com', '--set', 'accountEnabled=perhaps'], exit: 1, mentions: ['perhaps'] },
  { name: 'unknown user (show)', args: ['user', 'show', 'nobody@contoso.com'], exit: 3, mentions: ['nobody@contoso.com'] },
  { name: 'unknown user (update)', args: ['user', 'update', 'nobody@contoso.com', '--department', 'X'], exit: 3, mentions: ['nobody@contoso.com'] },
  { name: 'unknown manager', args: ['user', 'update', 'adele@contoso.com', '--department', 'X', '--manager', 'ghost@contoso.com'], exit: 3, mentions: ['ghost@contoso.com'] },
  { name: 'manager cycle', args: ['user', 'update', 'megan@contoso.com', '--manager', 'lee@contoso.com'], exit: 1, mentions: ['cycle'] },
  { name: 'ambiguous group name', args: ['group', 'member', 'add', 'Sales', 'megan@contoso.com'], exit: 4, mentions: ["2 groups are named 'Sales'"] },
  { name: 'group cycle', args: ['group', 'member', 'add', 'Finance', 'All Staff'], exit: 1, mentions: ['cycle', 'All Staff ⊃ Finance'] },
  { name: 'M365 group containing a group', args: ['group', 'member', 'add', 'Marketing', 'Finance'], exit: 1, mentions: ['Microsoft 365'] },
  { name: 'role-assignable group containing a group', args: ['group', 'member', 'add', 'Tier0 Admins', 'Finance'], exit: 1, mentions: ['role-assignable'] },
  { name: 'UPN renamed onto an unknown domain', args: ['user', 'update', 'adele@contoso.com', '--upn', 'adele@contoso.onmicrosoft.co'], exit: 1, mentions: ['not a domain of this tenant'] },
  { name: 'domain in use', args: ['tenant', 'domain', 'delete', 'contoso.com', '--yes'], exit: 4, mentions: ['used by'] },
  { name: 'delete without --yes off a TTY', args: ['user', 'delete', 'adele@contoso.com'], exit: 2, mentions: ['confirmation'] },
  { name: 'unknown option', args: ['user', 'list', '--ouput', 'json'], exit: 2, mentions: ['--ouput'] },
  { name: 'output format outside the set', args: ['user', 'list', '-o', 'xml'], exit: 2 },
  { name: 'invalid --query', args: ['user', 'list', '--query', '[?'], exit: 2 },
  {
    name: 'bad CSV rows (all or nothing)',
    args: ['user', 'import', 'users.csv'],
    files: {
      'users.csv': 'userPrincipalName,displayName,password\nok@contoso.com,OK,Welcome!2026a\nbad upn@contoso.com,Bad,Welcome!2026a\nadele@contoso.com,Dup,Welcome!2026a\n',
    },
    exit: 1,
    stderr: ERROR_WITH_ROWS,
    mentions: ['2 of 3 rows', 'line 3:', 'line 4:'],
  },
  {
    name: 'bad member rows (all or nothing)',
    args: ['group', 'member', 'import', 'Finance', 'members.csv'],
    files: { 'members.csv': 'version:v1.0\nMember object ID or user principal name [memberObjectIdOrUpn] Required\nmegan@contoso.com\nnobody@contoso.com\n' },
    exit: 1,
    stderr: ERROR_WITH_ROWS,
    mentions: ['line 4:'],
  },
  {
    name: 'CSV with an unknown column',
    args: ['user', 'import', 'users.csv'],
    files: { 'users.csv': 'userPrincipalName,displayName,favouriteColour\na@contoso.com,A,blue\n' },
    exit: 1,
    mentions: ['favouriteColour'],
  },
];

describe('bad input leaves the tenant unchanged', () => {
  for (const c of CASES) {
    it.concurrent(c.name, async () => {
      const { dir, file } = freshCopy();
      for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), content);
      const beforeDump = logicalDump(file);
      const beforeBytes = checkpointedBytes(file);

      const r = await runCli(c.args, { cwd: dir, stdin: c.stdin });

      expect({ exit: r.exit, stdout: r.stdout }, r.stderr).toEqual({ exit: c.exit, stdout: '' });
      expect(r.stderr).toMatch(c.stderr ?? ONE_LINE_ERROR);
      for (const m of c.mentions ?? []) expect(r.stderr).toContain(m);
      expect(logicalDump(file)).toEqual(beforeDump);
      expect(checkpointedBytes(file).equals(beforeBytes)).toBe(true);
    });
  }

  it.concurrent('the -o json error is one Graph-style object on stderr', async () => {
    const { dir, file } = freshCopy();
    const before = checkpointedBytes(file);
    const r = await runCli(['user', 'create', '--upn', 'x@fabrikam.com', '--display-name', 'X', '--password-stdin', '-o', 'json'], { cwd: dir, stdin: PW });
    expect(r.exit).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const body = JSON.parse(r.stderr) as { error: { code: string; message: string; target: string } };
    expect(body.error.code).toBe('InvalidUserPrincipalNameDomain');
    expect(body.error.target).toBe('userPrincipalName');
    expect(body.error.message).toContain('fabrikam.com');
    expect(checkpointedBytes(file).equals(before)).toBe(true);
  });
});

describe('files that are not (usable) tenants', () => {
  it.concurrent('a text file is refused (1) and left as it was', async () => {
    const dir = tempDir('tenantctl-bad-');
    dirs.push(dir);
    const file = join(dir, 'notes.txt');
    const text = 'these are my notes, not a tenant\n'.repeat(50);
    writeFileSync(file, text);
    const r = await runCli(['--tenant', file, 'user', 'list'], { cwd: dir });
    expect(r).toMatchObject({ exit: 1, stdout: '' });
    expect(r.stderr).toMatch(ONE_LINE_ERROR);
    expect(r.stderr).toContain('is not a tenantctl tenant file');
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-journal`)).toBe(false);
  });

  it.concurrent('a SQLite file of another application is refused (1) and left as it was', async () => {
    const dir = tempDir('tenantctl-bad-');
    dirs.push(dir);
    const file = join(dir, 'other.db');
    const db = new Database(file);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me');");
    db.close();
    const beforeDump = logicalDump(file);
    const beforeBytes = readFileSync(file);
    for (const args of [['user', 'list'], ['user', 'create', '--upn', 'a@contoso.com', '--display-name', 'A', '--generate-password'], ['tenant', 'show', '-o', 'json']]) {
      const r = await runCli(['--tenant', file, ...args], { cwd: dir });
      expect(r.exit, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('is not a tenantctl tenant file');
    }
    expect(logicalDump(file)).toEqual(beforeDump);
    expect(readFileSync(file).equals(beforeBytes)).toBe(true);
  });

  it.concurrent('a tenant file from a newer version is refused (1) and left as it was', async () => {
    const { dir, file } = freshCopy();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const beforeDump = logicalDump(file);
    const beforeBytes = checkpointedBytes(file);
    const r = await runCli(['user', 'create', '--upn', 'z@contoso.com', '--display-name', 'Z', '--password-stdin'], { cwd: dir, stdin: PW });
    expect(r).toMatchObject({ exit: 1, stdout: '' });
    expect(r.stderr).toMatch(ONE_LINE_ERROR);
    expect(r.stderr).toContain('schema version 999');
    expect(logicalDump(file)).toEqual(beforeDump);
    expect(checkpointedBytes(file).equals(beforeBytes)).toBe(true);
  });

  it.concurrent('a missing tenant file is not found (3) and is not created', async () => {
    const dir = tempDir('tenantctl-bad-');
    dirs.push(dir);
    const file = join(dir, 'missing.db');
    const r = await runCli(['--tenant', file, 'user', 'create', '--upn', 'a@contoso.com', '--display-name', 'A', '--generate-password'], { cwd: dir });
    expect(r).toMatchObject({ exit: 3, stdout: '' });
    expect(r.stderr).toMatch(ONE_LINE_ERROR);
    expect(r.stderr).toContain('hint: create it with: tenantctl tenant init');
    expect(existsSync(file)).toBe(false);
  });

  it.concurrent('a user deleted more than 30 days ago cannot be restored (3)', async () => {
    const { dir, file } = freshCopy();
    const del = await runCli(['user', 'delete', 'alex@contoso.com', '--yes', '-o', 'none'], { cwd: dir });
    expect(del.exit, del.stderr).toBe(0);
    const beforeBytes = checkpointedBytes(file);
    const later = { TENANTCTL_NOW: '2026-04-02T09:00:01Z' };
    const list = await runCli(['user', 'list', '--deleted', '-o', 'json'], { cwd: dir, env: later });
    expect(JSON.parse(list.stdout)).toEqual([]);
    const r = await runCli(['user', 'restore', 'alex@contoso.com'], { cwd: dir, env: later });
    expect(r).toMatchObject({ exit: 3, stdout: '' });
    expect(r.stderr).toMatch(ONE_LINE_ERROR);
    expect(checkpointedBytes(file).equals(beforeBytes)).toBe(true);
  });
});
