// Microsoft first-party applications (apps.md §1, §10): their app objects live in Microsoft's
// tenants; a tenant holds only their service principals. Data comes from
// catalog/first-party-apps.json through src/catalog/first-party-apps.ts.

export interface FirstPartyApp {
  appId: string;
  /** The name Microsoft's docs use (e.g. "Windows Azure Service Management API"). */
  displayName: string;
  /** The name the service principal shows in Graph today (e.g. "Azure Resource Manager"). */
  graphDisplayName: string;
  kind: string;
  /** Home tenant; null when the catalog does not know it (we then assume the Microsoft Services tenant). */
  appOwnerOrganizationId: string | null;
}

/** By appId or by either display name, case-insensitively. */
export function findFirstPartyApp(apps: readonly FirstPartyApp[], nameOrAppId: string): FirstPartyApp | undefined {
  const key = nameOrAppId.trim().toLowerCase();
  return apps.find(
    (a) => a.appId === key || a.displayName.toLowerCase() === key || a.graphDisplayName.toLowerCase() === key,
  );
}

export const isFirstPartyAppId = (apps: readonly FirstPartyApp[], appId: string): boolean =>
  apps.some((a) => a.appId === appId.toLowerCase());
