// `user list --filter` and `device list --filter`: the dynamic-membership evaluator over the
// directory, using the same index-backed candidates as dynamic groups.
import { UsageError } from '../../core/errors.js';
import { compileRule, candidateFilter, parseRule } from '../../core/rules/index.js';
import { evalContext, type DynamicEnv } from '../../core/dynamic/engine.js';
import type { Device } from '../../core/model/device.js';
import type { UserRecord } from '../../core/ports.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { Clock } from '../../core/clock.js';

export function filterObjects(store: TenantStore, clock: Clock, text: string, type: 'user'): UserRecord[];
export function filterObjects(store: TenantStore, clock: Clock, text: string, type: 'device'): Device[];
export function filterObjects(store: TenantStore, clock: Clock, text: string, type: 'user' | 'device'): (UserRecord | Device)[] {
  const rule = parseRule(text);
  if (rule.objectType !== type) {
    throw new UsageError(`--filter is a ${rule.objectType} rule; ${type} list needs a ${type} rule`, { target: '--filter', hint: `write it with ${type}. properties, e.g. ${type}.displayName -startsWith "A"` });
  }
  const test = compileRule(rule);
  const ctx = evalContext({ dir: store, clock } as unknown as DynamicEnv);
  const ids = store.candidateIds(type, candidateFilter(rule));
  const subjects = type === 'user' ? store.usersByIds(ids) : store.devicesByIds(ids);
  return subjects.filter((s) => test(s as never, ctx));
}
