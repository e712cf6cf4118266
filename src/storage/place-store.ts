import { z } from 'zod';
import { actorSchema } from '../domain/actor.js';
import { teamRoleSchema } from '../domain/team-roles.js';

const iso = z.string().datetime({ offset: true });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One place (a Slack channel, a Teams conversation, the console, a person's own chat): who holds which role there, and every change. */
export const placeRecordSchema = z
  .object({
    roles: z.partialRecord(teamRoleSchema, z.array(actorSchema)).default({}),
    audit: z
      .array(z.object({ at: iso, actor: actorSchema, action: z.enum(['role_add', 'role_remove']), role: teamRoleSchema, person: actorSchema }).strict())
      .default([]),
    /** On a person's own record (their DM or personal chat): whether they turned the daily digest off, and the last day it went out. */
    digest: z
      .object({
        off: z.boolean(),
        lastSentOn: day.optional(),
        changedAt: iso.optional(),
        /**
         * Today's digest while it is not sent yet: claimed by the instance sending it (claimedAt), and the tries that
         * failed so far with the time of the next one. Absent in files written before instances shared a database.
         */
        delivery: z
          .object({ day, claimedAt: iso.optional(), failedTries: z.number().int().min(1).optional(), retryAt: iso.optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type PlaceRecord = z.infer<typeof placeRecordSchema>;

export const emptyPlace = (): PlaceRecord => ({ roles: {}, audit: [] });

/**
 * Where team roles are kept, per place. The rules every implementation keeps, as for releases: durable before
 * resolved; `update` calls are serialised, and `change` is synchronous and sees the latest state; everything read
 * back was validated, and a file or table that does not validate refuses to open; returned records are copies.
 */
export interface PlaceStore {
  get(placeKey: string): Promise<PlaceRecord>;
  update<T>(placeKey: string, change: (current: PlaceRecord) => { record?: PlaceRecord; result: T }): Promise<T>;
}
