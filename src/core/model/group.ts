// The group object: Graph property names. Dynamic membership adds "DynamicMembership" to groupTypes
// and a membershipRule; Microsoft 365 groups carry "Unified".

export type GroupKind = 'security' | 'm365';
export type MembershipRuleProcessingState = 'On' | 'Paused';
export type MemberType = 'user' | 'group' | 'device' | 'servicePrincipal';

export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  mailEnabled: boolean;
  mailNickname: string;
  mail: string | null;
  securityEnabled: boolean;
  groupTypes: string[];
  membershipRule: string | null;
  membershipRuleProcessingState: MembershipRuleProcessingState | null;
  isAssignableToRole: boolean;
  visibility: string | null;
  createdDateTime: string;
}

export interface Membership {
  groupId: string;
  memberId: string;
  memberType: MemberType;
  /**
   * Monotonic sequence of when the membership was made. Group-based licensing hands out short
   * seats earliest-membership-first (licensing.md §7), so the order must survive restarts.
   */
  seq: number;
}

export const isDynamic = (g: Pick<Group, 'groupTypes'>): boolean => g.groupTypes.includes('DynamicMembership');
export const isUnified = (g: Pick<Group, 'groupTypes'>): boolean => g.groupTypes.includes('Unified');
