// Loader for catalog/skus.json and catalog/plan-rules.json: read once, lazily, then cached.
// Lookups are case-insensitive; SKUs are keyed by skuId because part numbers are not unique
// (MCOPSTN5 has two GUIDs: skus-README.md).
import { readFileSync } from 'node:fs';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { PlanRules, ServicePlanInfo, SkuInfo } from '../core/licensing/model.js';

interface SkusFile {
  provenance: string;
  commonSkuPartNumbers: string[];
  skus: { skuId: string; skuPartNumber: string; displayName: string; servicePlanIds: string[]; planDisplayNames?: Record<string, string> }[];
  servicePlans: ServicePlanInfo[];
}

export interface SkuCatalog {
  readonly provenance: string;
  readonly skus: readonly SkuInfo[];
  readonly servicePlans: readonly ServicePlanInfo[];
  /** The `license sku list` default view, in catalog order. */
  readonly commonSkus: readonly SkuInfo[];
  skuById(skuId: string): SkuInfo | undefined;
  /** Every SKU with this part number (usually one). */
  skusByPartNumber(partNumber: string): readonly SkuInfo[];
  /** A skuId or part number; throws NotFoundError, or ConflictError when a part number is ambiguous. */
  resolveSku(ref: string): SkuInfo;
  servicePlanById(servicePlanId: string): ServicePlanInfo | undefined;
  /** Every plan id spelled with this name (a few names map to more than one id). */
  servicePlansByName(name: string): readonly ServicePlanInfo[];
  /** A plan name or id within one SKU (for `--disable-plan`); throws NotFoundError if the SKU has no such plan. */
  resolveServicePlan(sku: SkuInfo, ref: string): ServicePlanInfo;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const buildSkuCatalog = (file: SkusFile): SkuCatalog => {
  const planById = new Map(file.servicePlans.map((p) => [p.servicePlanId.toLowerCase(), p]));
  const plansByName = new Map<string, ServicePlanInfo[]>();
  for (const p of file.servicePlans) {
    const k = p.servicePlanName.toLowerCase();
    plansByName.set(k, [...(plansByName.get(k) ?? []), p]);
  }
  const skus: SkuInfo[] = file.skus.map((s) => ({
    skuId: s.skuId,
    skuPartNumber: s.skuPartNumber,
    displayName: s.displayName,
    servicePlans: s.servicePlanIds.map((id) => {
      const p = planById.get(id);
      if (!p) throw new Error(`catalog/skus.json: SKU ${s.skuPartNumber} lists unknown plan ${id}`);
      const override = s.planDisplayNames?.[id];
      return override ? { ...p, displayName: override } : p;
    }),
  }));
  const byId = new Map(skus.map((s) => [s.skuId.toLowerCase(), s]));
  const byPart = new Map<string, SkuInfo[]>();
  for (const s of skus) {
    const k = s.skuPartNumber.toLowerCase();
    byPart.set(k, [...(byPart.get(k) ?? []), s]);
  }
  const commonSkus = file.commonSkuPartNumbers.flatMap((p) => byPart.get(p.toLowerCase()) ?? []);

  return {
    provenance: file.provenance,
    skus,
    servicePlans: file.servicePlans,
    commonSkus,
    skuById: (id) => byId.get(id.toLowerCase()),
    skusByPartNumber: (pn) => byPart.get(pn.toLowerCase()) ?? [],
    resolveSku(ref) {
      const hit = byId.get(ref.toLowerCase());
      if (hit) return hit;
      const found = byPart.get(ref.toLowerCase()) ?? [];
      if (found.length === 1) return found[0]!;
      if (found.length > 1) {
        throw new ConflictError('AmbiguousSku', `SKU part number "${ref}" matches ${found.length} products: ${found.map((s) => s.skuId).join(', ')}`, {
          target: ref,
          hint: 'use the skuId instead',
        });
      }
      throw new NotFoundError(`no product with skuId or part number "${ref}"`, {
        target: ref,
        hint: GUID.test(ref) ? 'run `tenantctl license sku list --all` to see the catalog' : 'part numbers look like ENTERPRISEPACK or SPE_E3; see `tenantctl license sku list --all`',
      });
    },
    servicePlanById: (id) => planById.get(id.toLowerCase()),
    servicePlansByName: (name) => plansByName.get(name.toLowerCase()) ?? [],
    resolveServicePlan(sku, ref) {
      const r = ref.toLowerCase();
      const p = sku.servicePlans.find((x) => x.servicePlanId.toLowerCase() === r || x.servicePlanName.toLowerCase() === r);
      if (p) return p;
      throw new NotFoundError(`service plan "${ref}" is not part of ${sku.skuPartNumber}`, {
        target: ref,
        hint: `run \`tenantctl license sku show ${sku.skuPartNumber}\` to list its plans`,
      });
    },
  };
};

let skuCatalog: SkuCatalog | undefined;
let planRules: PlanRules | undefined;

const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../catalog/${name}`, import.meta.url), 'utf8')) as T;

/** The SKU catalog, read from catalog/skus.json on first use. */
export const loadSkuCatalog = (): SkuCatalog => (skuCatalog ??= buildSkuCatalog(readJson<SkusFile>('skus.json')));

/** Mutually exclusive and dependent plans, read from catalog/plan-rules.json on first use (§12). */
export const loadPlanRules = (): PlanRules => {
  if (!planRules) {
    const raw = readJson<PlanRules & { provenance?: string }>('plan-rules.json');
    planRules = {
      mutuallyExclusive: raw.mutuallyExclusive.map((r) => ({ ...r, servicePlanIds: [r.servicePlanIds[0].toLowerCase(), r.servicePlanIds[1].toLowerCase()] })),
      dependencies: raw.dependencies.map((d) => ({ ...d, servicePlanId: d.servicePlanId.toLowerCase(), requiresAnyOf: d.requiresAnyOf.map((x) => x.toLowerCase()) })),
    };
  }
  return planRules;
};
