/** Who owns a step. People are bound to a step by assignment; roles say which kind of person should pick it up. */
export const ROLES = ['dev', 'ops', 'release_manager', 'comms', 'support'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  dev: 'Dev',
  ops: 'Ops',
  release_manager: 'Release manager',
  comms: 'Comms',
  support: 'Support',
};
