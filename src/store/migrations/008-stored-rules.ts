// The parsed form of each dynamic group's rule (src/core/rules/stored-rule.ts), so that a small
// mutation reads the rules it must re-evaluate instead of parsing them. It is derived data:
// `format` is the version of the stored form and the JSON carries the rule text it was parsed
// from, so a row of another version or for an older text is ignored and written again. Existing
// tenants are backfilled as the rules are used: saving a rule stores it, a mutation that finds a
// group without one stores it, and `tenant reconcile` stores every group's (SQL cannot parse rules).
export const storedRules = `
CREATE TABLE group_rule_parsed (
  groupId TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
  format INTEGER NOT NULL,
  rule TEXT NOT NULL
) STRICT;
`;
