// A fast path for reading well-formed CSV (user import of 100k rows spent seconds in csv-parse).
// It reads exactly what csv-parse reads with the import's options (bom, relax_column_count,
// skip_empty_lines, info) for the files it accepts — "\n" line ends, fields quoted with '"' and
// '""' inside quotes — and returns undefined for anything else (a '\r', a stray quote, an
// unclosed quote), which then goes to csv-parse for its own result and error messages.
// test/unit/import/csv-fast.test.ts compares the two on random input.

export interface CsvRecord {
  cells: string[];
  /** The line the record ends on (csv-parse's info.lines). */
  line: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;

export function parseCsvFast(text: string): CsvRecord[] | undefined {
  if (text.includes('\r')) return undefined;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const out: CsvRecord[] = [];
  while (i < n) {
    // skip_empty_lines: a line with nothing on it is no record.
    if (text.charCodeAt(i) === LF) {
      line++;
      i++;
      continue;
    }
    const cells: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) return undefined;
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++;
        cells.push(value);
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF) break;
          if (c === QUOTE) return undefined;
        }
        cells.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i++);
      if (c === COMMA) continue;
      if (c === LF) break;
      return undefined;
    }
    out.push({ cells, line });
    // The record's line end (if any) was consumed: the next record starts on the next line.
    if (text.charCodeAt(i - 1) === LF && i <= n) line++;
  }
  return out;
}
