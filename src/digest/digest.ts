import type { Actor } from '../domain/actor.js';
import type { ChatLocation, Surface } from '../domain/release-schema.js';

/** One step in a person's digest, and why it is theirs. */
export interface DigestStep {
  number: number;
  title: string;
  dueAt?: string;
  overdue: boolean;
  /** assigned to them; theirs through a role they hold here; or the release manager's because nobody holds its role. */
  why: 'assigned' | 'role' | 'unstaffed';
}

export interface DigestRelease {
  releaseId: string;
  title: string;
  plannedAt: string;
  deployedAt?: string;
  /** Overdue first, then due before the next digest. */
  steps: DigestStep[];
  /** Their other open steps in this release: not due yet, or without a due time. */
  moreOpen: number;
}

/** A person's open and overdue steps across the releases of one workspace, ready for a DM, a personal chat or the console. */
export interface Digest {
  person: Actor;
  surface: Surface;
  workspaceId?: string;
  /** Where one of the releases lives: what a surface needs to reach the person (a Teams service URL and tenant). */
  via: ChatLocation;
  releases: DigestRelease[];
  overdue: number;
  dueSoon: number;
}
