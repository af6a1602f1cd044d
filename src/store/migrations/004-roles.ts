// Roles schema (roles.md §1, §5, §6, §9): custom role definitions (built-ins come from the
// catalog, never stored), role assignments incl. PIM eligibilities and activations, and
// administrative units with their direct members.
export const roles = `
CREATE TABLE role_definitions (
  id TEXT PRIMARY KEY,
  templateId TEXT NOT NULL,
  displayName TEXT NOT NULL COLLATE NOCASE UNIQUE,
  description TEXT,
  isEnabled INTEGER NOT NULL DEFAULT 1,
  isPrivileged INTEGER NOT NULL DEFAULT 0,
  rolePermissions TEXT NOT NULL,
  version TEXT,
  createdDateTime TEXT NOT NULL
) STRICT;

-- One row per assignment (Graph roleAssignmentScheduleInstance / roleEligibilityScheduleInstance,
-- flattened): status tells active from eligible. roleDefinitionId is a built-in template id or a
-- custom role id, so it has no foreign key. Principals are users, groups or service principals
-- (the latter live in another area's table), so principalId has none either; triggers below
-- remove the assignments of purged users and deleted groups.
CREATE TABLE role_assignments (
  id TEXT PRIMARY KEY,
  roleDefinitionId TEXT NOT NULL COLLATE NOCASE,
  principalId TEXT NOT NULL,
  principalType TEXT NOT NULL CHECK (principalType IN ('user', 'group', 'servicePrincipal')),
  directoryScopeId TEXT NOT NULL DEFAULT '/',
  status TEXT NOT NULL CHECK (status IN ('active', 'eligible')),
  assignmentType TEXT NOT NULL CHECK (assignmentType IN ('Assigned', 'Activated')),
  memberType TEXT NOT NULL DEFAULT 'Direct',
  startDateTime TEXT,
  endDateTime TEXT,
  justification TEXT,
  activatedUsing TEXT,
  createdDateTime TEXT NOT NULL
) STRICT;
CREATE INDEX role_assignments_principal ON role_assignments(principalId);
CREATE INDEX role_assignments_role ON role_assignments(roleDefinitionId);

CREATE TABLE administrative_units (
  id TEXT PRIMARY KEY,
  displayName TEXT NOT NULL COLLATE NOCASE,
  description TEXT,
  isMemberManagementRestricted INTEGER NOT NULL DEFAULT 0,
  visibility TEXT,
  createdDateTime TEXT NOT NULL
) STRICT;
CREATE INDEX administrative_units_name ON administrative_units(displayName);

CREATE TABLE administrative_unit_members (
  auId TEXT NOT NULL REFERENCES administrative_units(id) ON DELETE CASCADE,
  memberId TEXT NOT NULL,
  memberType TEXT NOT NULL CHECK (memberType IN ('user', 'group', 'device')),
  PRIMARY KEY (auId, memberId)
) STRICT, WITHOUT ROWID;
CREATE INDEX administrative_unit_members_member ON administrative_unit_members(memberId);

CREATE TRIGGER users_purged_roles AFTER DELETE ON users BEGIN
  DELETE FROM role_assignments WHERE principalId = old.id;
  DELETE FROM administrative_unit_members WHERE memberId = old.id;
END;
CREATE TRIGGER groups_deleted_roles AFTER DELETE ON groups BEGIN
  DELETE FROM role_assignments WHERE principalId = old.id;
  DELETE FROM administrative_unit_members WHERE memberId = old.id;
END;
`;
