#!/usr/bin/env node
// Regenerates catalog/skus.json from Microsoft's "Product names and service plan identifiers for
// licensing" table (copied in /work/shared/reference/data/skus.csv; see skus-README.md there).
//
//   node scripts/build-skus-catalog.mjs [path/to/skus.csv]
//
// The JSON keeps SKUs keyed by GUID (skuId) and plans keyed by Service_Plan_Id, because neither
// String_Id nor Service_Plan_Name is unique in the table (skus-README.md "Gotchas").
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const src = process.argv[2] ?? '/work/shared/reference/data/skus.csv';
const out = new URL('../catalog/skus.json', import.meta.url);

const PROVENANCE =
  'Microsoft "Product names and service plan identifiers for licensing.csv" ' +
  '(https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference, last updated 2025-07-14), ' +
  'verbatim copy from GitHub nubrixsecurity/zero-trust-assessment@082295adb083e479bad6070b05d1776225a57095; ' +
  'normalised (UTF-8, LF, trimmed). Regenerate with scripts/build-skus-catalog.mjs.';

// Default view of `license sku list` (without --all): the products most tenants own.
const COMMON = [
  'SPE_E3', 'SPE_E5', 'SPE_F1', 'M365_F1',
  'STANDARDPACK', 'ENTERPRISEPACK', 'ENTERPRISEPREMIUM', 'DESKLESSPACK',
  'O365_BUSINESS_ESSENTIALS', 'O365_BUSINESS_PREMIUM', 'SPB', 'O365_BUSINESS',
  'EMS', 'EMSPREMIUM', 'AAD_PREMIUM', 'AAD_PREMIUM_P2',
  'EXCHANGESTANDARD', 'EXCHANGEENTERPRISE',
  'POWER_BI_STANDARD', 'POWER_BI_PRO', 'FLOW_FREE',
  'VISIOCLIENT', 'VISIO_PLAN1_DEPT', 'PROJECT_P1', 'PROJECTPROFESSIONAL', 'PROJECTPREMIUM',
  'Teams_Ess', 'TEAMS_EXPLORATORY', 'MCOMEETADV', 'MCOEV', 'Microsoft_365_Copilot', 'DEVELOPERPACK_E5',
];

// Graph assignedPlan.service is not in the table. These are the service names real tenants report
// for the common plan families [INFERRED]; anything else falls back to the plan name.
const SERVICE_BY_PREFIX = [
  ['EXCHANGE_', 'exchange'], ['INFORMATION_BARRIERS', 'exchange'], ['ATP_ENTERPRISE', 'exchange'],
  ['THREAT_INTELLIGENCE', 'exchange'], ['LOCKBOX', 'exchange'], ['MIP_S_Exchange', 'exchange'],
  ['SHAREPOINT', 'SharePoint'], ['ONEDRIVE', 'SharePoint'],
  ['MCO', 'MicrosoftCommunicationsOnline'], ['TEAMS', 'TeamspaceAPI'],
  ['OFFICESUBSCRIPTION', 'MicrosoftOffice'], ['OFFICE_BUSINESS', 'MicrosoftOffice'], ['OFFICEMOBILE', 'MicrosoftOffice'],
  ['AAD_PREMIUM', 'AADPremiumService'], ['AAD_SMB', 'AADPremiumService'], ['MFA_PREMIUM', 'MultiFactorService'],
  ['INTUNE', 'SCO'], ['RMS_S_', 'RMSOnline'], ['YAMMER', 'YammerEnterprise'], ['VIVAENGAGE', 'YammerEnterprise'],
  ['PROJECTWORKMANAGEMENT', 'ProjectWorkManagement'], ['PROJECT_', 'ProjectProgramsAndPortfolios'],
  ['SWAY', 'Sway'], ['POWERAPPS', 'PowerAppsService'], ['FLOW_', 'ProcessSimple'], ['FORMS_', 'OfficeForms'],
  ['STREAM', 'MicrosoftStream'], ['BPOS_S_TODO', 'To-Do'], ['ADALLOM', 'Adallom'], ['WINDEFATP', 'WindowsDefenderATP'],
  ['MDE_', 'WindowsDefenderATP'], ['KAIZALA', 'MicrosoftKaizala'], ['Deskless', 'Deskless'], ['DESKLESS', 'Deskless'],
  ['BI_AZURE', 'PowerBI'], ['CDS_', 'CDS'], ['DYN365_CDS', 'CDS'],
  ['WHITEBOARD', 'WhiteboardServices'], ['VISIO', 'Visio'], ['MYANALYTICS', 'exchange'], ['MICROSOFTBOOKINGS', 'MicrosoftBookings'],
  ['WIN10_PRO_ENT_SUB', 'WindowsEnterprise'], ['UNIVERSAL_PRINT', 'UniversalPrint'], ['ATA', 'AzureAdvancedThreatAnalytics'],
];
const serviceOf = (name) => SERVICE_BY_PREFIX.find(([p]) => name.startsWith(p))?.[1] ?? name;

const rows = parse(readFileSync(src, 'utf8').replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true });

/** Most frequent value; ties go to the one seen first in the file, so the output is stable. */
const pick = (counts) => [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
const bump = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);

const skus = new Map();
const plans = new Map();
for (const r of rows) {
  const skuId = r.GUID.toLowerCase();
  const planId = r.Service_Plan_Id.toLowerCase();
  let s = skus.get(skuId);
  if (!s) skus.set(skuId, (s = { skuId, skuPartNumber: r.String_Id, displayName: r.Product_Display_Name, servicePlans: [] }));
  if (!s.servicePlans.some((p) => p.servicePlanId === planId)) {
    s.servicePlans.push({ servicePlanId: planId, displayName: r.Service_Plans_Included_Friendly_Names });
  }
  let p = plans.get(planId);
  if (!p) plans.set(planId, (p = { names: new Map(), friendly: new Map() }));
  bump(p.names, r.Service_Plan_Name);
  bump(p.friendly, r.Service_Plans_Included_Friendly_Names);
}

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const servicePlans = [...plans.entries()]
  .map(([servicePlanId, p]) => {
    const servicePlanName = pick(p.names);
    return { servicePlanId, servicePlanName, displayName: pick(p.friendly), service: serviceOf(servicePlanName) };
  })
  .sort((a, b) => byName(a.servicePlanName, b.servicePlanName) || byName(a.servicePlanId, b.servicePlanId));
const canonicalName = (id) => pick(plans.get(id).names);
const canonicalFriendly = (id) => pick(plans.get(id).friendly);
const skuList = [...skus.values()]
  .map((s) => {
    const sorted = [...s.servicePlans].sort(
      (a, b) => byName(canonicalName(a.servicePlanId), canonicalName(b.servicePlanId)) || byName(a.servicePlanId, b.servicePlanId),
    );
    // Plan ids only; a SKU-specific friendly name is kept only where it differs from the canonical one.
    const overrides = Object.fromEntries(
      sorted.filter((p) => p.displayName !== canonicalFriendly(p.servicePlanId)).map((p) => [p.servicePlanId, p.displayName]),
    );
    return {
      skuId: s.skuId,
      skuPartNumber: s.skuPartNumber,
      displayName: s.displayName,
      servicePlanIds: sorted.map((p) => p.servicePlanId),
      ...(Object.keys(overrides).length ? { planDisplayNames: overrides } : {}),
    };
  })
  .sort((a, b) => byName(a.skuPartNumber, b.skuPartNumber) || byName(a.skuId, b.skuId));

const partNumbers = new Set(skuList.map((s) => s.skuPartNumber));
const missing = COMMON.filter((c) => !partNumbers.has(c));
if (missing.length) throw new Error(`common SKUs not in the table: ${missing.join(', ')}`);

const doc = {
  provenance: PROVENANCE,
  serviceNote: 'servicePlans[].service (Graph assignedPlan.service) is inferred from the plan name; the source table has no such column.',
  commonSkuPartNumbers: COMMON,
  // skus[].planDisplayNames: where this SKU's row spells a plan's friendly name differently from the canonical one.
  skus: skuList,
  servicePlans,
};
writeFileSync(out, JSON.stringify(doc, null, 0).replace(/\},\{"skuId"/g, '},\n{"skuId"').replace(/\},\{"servicePlanId":"([^"]+)","servicePlanName"/g, '},\n{"servicePlanId":"$1","servicePlanName"') + '\n');
console.log(`wrote ${skuList.length} SKUs, ${servicePlans.length} service plans from ${rows.length} rows to ${out.pathname}`);
