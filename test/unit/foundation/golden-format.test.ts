import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGolden, parseGolden, splitArgs, type GoldenCase } from '../../golden/golden-format.js';

const SAMPLE = `# A comment
fixture: contoso
env: TENANTCTL_OUTPUT=json
--- file users.csv
userPrincipalName,displayName
a@contoso.com,A
$ tenantctl user import users.csv
--- stdout
[]
--- stderr
imported 1 of 1 users
--- exit 0
$ tenantctl user create --upn b@contoso.com --display-name B --password-stdin
--- stdin
Str0ng!Passw0rd
--- stderr
error: boom
--- exit 4
$ tenantctl user list -o none
--- exit 0
`;

describe('golden format', () => {
  it('parses header, files and steps', () => {
    const c = parseGolden(SAMPLE);
    expect(c.fixture).toBe('contoso');
    expect(c.env).toEqual({ TENANTCTL_OUTPUT: 'json' });
    expect(c.header).toEqual(['# A comment', 'fixture: contoso', 'env: TENANTCTL_OUTPUT=json']);
    expect(c.files).toEqual([{ name: 'users.csv', content: 'userPrincipalName,displayName\na@contoso.com,A\n' }]);
    expect(c.steps).toEqual([
      { command: 'tenantctl user import users.csv', stdout: '[]\n', stderr: 'imported 1 of 1 users\n', exit: 0 },
      { command: 'tenantctl user create --upn b@contoso.com --display-name B --password-stdin', stdin: 'Str0ng!Passw0rd\n', stdout: '', stderr: 'error: boom\n', exit: 4 },
      { command: 'tenantctl user list -o none', stdout: '', stderr: '', exit: 0 },
    ]);
  });

  it('formats a parsed case back to the same text', () => {
    expect(formatGolden(parseGolden(SAMPLE))).toBe(SAMPLE);
    expect(formatGolden(parseGolden(SAMPLE.replace(/\n/g, '\r\n')))).toBe(SAMPLE);
  });

  it('round-trips any case whose blocks are whole lines', () => {
    // Block lines may not look like a command or a section marker; blocks end with a newline.
    const line = fc.string({ maxLength: 12 }).filter((s) => !s.includes('\n') && !s.includes('\r') && !s.startsWith('$ ') && !s.startsWith('--- '));
    const block = fc.array(line, { maxLength: 4 }).map((ls) => (ls.length ? `${ls.join('\n')}\n` : ''));
    const step = fc.record({
      command: fc.constantFrom('tenantctl user list', 'tenantctl group show "All Staff" -o json'),
      stdin: fc.option(block.filter((b) => b !== ''), { nil: undefined }),
      stdout: block,
      stderr: block,
      exit: fc.constantFrom(0, 1, 2, 3, 4, 5, 130),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 4 }), (steps) => {
        const c: GoldenCase = { header: ['# case'], env: {}, files: [], steps: steps.map((s) => (s.stdin === undefined ? { command: s.command, stdout: s.stdout, stderr: s.stderr, exit: s.exit } : s)) };
        const text = formatGolden(c);
        expect(formatGolden(parseGolden(text))).toBe(text);
        expect(parseGolden(text).steps).toEqual(c.steps);
      }),
    );
  });

  it('refuses lines it does not understand and sections out of place', () => {
    expect(() => parseGolden('$ tenantctl user list\nstray text\n')).toThrow("golden: line 2: expected '$ command' or '--- section', got: stray text");
    expect(() => parseGolden('--- stdout\nx\n')).toThrow("'--- stdout' before any command");
    expect(() => parseGolden('$ tenantctl user list\n--- file x.csv\n')).toThrow("'--- file' must come before the first command");
  });
});

describe('splitArgs', () => {
  it('splits on blanks and honours single quotes, double quotes and backslashes', () => {
    expect(splitArgs('tenantctl user show  adele@contoso.com')).toEqual(['tenantctl', 'user', 'show', 'adele@contoso.com']);
    expect(splitArgs(`tenantctl group show "All Staff" --query '[?a=="b"]'`)).toEqual(['tenantctl', 'group', 'show', 'All Staff', '--query', '[?a=="b"]']);
    expect(splitArgs('a "x \\"y\\" \\$z" b\\ c')).toEqual(['a', 'x "y" $z', 'b c']);
    expect(splitArgs('--display-name ""')).toEqual(['--display-name', '']);
    expect(splitArgs('a"b"c')).toEqual(['abc']);
  });

  it('refuses an unterminated quote', () => {
    expect(() => splitArgs("a 'b")).toThrow("unterminated ' in: a 'b");
    expect(() => splitArgs('a "b')).toThrow('unterminated " in: a "b');
  });
});
