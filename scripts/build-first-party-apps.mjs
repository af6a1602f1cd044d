// Copies the reference first-party app list into catalog/ and adds, per app, the Conditional
// Access app groups it belongs to (`conditionalAccessGroups`), which the CA evaluator needs for
// the `Office365` and `MicrosoftAdminPortals` keywords (conditional-access.md §2.2).
// Usage: node scripts/build-first-party-apps.mjs [/work/shared/reference/data/first-party-apps.json]
import { readFileSync, writeFileSync } from 'node:fs';

const src = process.argv[2] ?? '/work/shared/reference/data/first-party-apps.json';
const data = JSON.parse(readFileSync(src, 'utf8'));

// Office 365 app suite members present in the list (L-o365 "Apps included in Conditional Access
// Office 365 app suite": Exchange, SharePoint/OneDrive, Teams, Skype for Business, Viva Engage,
// Forms, the Office portal/home pages). Clients such as Outlook Mobile are not resources.
const OFFICE365 = new Set([
  '00000002-0000-0ff1-ce00-000000000000', // Office 365 Exchange Online
  '00000003-0000-0ff1-ce00-000000000000', // Office 365 SharePoint Online
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Microsoft Teams
  'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', // Microsoft Teams Services
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Microsoft Teams Web Client
  '00000004-0000-0ff1-ce00-000000000000', // Skype for Business Online
  '00000005-0000-0ff1-ce00-000000000000', // Viva Engage
  '00000006-0000-0ff1-ce00-000000000000', // Microsoft Office 365 Portal
  '4765445b-32c6-49b0-83e6-1d93765276ca', // OfficeHome
  '4b233688-031c-404b-9a80-a4f3f2351f90', // Office.com
  'c9a559d2-7aab-4f13-a6ed-e7e9c52aec87', // Microsoft Forms
]);
// Microsoft Admin Portals (L-apps): Azure portal (incl. Entra admin center), Exchange admin center,
// Purview (Security & Compliance), Defender portal. Not the Graph or ARM APIs.
const ADMIN_PORTALS = new Set([
  'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', // Azure Portal
  '497effe9-df71-4043-a8bb-14cf78c4b63b', // Exchange Admin Center
  '80ccca67-54bd-44ab-8625-4b79c4dc7775', // Microsoft 365 Security and Compliance Center
  'a3b79187-70b2-4139-83f9-6016c58cd27b', // WindowsDefenderATP Portal
]);

data.meta.provenance =
  'Copied from the tenantctl reference data (first-party-apps.json; sources per app in "source"). ' +
  'conditionalAccessGroups added by scripts/build-first-party-apps.mjs from Microsoft Learn ' +
  '"Apps included in Conditional Access Office 365 app suite" and "Target resources: Microsoft Admin Portals".';
for (const app of data.apps) {
  const groups = [];
  if (OFFICE365.has(app.appId)) groups.push('Office365');
  if (ADMIN_PORTALS.has(app.appId)) groups.push('MicrosoftAdminPortals');
  app.conditionalAccessGroups = groups;
}
writeFileSync(new URL('../catalog/first-party-apps.json', import.meta.url), JSON.stringify(data, null, 1) + '\n');
console.log(`wrote ${data.apps.length} apps`);
