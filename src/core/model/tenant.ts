// The organization (tenant) and its domains.

export interface Organization {
  id: string;
  displayName: string;
  countryLetterCode: string | null;
  /** The initial *.onmicrosoft.com domain, fixed at init. */
  initialDomain: string;
  createdDateTime: string;
}

export interface Domain {
  /** The fully qualified domain name; Graph uses it as the id. */
  id: string;
  isVerified: boolean;
  isInitial: boolean;
  isDefault: boolean;
  authenticationType: 'Managed' | 'Federated';
  createdDateTime: string;
}
