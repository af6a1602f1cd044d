// Owners of applications and service principals, and federated identity credentials (apps.md §5.3,
// §6). Owners are two link tables (Entra keeps separate owner lists for the app registration and
// its enterprise app); an owner is a user or a service principal, so ownerId has no foreign key and
// removing a principal removes its rows explicitly. Certificates (keyCredentials) need no table:
// they are properties of the application / service principal and live in its JSON.
export const appOwnersCredentials = `
CREATE TABLE application_owners (
  applicationId TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  ownerId TEXT NOT NULL,
  ownerType TEXT NOT NULL CHECK (ownerType IN ('User', 'ServicePrincipal')),
  PRIMARY KEY (applicationId, ownerId)
) STRICT, WITHOUT ROWID;
CREATE INDEX application_owners_owner ON application_owners(ownerId);

CREATE TABLE service_principal_owners (
  servicePrincipalId TEXT NOT NULL REFERENCES service_principals(id) ON DELETE CASCADE,
  ownerId TEXT NOT NULL,
  ownerType TEXT NOT NULL CHECK (ownerType IN ('User', 'ServicePrincipal')),
  PRIMARY KEY (servicePrincipalId, ownerId)
) STRICT, WITHOUT ROWID;
CREATE INDEX service_principal_owners_owner ON service_principal_owners(ownerId);

-- Graph federatedIdentityCredential: name is the app-unique alternate key; issuer + subject must be
-- unique on the app too (compared exactly: the token exchange matches them exactly).
CREATE TABLE federated_identity_credentials (
  id TEXT PRIMARY KEY,
  applicationId TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  name TEXT NOT NULL COLLATE NOCASE,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  audiences TEXT NOT NULL,
  description TEXT,
  seq INTEGER NOT NULL,
  UNIQUE (applicationId, name),
  UNIQUE (applicationId, issuer, subject)
) STRICT;
`;
