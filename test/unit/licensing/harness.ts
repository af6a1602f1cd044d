// A tiny in-memory tenant around the licensing core, playing the part the store will play.
import { loadPlanRules, loadSkuCatalog } from '../../../src/catalog/skus.js';
import {
  newSubscription,
  recomputeAll,
  recomputeUsers,
  type AssignedLicense,
  type LicensingContext,
  type PlanRules,
  type RecomputeResult,
  type Subscription,
  type UserLicenseInput,
  type UserLicenseState,
} from '../../../src/core/licensing/index.js';

export const catalog = loadSkuCatalog();
export const sku = (part: string) => catalog.resolveSku(part);
export const skuId = (part: string) => sku(part).skuId;
export const planId = (part: string, planName: string) => catalog.resolveServicePlan(sku(part), planName).servicePlanId;

export const E1 = skuId('STANDARDPACK');
export const E3 = skuId('ENTERPRISEPACK');
export const EMS = skuId('EMS');
export const M365E3 = skuId('SPE_E3');
export const AUDIO = skuId('MCOMEETADV');

export class Tenant {
  users = new Map<string, UserLicenseInput>();
  states = new Map<string, UserLicenseState>();
  consumed = new Map<string, number>();
  groupLicenses = new Map<string, AssignedLicense[]>();
  subscriptions: Subscription[] = [];
  tenantCountry: string | null = 'US';
  rules: PlanRules = loadPlanRules();
  seq = 0;
  clock = 0;
  last?: RecomputeResult;

  subscribe(part: string, enabled: number, more: { warning?: number; suspended?: number } = {}): this {
    this.subscriptions = this.subscriptions.filter((s) => s.skuPartNumber !== part);
    this.subscriptions.push(newSubscription(sku(part), { enabled, ...more }));
    return this;
  }
  addUser(id: string, usageLocation: string | null = 'US'): this {
    this.users.set(id, { userId: id, usageLocation, deleted: false, direct: [], groups: [] });
    return this;
  }
  join(userId: string, groupId: string): this {
    const u = this.users.get(userId)!;
    this.users.set(userId, { ...u, groups: [...u.groups, { groupId, seq: ++this.seq }] });
    return this;
  }
  leave(userId: string, groupId: string): this {
    const u = this.users.get(userId)!;
    this.users.set(userId, { ...u, groups: u.groups.filter((g) => g.groupId !== groupId) });
    return this;
  }
  setDirect(userId: string, direct: AssignedLicense[]): this {
    const u = this.users.get(userId)!;
    this.users.set(userId, { ...u, direct });
    return this;
  }
  update(userId: string, patch: Partial<UserLicenseInput>): this {
    this.users.set(userId, { ...this.users.get(userId)!, ...patch });
    return this;
  }
  members(groupId: string): string[] {
    return [...this.users.values()].filter((u) => u.groups.some((g) => g.groupId === groupId)).map((u) => u.userId);
  }
  ctx(reprocess?: Iterable<string>) {
    return {
      now: new Date(Date.UTC(2026, 0, 1, 0, 0, this.clock++)).toISOString(),
      tenantCountry: this.tenantCountry,
      subscriptions: this.subscriptions,
      groupLicenses: this.groupLicenses,
      rules: this.rules,
      reprocess: reprocess ? new Set(reprocess) : undefined,
    };
  }
  apply(r: RecomputeResult): RecomputeResult {
    for (const [id, s] of r.states) {
      if (s) this.states.set(id, s);
      else this.states.delete(id);
    }
    this.consumed = r.consumedUnits;
    this.last = r;
    return r;
  }
  /** Incremental: only these users. */
  run(userIds: Iterable<string>, reprocess?: Iterable<string>, extra: Partial<LicensingContext> = {}): RecomputeResult {
    return this.apply(
      recomputeUsers(userIds, (id) => this.users.get(id), (id) => this.states.get(id), this.consumed, { ...this.ctx(reprocess), ...extra }),
    );
  }
  runAll(reprocess?: Iterable<string>): RecomputeResult {
    return this.apply(recomputeAll(this.users.values(), this.states, this.ctx(reprocess)));
  }
  /** What a user holds: part numbers, sorted. */
  held(userId: string): string[] {
    return (this.states.get(userId)?.assignedLicenses ?? []).map((h) => catalog.skuById(h.skuId)!.skuPartNumber).sort();
  }
  entry(userId: string, skuIdValue: string, group: string | null) {
    return this.states.get(userId)?.licenseAssignmentStates.find((e) => e.skuId === skuIdValue && e.assignedByGroup === group);
  }
  used(skuIdValue: string): number {
    return this.consumed.get(skuIdValue) ?? 0;
  }
}
