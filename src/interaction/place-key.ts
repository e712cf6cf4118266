import type { ChatLocation } from '../domain/release-schema.js';
import type { Place } from './origin.js';

/** The key roles are kept under: one channel or conversation (its threads share it), or the console. */
export function placeKey(place: Pick<Place, 'surface' | 'workspaceId' | 'channelId'> | ChatLocation): string {
  return `${place.surface}:${place.workspaceId ?? '-'}:${place.channelId}`;
}
