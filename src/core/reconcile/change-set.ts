// What a mutation changed, recorded as it happens, so that the reconcile step recomputes exactly
// what those changes can affect (and nothing else).

export class ChangeSet {
  /** Users created or updated, with the properties that changed ('*' = all, e.g. created). */
  readonly users = new Map<string, Set<string>>();
  readonly deletedUsers = new Set<string>();
  readonly restoredUsers = new Set<string>();
  /** Groups whose definition changed (created, rule, processing state, type, licenses, ...). */
  readonly groups = new Set<string>();
  readonly deletedGroups = new Set<string>();
  /**
   * Direct membership changes: group id → member ids added or removed, as recorded (a member may
   * appear twice). Lists, not sets: a bulk change records 1.5M, and only a few groups' members are
   * ever read (licensed groups, memberOf sources). Read through membershipGroups/changedMembers.
   */
  private readonly memberLists = new Map<string, string[]>();
  /** Devices created or updated, with changed properties. */
  readonly devices = new Map<string, Set<string>>();
  readonly deletedDevices = new Set<string>();
  /** Users whose license assignments changed or who are to be reprocessed ('*' = every user). */
  readonly licenses = new Set<string>();

  userChanged(id: string, properties: Iterable<string> | '*'): void {
    let set = this.users.get(id);
    if (!set) this.users.set(id, (set = new Set()));
    if (properties === '*') set.add('*');
    else for (const p of properties) set.add(p);
  }

  deviceChanged(id: string, properties: Iterable<string> | '*'): void {
    let set = this.devices.get(id);
    if (!set) this.devices.set(id, (set = new Set()));
    if (properties === '*') set.add('*');
    else for (const p of properties) set.add(p);
  }

  membershipChanged(groupId: string, memberId: string): void {
    let list = this.memberLists.get(groupId);
    if (!list) this.memberLists.set(groupId, (list = []));
    list.push(memberId);
  }

  /** The groups whose direct members changed. */
  membershipGroups(): IterableIterator<string> {
    return this.memberLists.keys();
  }

  /** The members whose direct membership of `groupId` changed, each once, in the order first recorded. */
  changedMembers(groupId: string): Set<string> {
    return new Set(this.memberLists.get(groupId));
  }

  get isEmpty(): boolean {
    return (
      this.users.size === 0 &&
      this.deletedUsers.size === 0 &&
      this.restoredUsers.size === 0 &&
      this.groups.size === 0 &&
      this.deletedGroups.size === 0 &&
      this.memberLists.size === 0 &&
      this.devices.size === 0 &&
      this.deletedDevices.size === 0 &&
      this.licenses.size === 0
    );
  }

  /** Moves everything recorded in `other` into this set (used to carry reconcile rounds forward). */
  absorb(other: ChangeSet): void {
    for (const [id, props] of other.users) this.userChanged(id, props.has('*') ? '*' : props);
    for (const id of other.deletedUsers) this.deletedUsers.add(id);
    for (const id of other.restoredUsers) this.restoredUsers.add(id);
    for (const id of other.groups) this.groups.add(id);
    for (const id of other.deletedGroups) this.deletedGroups.add(id);
    for (const [g, ms] of other.memberLists) for (const m of ms) this.membershipChanged(g, m);
    for (const [id, props] of other.devices) this.deviceChanged(id, props.has('*') ? '*' : props);
    for (const id of other.deletedDevices) this.deletedDevices.add(id);
    for (const id of other.licenses) this.licenses.add(id);
  }
}
