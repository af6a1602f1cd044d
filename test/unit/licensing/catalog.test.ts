import { describe, expect, it } from 'vitest';
import { loadPlanRules, loadSkuCatalog } from '../../../src/catalog/skus.js';
import { compilePlanRules, findMissingDependencies } from '../../../src/core/licensing/index.js';

const catalog = loadSkuCatalog();

describe('SKU catalog', () => {
  it('holds the whole Microsoft table with provenance', () => {
    expect(catalog.skus).toHaveLength(569);
    expect(catalog.servicePlans).toHaveLength(723);
    expect(catalog.provenance).toMatch(/licensing-service-plan-reference/);
  });

  it('finds SKUs by part number or skuId, case-insensitively', () => {
    const e3 = catalog.resolveSku('enterprisepack');
    expect(e3.skuId).toBe('6fd2c87f-b296-42f0-b197-1e91e994b900');
    expect(e3.displayName).toBe('Office 365 E3');
    expect(e3.servicePlans).toHaveLength(36);
    expect(catalog.resolveSku('6FD2C87F-B296-42F0-B197-1E91E994B900')).toBe(e3);
    expect(catalog.skuById('05e9a617-0261-4cee-bb44-138d3ef5d965')?.skuPartNumber).toBe('SPE_E3');
  });

  it('reports an ambiguous part number and an unknown one', () => {
    expect(catalog.skusByPartNumber('MCOPSTN5')).toHaveLength(2);
    expect(() => catalog.resolveSku('MCOPSTN5')).toThrow(/matches 2 products/);
    expect(() => catalog.resolveSku('NOPE')).toThrow(/no product/);
  });

  it('resolves service plans by name or id within a SKU', () => {
    const e3 = catalog.resolveSku('ENTERPRISEPACK');
    const exo = catalog.resolveServicePlan(e3, 'exchange_s_enterprise');
    expect(exo.servicePlanId).toBe('efb87545-963c-4e0d-99df-69c6916d9eb0');
    expect(exo.service).toBe('exchange');
    expect(catalog.resolveServicePlan(e3, 'EFB87545-963C-4E0D-99DF-69C6916D9EB0')).toEqual(exo);
    expect(() => catalog.resolveServicePlan(e3, 'AAD_PREMIUM_P2')).toThrow(/not part of ENTERPRISEPACK/);
    expect(catalog.servicePlanById('113feb6c-3fe4-4440-bddc-54d774bf0318')?.servicePlanName).toBe('EXCHANGE_S_FOUNDATION');
  });

  it('lists common products for the default sku list', () => {
    const parts = catalog.commonSkus.map((s) => s.skuPartNumber);
    expect(parts).toContain('SPE_E5');
    expect(parts).toContain('ENTERPRISEPACK');
    expect(parts).toContain('AAD_PREMIUM_P2');
    expect(parts).toContain('Teams_Ess');
    expect(parts.length).toBeGreaterThanOrEqual(25);
  });
});

describe('plan rules', () => {
  const rules = loadPlanRules();
  it('mentions only plans that exist in the catalog', () => {
    const ids = [...rules.mutuallyExclusive.flatMap((r) => r.servicePlanIds), ...rules.dependencies.flatMap((d) => [d.servicePlanId, ...d.requiresAnyOf])];
    for (const id of ids) expect(catalog.servicePlanById(id), id).toBeDefined();
  });
  it('keeps SharePoint Plan 1/2 exclusive and Exchange Plan 1/2 relaxed (§12)', () => {
    const c = compilePlanRules(rules);
    expect(c.exclusive.get('c7699d2e-19aa-44de-8edf-1736da088ca1')).toEqual(['5dbe027f-2339-4123-9542-606e4d348a72']);
    expect(c.exclusive.has('9aaf7827-d63c-4b61-89c3-182f06f82e5c')).toBe(false);
  });
  it('no common product breaks a dependency on its own, except stand-alone add-ons', () => {
    const c = compilePlanRules(rules);
    const broken = catalog.commonSkus
      .filter((s) => findMissingDependencies(c, new Set(s.servicePlans.map((p) => p.servicePlanId))).length > 0)
      .map((s) => s.skuPartNumber);
    expect(broken).toEqual(['MCOMEETADV']);
  });
});
