// Foundation schema: organization, domains, users, groups, memberships, owners, audit log.
// Text columns that hold names compare NOCASE: Entra matches UPNs, display names and rule values
// case-insensitively, and NOCASE indexes let equality/prefix lookups use them.
import { EXTENSION_ATTRIBUTE_NAMES } from '../../core/model/user.js';

const ext = EXTENSION_ATTRIBUTE_NAMES.map((n) => `  ${n} TEXT COLLATE NOCASE,`).join('\n');

export const foundation = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE organization (
  id TEXT PRIMARY KEY,
  displayName TEXT NOT NULL,
  countryLetterCode TEXT,
  initialDomain TEXT NOT NULL,
  createdDateTime TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TABLE domains (
  id TEXT PRIMARY KEY COLLATE NOCASE,
  isVerified INTEGER NOT NULL,
  isInitial INTEGER NOT NULL,
  isDefault INTEGER NOT NULL,
  authenticationType TEXT NOT NULL DEFAULT 'Managed',
  verificationCode TEXT NOT NULL,
  createdDateTime TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  userPrincipalName TEXT NOT NULL COLLATE NOCASE,
  displayName TEXT NOT NULL COLLATE NOCASE,
  givenName TEXT COLLATE NOCASE,
  surname TEXT COLLATE NOCASE,
  mail TEXT COLLATE NOCASE,
  mailNickname TEXT COLLATE NOCASE,
  otherMails TEXT NOT NULL DEFAULT '[]',
  proxyAddresses TEXT NOT NULL DEFAULT '[]',
  businessPhones TEXT NOT NULL DEFAULT '[]',
  mobilePhone TEXT,
  faxNumber TEXT,
  officeLocation TEXT COLLATE NOCASE,
  department TEXT COLLATE NOCASE,
  jobTitle TEXT COLLATE NOCASE,
  companyName TEXT COLLATE NOCASE,
  employeeId TEXT COLLATE NOCASE,
  employeeType TEXT COLLATE NOCASE,
  employeeHireDate TEXT,
  streetAddress TEXT COLLATE NOCASE,
  city TEXT COLLATE NOCASE,
  state TEXT COLLATE NOCASE,
  postalCode TEXT COLLATE NOCASE,
  country TEXT COLLATE NOCASE,
  usageLocation TEXT COLLATE NOCASE,
  preferredLanguage TEXT COLLATE NOCASE,
  accountEnabled INTEGER NOT NULL DEFAULT 1,
  userType TEXT NOT NULL DEFAULT 'Member' COLLATE NOCASE,
  passwordPolicies TEXT COLLATE NOCASE,
  onPremisesSyncEnabled INTEGER,
  onPremisesDistinguishedName TEXT COLLATE NOCASE,
  onPremisesSecurityIdentifier TEXT COLLATE NOCASE,
  creationType TEXT,
  externalUserState TEXT,
${ext}
  managerId TEXT REFERENCES users(id) ON DELETE SET NULL,
  passwordHash TEXT,
  lastPasswordChangeDateTime TEXT,
  createdDateTime TEXT NOT NULL,
  deletedDateTime TEXT
) STRICT;
-- A UPN is unique among live users only: a soft-deleted user's UPN may be reused, which is what
-- makes "restore whose UPN was reused" a conflict.
CREATE UNIQUE INDEX users_upn_live ON users(userPrincipalName) WHERE deletedDateTime IS NULL;
CREATE INDEX users_upn ON users(userPrincipalName);
CREATE INDEX users_manager ON users(managerId) WHERE managerId IS NOT NULL;
CREATE INDEX users_deleted ON users(deletedDateTime) WHERE deletedDateTime IS NOT NULL;

CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  displayName TEXT NOT NULL COLLATE NOCASE,
  description TEXT,
  mailEnabled INTEGER NOT NULL,
  mailNickname TEXT NOT NULL COLLATE NOCASE,
  mail TEXT COLLATE NOCASE,
  securityEnabled INTEGER NOT NULL,
  groupTypes TEXT NOT NULL DEFAULT '[]',
  membershipRule TEXT,
  membershipRuleProcessingState TEXT,
  isAssignableToRole INTEGER NOT NULL DEFAULT 0,
  visibility TEXT,
  createdDateTime TEXT NOT NULL
) STRICT;
CREATE INDEX groups_name ON groups(displayName);

-- Direct memberships, assigned or dynamic. seq orders memberships by when they were made
-- (group-based licensing hands out short seats earliest membership first).
CREATE TABLE group_members (
  groupId TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  memberId TEXT NOT NULL,
  memberType TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (groupId, memberId)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_members_member ON group_members(memberId);

CREATE TABLE group_owners (
  groupId TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  ownerId TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (groupId, ownerId)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_owners_owner ON group_owners(ownerId);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  activityDateTime TEXT NOT NULL,
  activityDisplayName TEXT NOT NULL,
  category TEXT NOT NULL,
  operationType TEXT NOT NULL,
  result TEXT NOT NULL,
  loggedByService TEXT NOT NULL,
  correlationId TEXT NOT NULL,
  initiatedBy TEXT NOT NULL,
  targetResources TEXT NOT NULL,
  additionalDetails TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX audit_time ON audit_log(activityDateTime);
`;
