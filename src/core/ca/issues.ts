// Validation findings as data. validatePolicy/validateNamedLocation return these so that `ca import`
// can list every bad object at once (all-or-nothing, cli-contract.md "Exit codes"); the store turns
// a non-empty list into one ValidationError with the issues as details (see toValidationError).

import { ValidationError } from '../errors.js';

export interface ValidationIssue {
  /** A stable code, e.g. "InvalidEnumValue", "PasswordChangeRequiresMfa". */
  code: string;
  /** Where: a JSON path inside the object, e.g. "conditions.clientAppTypes[1]". */
  path: string;
  /** One line: what is wrong. */
  message: string;
  /** One line: how to fix it. */
  hint?: string;
}

export const issue = (code: string, path: string, message: string, hint?: string): ValidationIssue =>
  hint === undefined ? { code, path, message } : { code, path, message, hint };

/** Lists the valid values of an enum in an error message, as the brief asks. */
export const invalidEnum = (path: string, value: unknown, valid: readonly string[]): ValidationIssue =>
  issue(
    'InvalidEnumValue',
    path,
    `${JSON.stringify(value)} is not a valid value`,
    `use one of: ${valid.join(', ')}`,
  );

/** Case-insensitive membership; returns the canonical spelling or undefined. */
export const canonicalEnum = (value: unknown, valid: readonly string[]): string | undefined =>
  typeof value === 'string' ? valid.find((v) => v.toLowerCase() === value.toLowerCase()) : undefined;

/**
 * Throws the first issue as a ValidationError, with every issue as a detail line. `what` names the
 * object (e.g. `policy "CA001 Block legacy"`).
 */
export function throwIfIssues(what: string, issues: readonly ValidationIssue[]): void {
  if (issues.length === 0) return;
  const first = issues[0]!;
  const message =
    issues.length === 1 ? `${what}: ${first.message}` : `${what}: ${first.message} (and ${issues.length - 1} more)`;
  throw new ValidationError(first.code, message, {
    target: first.path,
    hint: first.hint,
    details: issues.map((i) => `${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`),
  });
}
