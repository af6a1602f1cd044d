// Conditional Access (conditional-access.md §1, §3): policies and named locations. Each Graph object
// is kept whole as JSON in `data` (the schema is wide, nested, and carries beta properties that must
// survive export → import); the columns beside it are the ones looked up or ordered by.
export const ca = `
CREATE TABLE ca_policies (
  id TEXT PRIMARY KEY,
  displayName TEXT NOT NULL COLLATE NOCASE,
  state TEXT NOT NULL,
  data TEXT NOT NULL,
  createdDateTime TEXT NOT NULL,
  modifiedDateTime TEXT NOT NULL
) STRICT;
CREATE INDEX ca_policies_name ON ca_policies(displayName);

CREATE TABLE ca_named_locations (
  id TEXT PRIMARY KEY,
  displayName TEXT NOT NULL COLLATE NOCASE,
  odataType TEXT NOT NULL,
  data TEXT NOT NULL,
  createdDateTime TEXT NOT NULL,
  modifiedDateTime TEXT NOT NULL
) STRICT;
CREATE INDEX ca_named_locations_name ON ca_named_locations(displayName);
`;
