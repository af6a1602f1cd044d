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
  /** Direct membership changes: group id → member ids added or removed. */
  readonly memberships = new Map<string, Set<string>>();
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
    let set = this.memberships.get(groupId);
    if (!set) this.memberships.set(groupId, (set = new Set()));
    set.add(memberId);
  }

  get isEmpty(): boolean {
    return (
      this.users.size === 0 &&
      this.deletedUsers.size === 0 &&
      this.restoredUsers.size === 0 &&
      this.groups.size === 0 &&
      this.deletedGroups.size === 0 &&
      this.memberships.size === 0 &&
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
    for (const [g, ms] of other.memberships) for (const m of ms) this.membershipChanged(g, m);
    for (const [id, props] of other.devices) this.deviceChanged(id, props.has('*') ? '*' : props);
    for (const id of other.deletedDevices) this.deletedDevices.add(id);
    for (const id of other.licenses) this.licenses.add(id);
  }
}
