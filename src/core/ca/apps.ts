// Which Conditional Access app groups an appId belongs to (§2.2): `Office365` and
// `MicrosoftAdminPortals` are Microsoft-maintained sets; the catalog lists their known members.

export interface FirstPartyApp {
  appId: string;
  displayName: string;
  /** 'Office365' and/or 'MicrosoftAdminPortals'. */
  conditionalAccessGroups?: string[];
}

export interface FirstPartyAppCatalog {
  apps: readonly FirstPartyApp[];
}

/** The facts about the target application that evaluation needs. */
export interface AppFacts {
  appId: string;
  displayName?: string;
  inOffice365: boolean;
  inMicrosoftAdminPortals: boolean;
  /**
   * Custom security attributes of the app's service principal, keyed `Set_Attribute` (for
   * `applicationFilter`, L-appfilter). Undefined/null: none assigned.
   */
  customSecurityAttributes?: Readonly<Record<string, string | readonly string[] | null>> | null;
}

/** Builds AppFacts for an appId from the first-party catalog (unknown apps are in no group). */
export function appFactsFor(appId: string, catalog: FirstPartyAppCatalog, displayName?: string): AppFacts {
  const app = catalog.apps.find((a) => a.appId.toLowerCase() === appId.toLowerCase());
  const groups = app?.conditionalAccessGroups ?? [];
  return {
    appId,
    displayName: displayName ?? app?.displayName,
    inOffice365: groups.includes('Office365'),
    inMicrosoftAdminPortals: groups.includes('MicrosoftAdminPortals'),
  };
}
