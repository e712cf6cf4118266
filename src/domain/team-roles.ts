import { z } from 'zod';
import { ROLES } from './roles.js';

/** The roles people hold in a place: the models' owner roles, plus the approvers who decide approval gates. */
export const TEAM_ROLES = [...ROLES, 'approver'] as const;

export type TeamRole = (typeof TEAM_ROLES)[number];

export const teamRoleSchema = z.enum(TEAM_ROLES);

export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  dev: 'Dev',
  ops: 'Ops',
  release_manager: 'Release manager',
  comms: 'Comms',
  support: 'Support',
  approver: 'Approver',
};
