import path from 'node:path';
import { z } from 'zod';
import { DurableJsonFile } from './durable-json-file.js';
import { formatIssues } from './format-issues.js';
import { emptyPlace, placeRecordSchema, type PlaceRecord, type PlaceStore } from './place-store.js';
import { StoreCorruptError } from './store-errors.js';
import { StoreReadOnlyError } from './store-errors.js';
import { asWriteError } from './store-write-error.js';

export const PLACES_FILE_NAME = 'places.json';

function placesFile(dataDir: string): DurableJsonFile<PlacesFile> {
  const file = path.join(dataDir, PLACES_FILE_NAME);
  return new DurableJsonFile<PlacesFile>(file, (raw) => {
    const parsed = placesFileSchema.safeParse(raw);
    if (!parsed.success) throw new StoreCorruptError(file, formatIssues(parsed.error));
    return parsed.data;
  });
}

/** Every place record in DATA_DIR/places.json, validated (none when there is no file), for moving a store elsewhere. */
export async function readPlaces(dataDir: string): Promise<Record<string, PlaceRecord>> {
  return (await placesFile(dataDir).read())?.places ?? {};
}

const placesFileSchema = z.object({ schemaVersion: z.literal(1), places: z.record(z.string(), placeRecordSchema) }).strict();
type PlacesFile = z.infer<typeof placesFileSchema>;

/**
 * Team roles in DATA_DIR/places.json, beside the release store (whose lock already keeps one writer per directory).
 * Small and rarely written, so the whole file is rewritten atomically on each change.
 */
export async function openJsonPlaceStore(dataDir: string, opts: { readOnly?: boolean } = {}): Promise<PlaceStore> {
  const json = placesFile(dataDir);
  let data: PlacesFile = (await json.read()) ?? { schemaVersion: 1, places: {} };
  let tail: Promise<unknown> = Promise.resolve();
  return {
    async get(placeKey) {
      return structuredClone(data.places[placeKey] ?? emptyPlace());
    },
    update<T>(placeKey: string, change: (current: PlaceRecord) => { record?: PlaceRecord; result: T }): Promise<T> {
      const run = tail.then(async () => {
        const { record, result } = change(structuredClone(data.places[placeKey] ?? emptyPlace()));
        if (!record) return result;
        if (opts.readOnly) throw new StoreReadOnlyError();
        const next: PlacesFile = { ...data, places: { ...data.places, [placeKey]: placeRecordSchema.parse(record) } };
        await json.write(next).catch((error: unknown) => {
          throw asWriteError(error);
        });
        data = next;
        return result;
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
