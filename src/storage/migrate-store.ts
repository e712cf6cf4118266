import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { PoolClient } from 'pg';
import type { z } from 'zod';
import { systemClock, type Clock } from '../domain/clock.js';
import { releaseSchema, type Release } from '../domain/release-schema.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { fileTokenRegistry } from '../tokens/file-token-registry.js';
import type { StoredToken } from '../tokens/token-registry.js';
import { canonicalJson } from './canonical-json.js';
import { formatIssues } from './format-issues.js';
import type { StoredAnswer } from './idempotency-store.js';
import { answerSchema, readAnswers } from './json-idempotency-store.js';
import { readPlaces } from './json-place-store.js';
import { openLowdbStore } from './open-lowdb-store.js';
import { placeRecordSchema, type PlaceRecord } from './place-store.js';
import { inTransaction, openPgPool } from './postgres/open-pg-pool.js';
import { safeHost } from './postgres/open-postgres-stores.js';
import { parseTokenRow, TOKEN_COLUMNS, type TokenRow } from './postgres/pg-token-registry.js';
import { runMigrations } from './postgres/run-migrations.js';
import { StoreLockedError } from './store-errors.js';
import { acquireStoreLock, type StoreLock } from './store-lock.js';

/** A move refused or undone, said in a sentence that tells what to do; no data was written to the database. */
export class StoreMoveError extends Error {
  override name = 'StoreMoveError';
}

export interface StoreMoveReport {
  /** host:port/database, without credentials. */
  target: string;
  active: number;
  archived: number;
  places: number;
  tokens: number;
  answers: number;
  /** The seq the next release gets (R-nextSeq). */
  nextSeq: number;
  /** sha256 (hex) of everything moved, computed alike from the files and from the rows read back. */
  checksum: string;
  /** Said but not fatal: the directory's lock could not be taken (a read-only directory). */
  warnings: string[];
}

/** Everything a lowdb DATA_DIR holds that PostgreSQL keeps too, each part in one fixed order. */
interface Snapshot {
  releases: Array<{ release: Release; archived: boolean }>;
  places: Array<[string, PlaceRecord]>;
  tokens: StoredToken[];
  answers: Array<[string, StoredAnswer]>;
}

const CHUNK = 500;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const iso = (t: string | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

/**
 * Moves a lowdb store (active releases, the archive, team roles, kept API answers, API tokens and their last use) from
 * `dataDir` into the PostgreSQL at `databaseUrl`, for running several instances. The files are read through the same
 * readers the bot uses (the release store opened read-only), and are never written. Refuses, writing nothing, when a
 * running bot holds the directory, when a file does not validate, or when the database already holds data. Everything
 * goes in in one transaction, is read back and checked against the files (counts, then a checksum over every record
 * parsed with its schema) before it commits, so a move is whole or not at all.
 */
export async function migrateStore(opts: { dataDir: string; databaseUrl: string; logger?: Logger; clock?: Clock }): Promise<StoreMoveReport> {
  const logger = opts.logger ?? silentLogger;
  const warnings: string[] = [];
  const found = await stat(opts.dataDir).catch(() => undefined);
  if (!found?.isDirectory()) throw new StoreMoveError(`DATA_DIR ${opts.dataDir} is not a directory: point DATA_DIR at the store to move.`);
  const lock = await holdDataDir(opts.dataDir, logger, warnings);
  try {
    // Read and validated whole before the database is touched: a bad file stops the move with nothing written.
    const source = await readSnapshot(opts.dataDir, logger, opts.clock ?? systemClock);
    const checksum = checksumOf(source);
    const pool = openPgPool(opts.databaseUrl, logger, { max: 2 });
    try {
      await runMigrations(pool, logger);
      const nextSeq = await inTransaction(pool, async (tx) => {
        // Writers wait until the move commits or rolls back; a second move finds the first one's rows.
        await tx.query('LOCK TABLE releases, places, api_tokens, idempotency_keys IN SHARE ROW EXCLUSIVE MODE');
        await refuseUnlessEmpty(tx);
        await insertSnapshot(tx, source);
        const copied = await readBack(tx);
        const problem = compare(source, copied, checksum);
        if (problem) throw new StoreMoveError(`The copy in the database does not match the files (${problem}); it was rolled back and nothing was moved.`);
        return continueNumbering(tx, source);
      });
      return {
        target: safeHost(opts.databaseUrl),
        active: source.releases.filter((r) => !r.archived).length,
        archived: source.releases.filter((r) => r.archived).length,
        places: source.places.length,
        tokens: source.tokens.length,
        answers: source.answers.length,
        nextSeq,
        checksum,
        warnings,
      };
    } finally {
      await pool.end().catch(() => undefined);
    }
  } finally {
    await lock?.release();
  }
}

/**
 * Takes DATA_DIR's lock for the move, as a bot would: a running bot refuses the move (a change it made meanwhile would
 * be missed), and a bot started during the move is refused until it is done. Nothing is written but the lock file,
 * removed again at the end. A directory the move may only read gets a warning instead.
 */
async function holdDataDir(dataDir: string, logger: Logger, warnings: string[]): Promise<StoreLock | undefined> {
  try {
    return await acquireStoreLock(dataDir, logger);
  } catch (error) {
    if (error instanceof StoreLockedError) {
      throw new StoreMoveError(`A running Release Bot holds ${dataDir} (lock file ${error.file}). Stop it first: a change it made during the move would be missed. Nothing was moved.`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      warnings.push(`could not take the lock of ${dataDir} (${code}); make sure no Release Bot runs on it, or a change made during the move is missed`);
      return undefined;
    }
    throw error;
  }
}

async function readSnapshot(dataDir: string, logger: Logger, clock: Clock): Promise<Snapshot> {
  // Read-only: takes no lock (this move holds it), and writes nothing, not even a migration of an old layout.
  const store = await openLowdbStore({ dataDir, logger, clock, readOnly: true });
  const releases: Snapshot['releases'] = [];
  try {
    for (const release of await store.listActive()) releases.push({ release, archived: false });
    for await (const release of store.readArchive()) releases.push({ release, archived: true });
  } finally {
    await store.close();
  }
  const seen = new Set<string>();
  for (const { release } of releases) {
    if (seen.has(release.id)) throw new StoreMoveError(`Release ${release.id} is both active and archived in ${dataDir}; open the store once with the bot (it settles that), stop it, then move it.`);
    seen.add(release.id);
  }
  releases.sort((a, b) => a.release.seq - b.release.seq);
  const places = Object.entries(await readPlaces(dataDir)).sort(([a], [b]) => byText(a, b));
  const answers = Object.entries(await readAnswers(dataDir)).sort(([a], [b]) => byText(a, b));
  const tokens = (await fileTokenRegistry(dataDir).list()).sort((a, b) => byText(a.name, b.name));
  return { releases, places, tokens, answers };
}

/** The move is for a new database: merging into one that bots already use could clash on ids, names and roles. */
async function refuseUnlessEmpty(tx: PoolClient): Promise<void> {
  const { rows } = await tx.query<{ releases: number; places: number; tokens: number; answers: number }>(
    `SELECT (SELECT count(*) FROM releases)::integer AS releases, (SELECT count(*) FROM places)::integer AS places,
            (SELECT count(*) FROM api_tokens)::integer AS tokens, (SELECT count(*) FROM idempotency_keys)::integer AS answers`,
  );
  const held = rows[0]!;
  const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
  const parts = [
    held.releases && count(held.releases, 'release', 'releases'),
    held.places && count(held.places, 'place', 'places'),
    held.tokens && count(held.tokens, 'API token', 'API tokens'),
    held.answers && count(held.answers, 'kept API answer', 'kept API answers'),
  ].filter(Boolean);
  if (parts.length > 0) {
    throw new StoreMoveError(`The database already holds ${parts.join(', ')}: store:migrate moves into an empty database only (a store moved before, or bots already running on it). Nothing was moved.`);
  }
}

async function insertSnapshot(tx: PoolClient, s: Snapshot): Promise<void> {
  for (let i = 0; i < s.releases.length; i += CHUNK) {
    const part = s.releases.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO releases (id, seq, status, archived, rev, data)
       SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::boolean[], $5::integer[], $6::jsonb[])`,
      [part.map((r) => r.release.id), part.map((r) => r.release.seq), part.map((r) => r.release.status), part.map((r) => r.archived), part.map((r) => r.release.rev), part.map((r) => JSON.stringify(r.release))],
    );
  }
  for (let i = 0; i < s.places.length; i += CHUNK) {
    const part = s.places.slice(i, i + CHUNK);
    await tx.query('INSERT INTO places (key, data) SELECT * FROM unnest($1::text[], $2::jsonb[])', [part.map(([k]) => k), part.map(([, p]) => JSON.stringify(p))]);
  }
  for (let i = 0; i < s.answers.length; i += CHUNK) {
    const part = s.answers.slice(i, i + CHUNK);
    await tx.query('INSERT INTO idempotency_keys (key, answer, stored_at) SELECT * FROM unnest($1::text[], $2::jsonb[], $3::timestamptz[])', [
      part.map(([k]) => k),
      part.map(([, a]) => JSON.stringify(a)),
      part.map(([, a]) => a.at),
    ]);
  }
  for (const t of s.tokens) {
    await tx.query('INSERT INTO api_tokens (name, hash, scope, created_at, revoked_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      t.name,
      t.hash,
      t.scope ? JSON.stringify(t.scope) : null,
      t.createdAt,
      t.revokedAt ?? null,
      t.lastUsedAt ?? null,
    ]);
  }
}

/**
 * Moves the R-number sequence past every seq stored and returns the next one. Last before COMMIT, because a sequence
 * change is not undone by a rollback.
 */
async function continueNumbering(tx: PoolClient, s: Snapshot): Promise<number> {
  // The port tells the highest seq stored, not lowdb's own next id, which is higher only after a create that never
  // finished (its release file never written, so its id was never shown to anyone): continuing after the highest
  // stored seq reuses no id anyone saw. A sequence already used further (a create rolled back) is not moved back.
  const highest = s.releases.reduce((max, r) => Math.max(max, r.release.seq), 0);
  const { rows } = await tx.query<{ used: number }>('SELECT CASE WHEN is_called THEN last_value ELSE 0 END::integer AS used FROM release_seq');
  const last = Math.max(highest, rows[0]!.used);
  if (last > 0) await tx.query("SELECT setval('release_seq', $1, true)", [last]);
  return last + 1;
}

/** Everything in the tables, parsed with the same schemas the bot reads it with. */
async function readBack(tx: PoolClient): Promise<Snapshot> {
  const releases = await tx.query<{ id: string; seq: number; status: string; archived: boolean; rev: number; data: unknown }>('SELECT id, seq, status, archived, rev, data FROM releases ORDER BY seq');
  const places = await tx.query<{ key: string; data: unknown }>('SELECT key, data FROM places');
  const tokens = await tx.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens`);
  const answers = await tx.query<{ key: string; answer: unknown; stored_at: Date }>('SELECT key, answer, stored_at FROM idempotency_keys');
  const parse = <T>(what: string, schema: z.ZodType<T>, value: unknown): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new StoreMoveError(`${what} does not read back as it was written (${formatIssues(parsed.error).slice(0, 2).join('; ')}); the move was rolled back and nothing was moved.`);
    return parsed.data;
  };
  return {
    releases: releases.rows.map((row) => {
      const release = parse(`release ${row.id}`, releaseSchema, row.data);
      // The columns that queries and locks use must agree with the release they sit beside.
      if (release.id !== row.id || release.seq !== row.seq || release.status !== row.status || release.rev !== row.rev) {
        throw new StoreMoveError(`release ${row.id}: its columns do not match its data; the move was rolled back and nothing was moved.`);
      }
      return { release, archived: row.archived };
    }),
    places: places.rows.map((row) => [row.key, parse(`place ${row.key}`, placeRecordSchema, row.data)] as [string, PlaceRecord]).sort(([a], [b]) => byText(a, b)),
    tokens: tokens.rows.map(parseTokenRow).sort((a, b) => byText(a.name, b.name)),
    answers: answers.rows
      .map((row) => {
        const answer = parse(`answer ${row.key}`, answerSchema, row.answer);
        if (row.stored_at.getTime() !== Date.parse(answer.at)) throw new StoreMoveError(`answer ${row.key}: stored_at does not match its time; the move was rolled back and nothing was moved.`);
        return [row.key, answer] as [string, StoredAnswer];
      })
      .sort(([a], [b]) => byText(a, b)),
  };
}

function compare(source: Snapshot, copy: Snapshot, checksum: string): string | undefined {
  const counts = (s: Snapshot) => ({ active: s.releases.filter((r) => !r.archived).length, archived: s.releases.filter((r) => r.archived).length, places: s.places.length, tokens: s.tokens.length, answers: s.answers.length });
  const [a, b] = [counts(source), counts(copy)];
  for (const key of Object.keys(a) as Array<keyof typeof a>) if (a[key] !== b[key]) return `${key}: ${a[key]} in the files, ${b[key]} in the database`;
  const copied = checksumOf(copy);
  return copied === checksum ? undefined : `checksum ${checksum.slice(0, 12)}… of the files, ${copied.slice(0, 12)}… of the database`;
}

/**
 * sha256 over one canonical JSON line per record, each part in its fixed order. Releases are parsed with the release
 * schema first on both sides; times kept in timestamp columns are compared as instants (the database gives them back
 * in UTC, whatever offset the file wrote).
 */
function checksumOf(s: Snapshot): string {
  const hash = createHash('sha256');
  for (const { release, archived } of s.releases) hash.update(`release ${canonicalJson({ archived, release: releaseSchema.parse(release) })}\n`);
  for (const [key, place] of s.places) hash.update(`place ${canonicalJson({ key, place: placeRecordSchema.parse(place) })}\n`);
  for (const t of s.tokens) {
    hash.update(`token ${canonicalJson({ ...t, createdAt: iso(t.createdAt), revokedAt: iso(t.revokedAt), lastUsedAt: iso(t.lastUsedAt) })}\n`);
  }
  for (const [key, answer] of s.answers) hash.update(`answer ${canonicalJson({ key, answer: answerSchema.parse(answer) })}\n`);
  return hash.digest('hex');
}
