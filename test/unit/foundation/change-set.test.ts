import { describe, expect, it } from 'vitest';
import { ChangeSet } from '../../../src/core/reconcile/change-set.js';
import { MAX_RECONCILE_ROUNDS, runReconcile, type ReconcileStep } from '../../../src/core/reconcile/pipeline.js';

describe('ChangeSet', () => {
  it('starts empty and stops being empty with any kind of change', () => {
    expect(new ChangeSet().isEmpty).toBe(true);
    const kinds: ((c: ChangeSet) => void)[] = [
      (c) => c.userChanged('u', ['department']),
      (c) => c.deletedUsers.add('u'),
      (c) => c.restoredUsers.add('u'),
      (c) => c.groups.add('g'),
      (c) => c.deletedGroups.add('g'),
      (c) => c.membershipChanged('g', 'u'),
      (c) => c.deviceChanged('d', '*'),
      (c) => c.deletedDevices.add('d'),
    ];
    for (const k of kinds) {
      const c = new ChangeSet();
      k(c);
      expect(c.isEmpty).toBe(false);
    }
  });

  it('accumulates changed properties per user, with * for "everything"', () => {
    const c = new ChangeSet();
    c.userChanged('u1', ['department']);
    c.userChanged('u1', ['jobTitle', 'department']);
    c.userChanged('u2', '*');
    expect(c.users).toEqual(new Map([['u1', new Set(['department', 'jobTitle'])], ['u2', new Set(['*'])]]));
  });

  it('collects membership changes per group', () => {
    const c = new ChangeSet();
    c.membershipChanged('g1', 'u1');
    c.membershipChanged('g1', 'u2');
    c.membershipChanged('g1', 'u1');
    c.membershipChanged('g2', 'u1');
    expect([...c.membershipGroups()]).toEqual(['g1', 'g2']);
    expect(c.changedMembers('g1')).toEqual(new Set(['u1', 'u2']));
    expect(c.changedMembers('g2')).toEqual(new Set(['u1']));
    expect(c.changedMembers('g3')).toEqual(new Set());
    expect(c.isEmpty).toBe(false);
  });

  it('absorbs another change set, merging what both recorded', () => {
    const a = new ChangeSet();
    a.userChanged('u1', ['city']);
    a.membershipChanged('g1', 'u1');
    const b = new ChangeSet();
    b.userChanged('u1', '*');
    b.userChanged('u2', ['department']);
    b.membershipChanged('g1', 'u3');
    b.deletedGroups.add('g9');
    b.deviceChanged('d1', ['isCompliant']);
    a.absorb(b);
    expect(a.users).toEqual(new Map([['u1', new Set(['city', '*'])], ['u2', new Set(['department'])]]));
    expect(a.changedMembers('g1')).toEqual(new Set(['u1', 'u3']));
    expect([...a.deletedGroups]).toEqual(['g9']);
    expect(a.devices.get('d1')).toEqual(new Set(['isCompliant']));
  });
});

describe('runReconcile', () => {
  it('runs the steps round after round until a round records nothing new', () => {
    const seen: string[] = [];
    // A step that turns a user change into a membership change, and membership into nothing.
    const step: ReconcileStep<null> = {
      name: 'demo',
      run(_ctx, changes, next) {
        for (const id of changes.users.keys()) {
          seen.push(`user ${id}`);
          next.membershipChanged('g', id);
        }
        for (const g of changes.membershipGroups()) for (const m of changes.changedMembers(g)) seen.push(`member ${g}/${m}`);
      },
    };
    const initial = new ChangeSet();
    initial.userChanged('u1', '*');
    runReconcile([step], null, initial);
    expect(seen).toEqual(['user u1', 'member g/u1']);
  });

  it('does nothing for an empty change set or no steps', () => {
    let runs = 0;
    const step: ReconcileStep<null> = { name: 'count', run: () => void runs++ };
    runReconcile([step], null, new ChangeSet());
    expect(runs).toBe(0);
    const c = new ChangeSet();
    c.groups.add('g');
    expect(() => runReconcile([], null, c)).not.toThrow();
  });

  it('stops a step that never settles', () => {
    let rounds = 0;
    const forever: ReconcileStep<null> = {
      name: 'forever',
      run(_ctx, _changes, next) {
        rounds++;
        next.groups.add('g');
      },
    };
    const c = new ChangeSet();
    c.groups.add('g');
    expect(() => runReconcile([forever], null, c)).toThrow(`reconcile did not settle after ${MAX_RECONCILE_ROUNDS} rounds`);
    expect(rounds).toBe(MAX_RECONCILE_ROUNDS);
  });
});
