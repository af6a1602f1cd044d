// The one place where error kinds become exit codes (README "Exit codes"; cli-contract.md).
import type { ErrorKind } from '../core/errors.js';

export const EXIT = {
  ok: 0,
  invalid: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  partial: 5,
  denied: 6,
  checkFailed: 7,
  interrupted: 130,
} as const satisfies Record<ErrorKind | 'ok', number>;

export const exitCodeFor = (kind: ErrorKind): number => EXIT[kind];
