import { describe, expect, it } from 'vitest';
import { activateRole, authorize, deactivateRole, expiredAssignments, parseDuration, type RoleAssignment } from '../../../src/core/roles/index.js';
import { assignment, catalog, ROLE, TestDirectory } from './fixture.js';

const D = 'microsoft.directory';
const T0 = '2026-03-01T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
let n = 0;
const newId = () => `act${++n}`;

const eligibleHelpdesk = (extra: Partial<RoleAssignment> = {}) =>
  assignment(ROLE.HelpdeskAdministrator, 'alice', { id: 'elig1', status: 'eligible', startDateTime: '2026-03-01T00:00:00.000Z', endDateTime: '2026-04-01T00:00:00.000Z', ...extra });

describe('durations', () => {
  it.each([
    ['30m', 1_800_000],
    ['8h', 28_800_000],
    ['30d', 2_592_000_000],
    ['PT8H', 28_800_000],
    ['P1DT2H', 93_600_000],
    ['PT30M', 1_800_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '8', 'eight hours', 'P', 'PT', '0h'])('refuses %j', (text) => expect(() => parseDuration(text)).toThrow(/is not a duration/));
});

describe('PIM activation timeline', () => {
  const base = { userId: 'alice', roleDefinitionId: ROLE.HelpdeskAdministrator, justification: 'INC-42', now: T0, activeAssignments: [], newId };

  it('activates for the default 8 hours and grants only while active', () => {
    const dir = new TestDirectory();
    const elig = eligibleHelpdesk();
    dir.assignments.push(elig);
    const reset = (now: string) => authorize({ actor: { id: 'alice', type: 'user' }, action: `${D}/users/password/update`, target: { kind: 'user', id: 'bob' }, now, facts: dir, catalog });
    expect(reset(T0).allowed).toBe(false); // eligible grants nothing

    const act = activateRole({ ...base, eligibilities: [elig] });
    expect(act).toMatchObject({
      principalId: 'alice', status: 'active', assignmentType: 'Activated', memberType: 'Direct',
      startDateTime: T0, endDateTime: '2026-03-01T17:00:00.000Z', justification: 'INC-42', activatedUsing: 'elig1', directoryScopeId: '/',
    });
    dir.assignments.push(act);
    expect(reset(at(60)).allowed).toBe(true);
    expect(reset(at(8 * 60 - 1)).allowed).toBe(true);
    expect(reset(at(8 * 60)).allowed).toBe(false); // expired
    expect(expiredAssignments(dir.assignments, at(8 * 60)).map((a) => a.id)).toEqual([act.id]);
    expect(expiredAssignments(dir.assignments, at(8 * 60 - 1))).toEqual([]);
  });

  it('accepts 1 to 24 hours and refuses outside', () => {
    const settings = { maximumActivationHours: 24, requireJustification: true };
    expect(activateRole({ ...base, eligibilities: [eligibleHelpdesk()], durationHours: 1, settings }).endDateTime).toBe('2026-03-01T10:00:00.000Z');
    expect(activateRole({ ...base, eligibilities: [eligibleHelpdesk()], durationHours: 24, settings }).endDateTime).toBe('2026-03-02T09:00:00.000Z');
    expect(() => activateRole({ ...base, eligibilities: [eligibleHelpdesk()], durationHours: 25, settings })).toThrow(/outside 1–24 h/);
    expect(() => activateRole({ ...base, eligibilities: [eligibleHelpdesk()], durationHours: 0.5, settings })).toThrow(/outside 1–24 h/);
    // Default role setting: at most 8 h.
    expect(() => activateRole({ ...base, eligibilities: [eligibleHelpdesk()], durationHours: 9 })).toThrow(/outside 1–8 h/);
  });

  it('requires a justification', () => {
    expect(() => activateRole({ ...base, justification: '  ', eligibilities: [eligibleHelpdesk()] })).toThrow(/requires a justification/);
  });

  it('needs an eligibility valid at the start, and never outlives it', () => {
    expect(() => activateRole({ ...base, eligibilities: [] })).toThrow(/no eligible assignment/);
    expect(() => activateRole({ ...base, eligibilities: [eligibleHelpdesk({ endDateTime: '2026-03-01T08:00:00.000Z' })] })).toThrow(/no eligible assignment/);
    expect(() => activateRole({ ...base, eligibilities: [eligibleHelpdesk({ status: 'active' })] })).toThrow(/no eligible assignment/);
    const capped = activateRole({ ...base, eligibilities: [eligibleHelpdesk({ endDateTime: '2026-03-01T11:00:00.000Z' })] });
    expect(capped.endDateTime).toBe('2026-03-01T11:00:00.000Z');
  });

  it('marks activations through a group eligibility as memberType Group', () => {
    const viaGroup = eligibleHelpdesk({ principalId: 'helpdesk-rag', principalType: 'group' });
    expect(activateRole({ ...base, eligibilities: [viaGroup] }).memberType).toBe('Group');
  });

  it('refuses a second activation of the same role while one is active', () => {
    const first = activateRole({ ...base, eligibilities: [eligibleHelpdesk()] });
    expect(() => activateRole({ ...base, now: at(10), eligibilities: [eligibleHelpdesk()], activeAssignments: [first] })).toThrow(/already active/);
  });

  it('can be narrowed to an AU scope', () => {
    const act = activateRole({ ...base, directoryScopeId: '/administrativeUnits/au1', eligibilities: [eligibleHelpdesk()] });
    expect(act.directoryScopeId).toBe('/administrativeUnits/au1');
  });

  it('refuses deactivation within 5 minutes of activation', () => {
    const act = activateRole({ ...base, eligibilities: [eligibleHelpdesk()] });
    expect(() => deactivateRole(act, at(4))).toThrow(/within 5 minutes/);
    expect(() => deactivateRole(act, at(4.99))).toThrow(/within 5 minutes/);
    const ended = deactivateRole(act, at(5));
    expect(ended.endDateTime).toBe(at(5));
    const dir = new TestDirectory();
    dir.assignments.push(ended);
    expect(authorize({ actor: { id: 'alice', type: 'user' }, action: `${D}/users/password/update`, target: { kind: 'user', id: 'bob' }, now: at(6), facts: dir, catalog }).allowed).toBe(false);
  });

  it('refuses to deactivate a direct assignment', () => {
    expect(() => deactivateRole(assignment(ROLE.HelpdeskAdministrator, 'alice'), at(60))).toThrow(/Only a PIM activation/);
  });
});
