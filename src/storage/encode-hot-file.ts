import type { Release } from '../domain/release-schema.js';
import type { HotFile } from './hot-file.js';

/** Stored releases are never mutated (a change stores a new object), so each one's JSON can be kept until it is replaced. */
const encoded = new WeakMap<Release, string>();

/**
 * JSON.stringify(file), byte for byte, but a write with 200 active releases re-serialises only the ones that changed.
 * Field order follows hotFileSchema.
 */
export function encodeHotFile(file: HotFile): string {
  const releases = Object.entries(file.releases).map(([id, release]) => {
    let json = encoded.get(release);
    if (json === undefined) {
      json = JSON.stringify(release);
      encoded.set(release, json);
    }
    return `${JSON.stringify(id)}:${json}`;
  });
  return (
    `{"schemaVersion":${JSON.stringify(file.schemaVersion)},"nextSeq":${JSON.stringify(file.nextSeq)},` +
    `"releases":{${releases.join(',')}},"createdKeys":${JSON.stringify(file.createdKeys)}}`
  );
}
