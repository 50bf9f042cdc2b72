export const ROLES = ['scientist', 'manager', 'instrument', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as attached to the request by the API-key guard. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  apiKeyId: string;
}
