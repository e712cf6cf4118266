import { ReleaseError } from '../domain/release-error.js';
import type { Release } from '../domain/release-schema.js';
import type { Place } from './origin.js';

/** Each person's current release: the last one they started, viewed or changed. Bounded, oldest forgotten first. */
export class CurrentReleases {
  private readonly byActor = new Map<string, string>();

  constructor(private readonly limit = 10_000) {}

  get(actorId: string): string | undefined {
    return this.byActor.get(actorId);
  }

  set(actorId: string, releaseId: string): void {
    this.byActor.delete(actorId);
    this.byActor.set(actorId, releaseId);
    if (this.byActor.size > this.limit) this.byActor.delete(this.byActor.keys().next().value!);
  }
}

/** The active releases that live where the person is: its own thread first, else the channel or chat. */
export function releasesAt(active: readonly Release[], place: Place): Release[] {
  const here = active.filter((r) => r.location.surface === place.surface && r.location.channelId === place.channelId);
  if (!place.threadId) return here;
  const inThread = here.filter((r) => r.location.threadId === place.threadId);
  return inThread.length ? inThread : here;
}

/**
 * Which release a command means: the id it names, else the one release that lives where it was typed, else the
 * person's current release. Several in one place: the current one if it is among them, otherwise the person is asked.
 */
export function resolveReleaseId(given: string | undefined, active: readonly Release[], place: Place, current: string | undefined, usage: string): string {
  if (given) return given;
  const here = releasesAt(active, place);
  if (here.length === 1) return here[0]!.id;
  if (current && (here.length === 0 || here.some((r) => r.id === current))) return current;
  const example = usage.replace('[R-42]', here[0]?.id ?? 'R-42').replace(/\s*\[.*$/, '');
  throw new ReleaseError(
    'invalid',
    here.length === 0
      ? `Which release? None lives here and you have no current one: name it, e.g. "${example}".`
      : `Which release? Several are active here (${here.map((r) => r.id).join(', ')}): name one, e.g. "${example}".`,
    'release',
  );
}
