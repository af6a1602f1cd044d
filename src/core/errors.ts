// Errors as data: a stable code, the target it concerns, a message and an optional hint.
// The CLI maps each kind to an exit code in one place (src/cli/exit-codes.ts); nothing in core
// knows about exit codes or streams.

export type ErrorKind =
  | 'invalid' // the operation was refused: invalid value or a broken domain rule
  | 'usage' // the command line itself is wrong
  | 'notFound'
  | 'conflict' // already exists, ambiguous name, object in use
  | 'partial' // a bulk operation partly failed (--continue-on-error)
  | 'denied' // --as: the actor's roles do not grant the action
  | 'checkFailed' // a check command found differences (whatif --expect, reconcile --check, lint)
  | 'interrupted';

export interface ErrorDetails {
  /** Where the problem is: a property, a flag, an object, "line 4". */
  target?: string;
  /** How to fix it, one line. */
  hint?: string;
  /** Extra lines printed after the error (e.g. every bad row of an import). */
  details?: string[];
}

export class TenantError extends Error {
  readonly kind: ErrorKind;
  /** A stable Graph-style code, e.g. "Request_BadRequest" or our own "InvalidUsageLocation". */
  readonly code: string;
  readonly target?: string;
  readonly hint?: string;
  readonly details: string[];

  constructor(kind: ErrorKind, code: string, message: string, extra: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.target = extra.target;
    this.hint = extra.hint;
    this.details = extra.details ?? [];
  }
}

export class ValidationError extends TenantError {
  constructor(code: string, message: string, extra?: ErrorDetails) {
    super('invalid', code, message, extra);
  }
}

export class UsageError extends TenantError {
  constructor(message: string, extra?: ErrorDetails) {
    super('usage', 'UsageError', message, extra);
  }
}

export class NotFoundError extends TenantError {
  constructor(message: string, extra?: ErrorDetails) {
    super('notFound', 'Request_ResourceNotFound', message, extra);
  }
}

export class ConflictError extends TenantError {
  constructor(code: string, message: string, extra?: ErrorDetails) {
    super('conflict', code, message, extra);
  }
}

export class PartialFailureError extends TenantError {
  constructor(message: string, extra?: ErrorDetails) {
    super('partial', 'PartialFailure', message, extra);
  }
}

export class PermissionDeniedError extends TenantError {
  constructor(message: string, extra?: ErrorDetails) {
    super('denied', 'Authorization_RequestDenied', message, extra);
  }
}

export class CheckFailedError extends TenantError {
  constructor(message: string, extra?: ErrorDetails) {
    super('checkFailed', 'CheckFailed', message, extra);
  }
}

export class InterruptedError extends TenantError {
  constructor(message = 'interrupted') {
    super('interrupted', 'Interrupted', message);
  }
}
