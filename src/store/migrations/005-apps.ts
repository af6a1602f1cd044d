// Applications, service principals and what hangs off them (apps.md §1, §3–§5, §7).
// The Graph objects are kept whole as JSON in `data` (their shape is wide and nested); the
// columns beside it are the ones looked up or ordered by. Client secrets live in their own table
// so that only a salted hash of the secret text is ever stored (§5.1).
export const apps = `
CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  appId TEXT NOT NULL UNIQUE,
  displayName TEXT NOT NULL COLLATE NOCASE,
  data TEXT NOT NULL,
  createdDateTime TEXT NOT NULL,
  deletedDateTime TEXT
) STRICT;
CREATE INDEX applications_name ON applications(displayName);

CREATE TABLE service_principals (
  id TEXT PRIMARY KEY,
  appId TEXT NOT NULL,
  displayName TEXT NOT NULL COLLATE NOCASE,
  servicePrincipalType TEXT NOT NULL,
  data TEXT NOT NULL,
  createdDateTime TEXT NOT NULL
) STRICT;
-- One service principal per app in a tenant (apps.md §1).
CREATE UNIQUE INDEX service_principals_appid ON service_principals(appId);
CREATE INDEX service_principals_name ON service_principals(displayName);

-- passwordCredentials of applications and service principals; secretHash is a salted scrypt hash.
CREATE TABLE password_credentials (
  keyId TEXT PRIMARY KEY,
  ownerId TEXT NOT NULL,
  ownerKind TEXT NOT NULL CHECK (ownerKind IN ('application', 'servicePrincipal')),
  displayName TEXT COLLATE NOCASE,
  customKeyIdentifier TEXT,
  hint TEXT NOT NULL,
  startDateTime TEXT NOT NULL,
  endDateTime TEXT NOT NULL,
  secretHash TEXT NOT NULL,
  seq INTEGER NOT NULL
) STRICT;
CREATE INDEX password_credentials_owner ON password_credentials(ownerId);

-- Users, groups and client service principals holding roles on a resource service principal.
-- principalId is a user, group or service principal, so it has no foreign key; deleting a
-- principal removes its rows explicitly.
CREATE TABLE app_role_assignments (
  id TEXT PRIMARY KEY,
  appRoleId TEXT NOT NULL,
  principalId TEXT NOT NULL,
  principalType TEXT NOT NULL,
  principalDisplayName TEXT NOT NULL,
  resourceId TEXT NOT NULL REFERENCES service_principals(id) ON DELETE CASCADE,
  resourceDisplayName TEXT NOT NULL,
  createdDateTime TEXT NOT NULL
) STRICT;
CREATE INDEX app_role_assignments_resource ON app_role_assignments(resourceId);
CREATE INDEX app_role_assignments_principal ON app_role_assignments(principalId);

CREATE TABLE oauth2_permission_grants (
  id TEXT PRIMARY KEY,
  clientId TEXT NOT NULL REFERENCES service_principals(id) ON DELETE CASCADE,
  consentType TEXT NOT NULL CHECK (consentType IN ('AllPrincipals', 'Principal')),
  principalId TEXT,
  resourceId TEXT NOT NULL REFERENCES service_principals(id) ON DELETE CASCADE,
  scope TEXT NOT NULL
) STRICT;
CREATE INDEX oauth2_permission_grants_client ON oauth2_permission_grants(clientId);
CREATE INDEX oauth2_permission_grants_principal ON oauth2_permission_grants(principalId) WHERE principalId IS NOT NULL;
`;
