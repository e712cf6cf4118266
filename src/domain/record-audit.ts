import type { Actor } from './actor.js';
import type { AuditEntry, Release } from './release-schema.js';

export interface AuditInput {
  actor: Actor;
  action: string;
  stepId?: string;
  detail?: string;
  key?: string;
}

/** Every stored change goes through here: it is audited, timestamped and bumps the revision renderers compare. */
export function recordAudit(release: Release, input: AuditInput, now: Date): Release {
  const entry: AuditEntry = {
    at: now.toISOString(),
    actor: input.actor,
    action: input.action,
    ...(input.stepId ? { stepId: input.stepId } : {}),
    ...(input.detail ? { detail: input.detail } : {}),
    ...(input.key ? { key: input.key } : {}),
  };
  return { ...release, audit: [...release.audit, entry], rev: release.rev + 1, updatedAt: entry.at };
}

/** A chat platform retried a delivery we already applied. */
export function seenKey(release: Release, key: string | undefined): boolean {
  return key !== undefined && release.audit.some((a) => a.key === key);
}
