// A parsed rule in a form the store can keep next to the rule text, so that a small mutation
// (one user's update re-evaluating the ~100 rules that read the changed attribute) reads the rules
// back instead of parsing them: parsing ~100 rules costs ~7 ms of a ~60 ms command, restoring
// them ~0.5 ms. The stored form is the Rule itself as JSON (every node, spans and property
// definitions included: plain data), so a restored rule is exactly what parseRule returns.
import type { Rule } from './ast.js';

/**
 * Version of the stored form. Bump it whenever parseRule returns something different for some
 * text (a new node field, a changed property definition, a normalisation): stored rules of another
 * version are ignored and stored again. test/unit/rules/stored-rule.test.ts pins a fingerprint of
 * parseRule's output to this number so that such a change cannot go unnoticed.
 */
export const STORED_RULE_FORMAT = 1;

export function storedRuleJson(rule: Rule): string {
  return JSON.stringify(rule);
}

/**
 * The rule stored for `text`, or undefined when the stored form is of another version, does not
 * parse, or was made from another text (the rule changed since).
 */
export function restoreStoredRule(text: string, format: number, json: string): Rule | undefined {
  if (format !== STORED_RULE_FORMAT) return undefined;
  let rule: Rule;
  try {
    rule = JSON.parse(json) as Rule;
  } catch {
    return undefined;
  }
  return rule !== null && typeof rule === 'object' && rule.text === text ? rule : undefined;
}
