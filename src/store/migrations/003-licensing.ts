// Licensing (licensing.md): the tenant's subscriptions, assignments (direct on the user, group-based
// on the group) and what group-based licensing computed per user.
export const licensing = `
-- subscribedSku (§1, §11). skuId is stored lower-case; servicePlans is the subscription's
-- servicePlanInfo list as JSON (a subscription keeps the plans it was bought with), planServices maps
-- each plan id to Graph's assignedPlan.service.
CREATE TABLE subscriptions (
  skuId TEXT PRIMARY KEY,
  skuPartNumber TEXT NOT NULL COLLATE NOCASE,
  appliesTo TEXT NOT NULL DEFAULT 'User',
  enabledUnits INTEGER NOT NULL DEFAULT 0,
  warningUnits INTEGER NOT NULL DEFAULT 0,
  suspendedUnits INTEGER NOT NULL DEFAULT 0,
  lockedOutUnits INTEGER NOT NULL DEFAULT 0,
  servicePlans TEXT NOT NULL DEFAULT '[]',
  planServices TEXT NOT NULL DEFAULT '{}',
  createdDateTime TEXT NOT NULL
) STRICT;
CREATE INDEX subscriptions_part ON subscriptions(skuPartNumber);

-- consumedUnits per SKU: always the count of users holding it in user_license_states (§3, §11).
CREATE TABLE license_consumed (
  skuId TEXT PRIMARY KEY,
  units INTEGER NOT NULL
) STRICT;

-- group.assignedLicenses (G-GAL). A group with rows here cannot be deleted (§9).
CREATE TABLE group_licenses (
  groupId TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  skuId TEXT NOT NULL,
  disabledPlans TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (groupId, skuId)
) STRICT, WITHOUT ROWID;

-- The user's own (direct) assignments (G-UAL).
CREATE TABLE user_direct_licenses (
  userId TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  skuId TEXT NOT NULL,
  disabledPlans TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (userId, skuId)
) STRICT, WITHOUT ROWID;

-- What licensing computed per user (core/licensing UserLicenseState as JSON). No foreign key: a
-- purged user's row stays until the licensing step releases its seats and removes it.
CREATE TABLE user_license_states (
  userId TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  hasErrors INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX user_license_states_errors ON user_license_states(hasErrors) WHERE hasErrors = 1;
`;
