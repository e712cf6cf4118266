import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import { DurableJsonFile } from './durable-json-file.js';
import { formatIssues } from './format-issues.js';
import { IDEMPOTENCY_TTL_MS, type IdempotencyStore, type StoredAnswer } from './idempotency-store.js';
import { StoreCorruptError } from './store-errors.js';
import { asWriteError } from './store-write-error.js';

export const IDEMPOTENCY_FILE_NAME = 'idempotency.json';

/** One kept answer as stored, validated on every read whatever holds it. */
export const answerSchema = z.object({ fingerprint: z.string(), status: z.number().int(), body: z.unknown(), at: z.string().datetime({ offset: true }) }).strict();
const fileSchema = z.object({ schemaVersion: z.literal(1), answers: z.record(z.string(), answerSchema) }).strict();
type IdempotencyFile = z.infer<typeof fileSchema>;

function answersFile(dataDir: string): DurableJsonFile<IdempotencyFile> {
  const file = path.join(dataDir, IDEMPOTENCY_FILE_NAME);
  return new DurableJsonFile<IdempotencyFile>(file, (raw) => {
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) throw new StoreCorruptError(file, formatIssues(parsed.error));
    return parsed.data;
  });
}

/** Every answer in DATA_DIR/idempotency.json, expired ones too, validated (none when there is no file). */
export async function readAnswers(dataDir: string): Promise<Record<string, StoredAnswer>> {
  return (await answersFile(dataDir).read())?.answers ?? {};
}

/** DATA_DIR/idempotency.json, beside the release store; rewritten whole on each answer, dropping expired ones. */
export async function openJsonIdempotencyStore(dataDir: string, clock: Clock): Promise<IdempotencyStore> {
  const json = answersFile(dataDir);
  let data: IdempotencyFile = (await json.read()) ?? { schemaVersion: 1, answers: {} };
  let tail: Promise<unknown> = Promise.resolve();
  const fresh = (a: StoredAnswer) => clock.now().getTime() - Date.parse(a.at) < IDEMPOTENCY_TTL_MS;
  const answered = (key: string) => {
    const found = data.answers[key];
    return found && fresh(found) ? structuredClone(found) : undefined;
  };
  return {
    async get(key) {
      return answered(key);
    },
    // One instance per DATA_DIR, and the API runs one request per key at a time in its process: nothing to hold here.
    async reserve(key) {
      const answer = answered(key);
      return answer ? { state: 'answered', answer } : { state: 'reserved' };
    },
    async release() {},
    put(key, answer) {
      const run = tail.then(async () => {
        const kept = Object.fromEntries(Object.entries(data.answers).filter(([, a]) => fresh(a)));
        const next: IdempotencyFile = { schemaVersion: 1, answers: { ...kept, [key]: answerSchema.parse(answer) } };
        await json.write(next).catch((error: unknown) => {
          throw asWriteError(error);
        });
        data = next;
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
