import type { Actor } from '../domain/actor.js';
import type { Role } from '../domain/roles.js';
import type { ReminderState, Release } from '../domain/release-schema.js';
import type { Digest } from '../digest/digest.js';

/** A reminder ready to post, in neutral terms. Adapters render it in the release's thread. */
export interface ReminderMessage {
  releaseId: string;
  reminderId: string;
  kind: ReminderState['kind'];
  /** Short headline, e.g. "T-2d user communication for R-42". */
  title: string;
  /** What to do now, with placeholders filled. */
  text: string;
  /** Roles the reminder is for, and the people to mention for them (assignees, or the release manager). */
  roles: Role[];
  mentions: Actor[];
  /** A copyable announcement for communication reminders. */
  draft?: string;
  /** Listed on the ELS exit review. */
  exitCriteria?: string[];
  /** "late" when sent after downtime; "overdue" when already past due as the release was created. */
  timing: 'on_time' | 'late' | 'overdue';
  dueAt: string;
}

/**
 * Delivers reminders to one surface. It throws when delivery failed, so the scheduler can retry with backoff.
 */
export interface ReminderSender {
  deliver(message: ReminderMessage, release: Release): Promise<void>;
  /** A person's daily digest, in their own chat (a Slack DM, a Teams personal chat) or on the console. */
  deliverDigest?(digest: Digest): Promise<void>;
}
