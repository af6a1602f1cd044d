// Time windows and PIM activation rules (roles.md §9). Times are ISO strings passed in; nothing
// here reads a clock.

import { ValidationError } from '../errors.js';
import type { RoleAssignment } from './types.js';

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new ValidationError('InvalidDateTime', `"${iso}" is not an ISO 8601 date-time.`, { hint: 'Use e.g. 2026-01-02T03:04:05Z.' });
  return t;
};
const iso = (t: number): string => new Date(t).toISOString();

/** Whether the assignment's window contains `now` (start inclusive, end exclusive). */
export const isWithinWindow = (a: Pick<RoleAssignment, 'startDateTime' | 'endDateTime'>, now: string): boolean => {
  const t = ms(now);
  if (a.startDateTime !== null && ms(a.startDateTime) > t) return false;
  if (a.endDateTime !== null && ms(a.endDateTime) <= t) return false;
  return true;
};

/** Only active assignments within their window grant anything (roles.md §9.1). */
export const isInEffect = (a: RoleAssignment, now: string): boolean => a.status === 'active' && isWithinWindow(a, now);

/** Assignments whose end has passed: the store removes them (audit "Remove member from role (PIM activation expired)"). */
export const expiredAssignments = (assignments: readonly RoleAssignment[], now: string): RoleAssignment[] =>
  assignments.filter((a) => a.endDateTime !== null && ms(a.endDateTime) <= ms(now));

/**
 * Durations as the CLI accepts them: "30m", "8h", "30d", or ISO 8601 ("PT8H", "P30D", "P1DT2H").
 * Returns milliseconds.
 */
export const parseDuration = (text: string): number => {
  const s = text.trim();
  const simple = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/i.exec(s);
  if (simple) {
    const n = Number(simple[1]);
    const unit = simple[2]!.toLowerCase();
    const out = n * (unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000);
    if (out > 0) return out;
  }
  const isoD = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (isoD && s.toUpperCase() !== 'P' && !s.toUpperCase().endsWith('T')) {
    const [, w, d, h, m, sec] = isoD;
    const out =
      Number(w ?? 0) * 604_800_000 + Number(d ?? 0) * 86_400_000 + Number(h ?? 0) * 3_600_000 + Number(m ?? 0) * 60_000 + Number(sec ?? 0) * 1000;
    if (out > 0) return out;
  }
  throw new ValidationError('InvalidDuration', `"${text}" is not a duration.`, { hint: 'Use 30m, 8h, 30d or ISO 8601 such as PT8H.' });
};

// ---------------------------------------------------------------------------------------------
// Activation (roles.md §9.1–§9.2)

/** Role setting Expiration_EndUser_Assignment: 1–24 h, default PT8H [PIMSET][G-POL]. */
export const ACTIVATION_MIN_HOURS = 1;
export const ACTIVATION_MAX_HOURS = 24;
export const ACTIVATION_DEFAULT_HOURS = 8;
/** You can't deactivate within 5 minutes of activating [PIMACT]. */
export const DEACTIVATION_LOCK_MS = 5 * 60_000;

export interface PimRoleSettings {
  /** Activation maximum duration in hours (1–24). */
  maximumActivationHours: number;
  requireJustification: boolean;
}

export const DEFAULT_PIM_SETTINGS: PimRoleSettings = { maximumActivationHours: ACTIVATION_DEFAULT_HOURS, requireJustification: true };

export interface ActivationRequest {
  userId: string;
  roleDefinitionId: string;
  /** Narrow the activation to a smaller scope than the eligibility (e.g. an AU); default: the eligibility's. */
  directoryScopeId?: string;
  justification: string | null;
  /** Requested duration in hours; default = the role setting's maximum (8 h unless changed). */
  durationHours?: number;
  /** Scheduled activation; default now. */
  startDateTime?: string;
  now: string;
  /**
   * The user's eligibilities for the role: direct ones and those of role-assignable groups the user
   * is a direct member of (Graph memberType Group).
   */
  eligibilities: readonly RoleAssignment[];
  /** The user's current active assignments (to refuse a second activation of the same role/scope). */
  activeAssignments: readonly RoleAssignment[];
  settings?: PimRoleSettings;
  newId: () => string;
}

/** Creates the Activated assignment a selfActivate request produces. */
export const activateRole = (req: ActivationRequest): RoleAssignment => {
  const settings = req.settings ?? DEFAULT_PIM_SETTINGS;
  const justification = req.justification?.trim() ?? '';
  if (settings.requireJustification && justification === '') {
    throw new ValidationError('JustificationRequired', 'Activating this role requires a justification.', {
      target: '--justification',
      hint: 'Say why you need the role, e.g. --justification "INC-1234 reset break-glass MFA".',
    });
  }
  const max = Math.min(Math.max(settings.maximumActivationHours, ACTIVATION_MIN_HOURS), ACTIVATION_MAX_HOURS);
  const hours = req.durationHours ?? max;
  if (!(hours >= ACTIVATION_MIN_HOURS && hours <= max)) {
    throw new ValidationError('InvalidActivationDuration', `Activation duration ${hours} h is outside 1–${max} h for this role.`, {
      target: '--duration',
      hint: `Ask for between 1 and ${max} hours.`,
    });
  }
  const start = req.startDateTime ?? req.now;
  if (ms(start) < ms(req.now)) {
    throw new ValidationError('InvalidStartDateTime', 'An activation cannot start in the past.', { target: '--start' });
  }
  const wantedScope = req.directoryScopeId;
  const eligible = req.eligibilities.filter(
    (e) =>
      e.status === 'eligible' &&
      e.roleDefinitionId.toLowerCase() === req.roleDefinitionId.toLowerCase() &&
      isWithinWindow(e, start) &&
      (wantedScope === undefined || e.directoryScopeId === '/' || e.directoryScopeId === wantedScope),
  );
  if (eligible.length === 0) {
    throw new ValidationError('RoleNotEligible', 'You have no eligible assignment for this role that is valid at that time.', {
      hint: 'An admin must make you eligible first (tenantctl role assign <role> --to <you> --eligible).',
    });
  }
  // Prefer a direct eligibility, then the one lasting longest.
  const chosen = [...eligible].sort((a, b) => {
    if (a.principalId === req.userId && b.principalId !== req.userId) return -1;
    if (b.principalId === req.userId && a.principalId !== req.userId) return 1;
    const ae = a.endDateTime === null ? Infinity : ms(a.endDateTime);
    const be = b.endDateTime === null ? Infinity : ms(b.endDateTime);
    return be - ae;
  })[0]!;
  const scope = wantedScope ?? chosen.directoryScopeId;
  const clash = req.activeAssignments.find(
    (a) =>
      a.principalId === req.userId &&
      a.roleDefinitionId.toLowerCase() === req.roleDefinitionId.toLowerCase() &&
      a.directoryScopeId === scope &&
      a.status === 'active' &&
      (a.endDateTime === null || ms(a.endDateTime) > ms(start)),
  );
  if (clash) {
    throw new ValidationError('RoleAssignmentExists', 'The role is already active for you at that scope.', {
      hint: clash.endDateTime ? `It stays active until ${clash.endDateTime}.` : 'The assignment is permanent.',
    });
  }
  let end = ms(start) + hours * 3_600_000;
  if (chosen.endDateTime !== null) end = Math.min(end, ms(chosen.endDateTime));
  return {
    id: req.newId(),
    roleDefinitionId: chosen.roleDefinitionId,
    principalId: req.userId,
    principalType: 'user',
    directoryScopeId: scope,
    status: 'active',
    assignmentType: 'Activated',
    memberType: chosen.principalId === req.userId ? 'Direct' : 'Group',
    startDateTime: iso(ms(start)),
    endDateTime: iso(end),
    justification,
    activatedUsing: chosen.id,
    createdDateTime: req.now,
  };
};

/**
 * selfDeactivate: only Activated assignments, not within 5 minutes of their start. Returns the
 * assignment ended at `now` (the store deletes it and audits "Remove member from role completed
 * (PIM deactivate)").
 */
export const deactivateRole = (activation: RoleAssignment, now: string): RoleAssignment => {
  if (activation.assignmentType !== 'Activated') {
    throw new ValidationError('NotAnActivation', 'Only a PIM activation can be deactivated; this role is assigned directly.', {
      hint: 'An admin removes it with tenantctl role unassign.',
    });
  }
  const start = activation.startDateTime ?? activation.createdDateTime;
  const elapsed = ms(now) - ms(start);
  if (elapsed < DEACTIVATION_LOCK_MS) {
    throw new ValidationError('DeactivationTooSoon', 'A role cannot be deactivated within 5 minutes of activating it.', {
      hint: `Try again after ${iso(ms(start) + DEACTIVATION_LOCK_MS)}.`,
    });
  }
  return { ...activation, endDateTime: now };
};
