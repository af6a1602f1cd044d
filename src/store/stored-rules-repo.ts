// SQL for the stored parsed rules of dynamic groups (migration 008, src/core/rules/stored-rule.ts).
import type { StoredRulePort, GroupWithStoredRule } from '../core/dynamic/few-objects.js';
import { GROUP_COLUMNS, rowToGroup } from './groups-repo.js';
import type { Store } from './store.js';

export interface StoredRulesRepo extends StoredRulePort {}

const SELECT_WITH_RULES = `SELECT ${GROUP_COLUMNS.map((c) => `g.${c}`).join(', ')}, p.format AS parsedFormat, p.rule AS parsedRule FROM groups g LEFT JOIN group_rule_parsed p ON p.groupId = g.id WHERE g.id IN (SELECT value FROM json_each(?)) ORDER BY g.id`;

export const storedRulesRepo: ThisType<Store> & StoredRulesRepo = {
  groupsWithStoredRules(ids) {
    if (ids.length === 0) return [];
    return this.stmt<[string], Record<string, unknown>>(SELECT_WITH_RULES)
      .all(JSON.stringify(ids))
      .map((r): GroupWithStoredRule => {
        const { parsedFormat, parsedRule, ...row } = r;
        return { group: rowToGroup(row), stored: parsedRule == null ? null : { format: parsedFormat as number, json: parsedRule as string } };
      });
  },
  setStoredRule(groupId, format, json) {
    this.stmt('INSERT INTO group_rule_parsed (groupId, format, rule) VALUES (?, ?, ?) ON CONFLICT(groupId) DO UPDATE SET format = excluded.format, rule = excluded.rule').run(groupId, format, json);
  },
  clearStoredRule(groupId) {
    this.stmt('DELETE FROM group_rule_parsed WHERE groupId = ?').run(groupId);
  },
};
