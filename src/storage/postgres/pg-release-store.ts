import type { Pool, PoolClient } from 'pg';
import { isTerminal, releaseSchema, type Release } from '../../domain/release-schema.js';
import { checkRelease } from '../check-release.js';
import { formatIssues } from '../format-issues.js';
import type { Change, ReleaseStore } from '../release-store.js';
import { InvalidReleaseError, NotArchivableError, StoreClosedError, StoreCorruptError, UnknownReleaseError } from '../store-errors.js';
import { inTransaction } from './open-pg-pool.js';
import { ValidatedCache } from './validated-cache.js';

/**
 * What else a release write must store, in the same transaction (the reminder jobs): planned from the release before
 * and after the change, it answers undefined when there is nothing, so the write can go alone.
 */
export type AfterWrite = (before: Release | undefined, after: Release) => ((tx: PoolClient) => Promise<void>) | undefined;

const ARCHIVE_PAGE = 500;
/** A change that keeps meeting a newer revision written by another instance gives up after this many tries. */
const MAX_TRIES = 50;

/**
 * The ReleaseStore port on PostgreSQL, keeping the same seven rules as the lowdb store:
 * 1. a write resolves after its COMMIT.
 * 2. `update` is a revision check: the change runs on the newest revision this instance knows, and the row is written
 *    only `WHERE rev = <that revision>`; when another instance wrote first, the change runs again on the fresh row. So
 *    what is stored was always computed from the latest state, and no update is lost. Within one instance, updates of
 *    one release queue behind each other, so retries happen only between instances.
 * 3. R-numbers come from a sequence. 4. Creates with one dedupe key are serialised on an advisory lock of that key.
 * 5. Archived releases keep their row with `archived`; partial indexes keep active reads and the archive scan apart.
 * 6. Every row read is parsed with the release schema; a row that does not parse is named, never rewritten. A release
 *    this instance already validated at the same revision is not parsed again: the revision says it is the same data.
 * 7. Every release returned is a copy.
 */
export class PgReleaseStore implements ReleaseStore {
  #closed = false;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #known: ValidatedCache<Release>;

  constructor(
    private readonly pool: Pool,
    private readonly opts: { afterWrite?: AfterWrite; onClose?: () => Promise<void>; cacheSize?: number } = {},
  ) {
    this.#known = new ValidatedCache(opts.cacheSize ?? 2_000);
  }

  #run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    const p = work();
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  /** One update of a release at a time in this process; other releases are not held up. */
  #queued<T>(id: string, work: () => Promise<T>): Promise<T> {
    const prior = this.#queues.get(id) ?? Promise.resolve();
    const next = prior.then(work, work);
    const tail = next.catch(() => undefined);
    this.#queues.set(id, tail);
    void tail.then(() => {
      if (this.#queues.get(id) === tail) this.#queues.delete(id);
    });
    return next;
  }

  /** The release at its current revision: from the cache when the row's revision matches, else read and validated. */
  async #current(id: string, db: Pool | PoolClient = this.pool): Promise<{ release: Release; archived: boolean } | undefined> {
    const cached = this.#known.get(id);
    const { rows } = await db.query<{ rev: number; archived: boolean; data: unknown }>(
      'SELECT rev, archived, CASE WHEN rev = $2 THEN NULL ELSE data END AS data FROM releases WHERE id = $1',
      [id, cached?.rev ?? -1],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.data === null && cached) return { release: cached, archived: row.archived };
    const release = parseRow(id, row.data);
    this.#known.set(id, release);
    return { release, archived: row.archived };
  }

  create(build: (id: string, seq: number) => Release, dedupeKey?: string): Promise<{ release: Release; duplicate: boolean }> {
    return this.#run(async () => {
      const created = await inTransaction(this.pool, async (tx) => {
        if (dedupeKey !== undefined) {
          await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [dedupeKey]);
          const known = await tx.query<{ id: string; data: unknown }>(
            'SELECT r.id, r.data FROM release_create_keys k JOIN releases r ON r.id = k.release_id WHERE k.key = $1',
            [dedupeKey],
          );
          const row = known.rows[0];
          if (row) return { release: parseRow(row.id, row.data), duplicate: true };
        }
        const { rows } = await tx.query<{ seq: number }>("SELECT nextval('release_seq')::integer AS seq");
        const seq = rows[0]!.seq;
        const id = `R-${seq}`;
        const release = checkRelease(id, build(id, seq));
        if (release.id !== id || release.seq !== seq) throw new InvalidReleaseError(id, [`build must use id ${id} and seq ${seq}`]);
        await tx.query('INSERT INTO releases (id, seq, status, rev, data) VALUES ($1, $2, $3, $4, $5)', [id, seq, release.status, release.rev, release]);
        if (dedupeKey !== undefined) await tx.query('INSERT INTO release_create_keys (key, release_id) VALUES ($1, $2)', [dedupeKey, id]);
        await this.opts.afterWrite?.(undefined, release)?.(tx);
        return { release, duplicate: false };
      });
      this.#known.set(created.release.id, created.release);
      return { release: structuredClone(created.release), duplicate: created.duplicate };
    });
  }

  get(id: string): Promise<Release | undefined> {
    return this.#run(async () => {
      const found = await this.#current(id);
      return found ? structuredClone(found.release) : undefined;
    });
  }

  update<T>(id: string, change: (current: Release) => Change<T>): Promise<T> {
    return this.#run(() => this.#queued(id, () => this.#update(id, change)));
  }

  async #update<T>(id: string, change: (current: Release) => Change<T>): Promise<T> {
    let known = this.#known.get(id);
    for (let tries = 0; tries < MAX_TRIES; tries += 1) {
      if (!known) {
        const found = await this.#current(id);
        if (!found || found.archived) throw new UnknownReleaseError(id);
        known = found.release;
      }
      const current = known;
      let outcome: Change<T>;
      try {
        outcome = change(structuredClone(current));
      } catch (error) {
        // Refuse only on the latest state: a cached copy may be behind another instance's write.
        if (await this.#isLatest(id, current.rev)) throw error;
        known = undefined;
        continue;
      }
      const { release, result } = outcome;
      if (release === undefined) {
        if (await this.#isLatest(id, current.rev)) return result;
        known = undefined;
        continue;
      }
      // rev counts stored changes, so the store owns it: renderers can trust it to drop stale updates.
      const next = checkRelease(id, { ...release, rev: current.rev + 1 });
      if (next.id !== id || next.seq !== current.seq) throw new InvalidReleaseError(id, ['a change cannot alter id or seq']);
      const also = this.opts.afterWrite?.(current, next);
      const write = (db: Pool | PoolClient) =>
        db.query('UPDATE releases SET data = $2, rev = $3, status = $4, updated_at = now() WHERE id = $1 AND rev = $5 AND NOT archived', [id, next, next.rev, next.status, current.rev]);
      const stored = also
        ? await inTransaction(this.pool, async (tx) => {
            const { rowCount } = await write(tx);
            if (rowCount === 1) await also(tx);
            return rowCount === 1;
          })
        : (await write(this.pool)).rowCount === 1;
      if (stored) {
        this.#known.set(id, next);
        return result;
      }
      known = undefined;
    }
    throw new Error(`release ${id} kept changing under this update (${MAX_TRIES} tries); nothing was stored`);
  }

  /** True when the stored row is still at `rev` and active; false when it moved on. Unknown or archived: refused. */
  async #isLatest(id: string, rev: number): Promise<boolean> {
    const { rows } = await this.pool.query<{ rev: number; archived: boolean }>('SELECT rev, archived FROM releases WHERE id = $1', [id]);
    const row = rows[0];
    if (!row || row.archived) throw new UnknownReleaseError(id);
    return row.rev === rev;
  }

  listActive(): Promise<Release[]> {
    return this.#run(async () => {
      const { rows } = await this.pool.query<{ id: string; rev: number }>('SELECT id, rev FROM releases WHERE NOT archived ORDER BY seq');
      const stale = rows.filter((r) => this.#known.get(r.id)?.rev !== r.rev).map((r) => r.id);
      if (stale.length > 0) {
        const fresh = await this.pool.query<{ id: string; data: unknown }>('SELECT id, data FROM releases WHERE id = ANY($1)', [stale]);
        for (const row of fresh.rows) {
          const release = parseRow(row.id, row.data);
          this.#known.set(row.id, release);
        }
      }
      const out: Release[] = [];
      for (const row of rows) {
        const release = this.#known.get(row.id);
        // A row rewritten between the two reads is read again on its own.
        out.push(structuredClone(release && release.rev >= row.rev ? release : (await this.#current(row.id))!.release));
      }
      return out;
    });
  }

  archive(id: string): Promise<void> {
    return this.#run(() =>
      this.#queued(id, () =>
        inTransaction(this.pool, async (tx) => {
          const { rows } = await tx.query<{ status: string; archived: boolean }>('SELECT status, archived FROM releases WHERE id = $1 FOR UPDATE', [id]);
          const row = rows[0];
          if (!row) throw new UnknownReleaseError(id);
          if (row.archived) return;
          const status = releaseSchema.shape.status.parse(row.status);
          if (!isTerminal(status)) throw new NotArchivableError(id, status);
          await tx.query('UPDATE releases SET archived = true, updated_at = now() WHERE id = $1', [id]);
          // As in the file store: dedupe keys guard against redelivery within minutes, not against history.
          await tx.query('DELETE FROM release_create_keys WHERE release_id = $1', [id]);
          this.#known.delete(id);
        }),
      ),
    );
  }

  async *readArchive(): AsyncIterable<Release> {
    if (this.#closed) throw new StoreClosedError();
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ id: string; seq: number; data: unknown }>(
        'SELECT id, seq, data FROM releases WHERE archived AND seq > $1 ORDER BY seq LIMIT $2',
        [after, ARCHIVE_PAGE],
      );
      for (const row of rows) yield parseRow(row.id, row.data);
      if (rows.length < ARCHIVE_PAGE) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  /**
   * Reads and validates, in one query, the releases a batch of work is about to change and that this instance does
   * not hold at their current revision: a burst of due reminders then costs one read for the batch, not one each.
   */
  async warm(ids: readonly string[]): Promise<void> {
    if (this.#closed || ids.length === 0) return;
    const { rows } = await this.pool.query<{ id: string; rev: number; data: unknown }>(
      'SELECT r.id, r.rev, r.data FROM releases r JOIN unnest($1::text[], $2::int[]) AS k(id, rev) ON r.id = k.id WHERE NOT r.archived AND r.rev <> k.rev',
      [ids, ids.map((id) => this.#known.get(id)?.rev ?? -1)],
    );
    for (const row of rows) {
      const release = parseRow(row.id, row.data);
      this.#known.set(row.id, release);
    }
  }

  /** Validates every active row, so a database that holds a release this build cannot read refuses to start. */
  async verify(): Promise<number> {
    return (await this.listActive()).length;
  }

  /** Waits for writes in flight, then runs onClose (which ends the pool when the store owns it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    await this.opts.onClose?.();
  }
}

/** A row that does not satisfy the release schema stops the read and is named; it is never rewritten. */
function parseRow(id: string, data: unknown): Release {
  const parsed = releaseSchema.safeParse(data);
  if (!parsed.success) {
    throw new StoreCorruptError(`the releases table (row ${id})`, formatIssues(parsed.error), 'The row was left exactly as it was. Restore it from a backup, or fix it with SQL.');
  }
  return parsed.data;
}
