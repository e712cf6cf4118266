import type { Pool, PoolClient } from 'pg';
import { isTerminal, releaseSchema, type Release } from '../../domain/release-schema.js';
import { checkRelease } from '../check-release.js';
import { formatIssues } from '../format-issues.js';
import type { Change, ReleaseStore } from '../release-store.js';
import { InvalidReleaseError, NotArchivableError, StoreClosedError, StoreCorruptError, UnknownReleaseError } from '../store-errors.js';
import { inTransaction } from './open-pg-pool.js';

/** Runs inside the transaction that stores a release, so what it writes (the reminder jobs) commits with it or not at all. */
export type AfterWrite = (tx: PoolClient, before: Release | undefined, after: Release) => Promise<void>;

const ARCHIVE_PAGE = 500;

/**
 * The ReleaseStore port on PostgreSQL, keeping the same seven rules as the lowdb store:
 * 1. a write resolves after its COMMIT; 2. `update` holds the release's row lock (SELECT … FOR UPDATE) while the change
 * runs, so updates from any number of instances never interleave; 3. R-numbers come from a sequence; 4. creates with
 * one dedupe key are serialised on an advisory lock of that key; 5. archived releases keep their row with
 * `archived`, and partial indexes keep active reads and the archive scan apart; 6. every row read is parsed with the
 * release schema, and a row that does not parse is named, never rewritten; 7. every release returned is freshly parsed.
 */
export class PgReleaseStore implements ReleaseStore {
  #closed = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: Pool,
    private readonly opts: { afterWrite?: AfterWrite; onClose?: () => Promise<void> } = {},
  ) {}

  private get afterWrite(): AfterWrite | undefined {
    return this.opts.afterWrite;
  }

  #run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    const p = work();
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  create(build: (id: string, seq: number) => Release, dedupeKey?: string): Promise<{ release: Release; duplicate: boolean }> {
    return this.#run(() =>
      inTransaction(this.pool, async (tx) => {
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
        await this.afterWrite?.(tx, undefined, release);
        return { release: structuredClone(release), duplicate: false };
      }),
    );
  }

  get(id: string): Promise<Release | undefined> {
    return this.#run(async () => {
      const { rows } = await this.pool.query<{ data: unknown }>('SELECT data FROM releases WHERE id = $1', [id]);
      return rows[0] ? parseRow(id, rows[0].data) : undefined;
    });
  }

  update<T>(id: string, change: (current: Release) => Change<T>): Promise<T> {
    return this.#run(() =>
      inTransaction(this.pool, async (tx) => {
        const { rows } = await tx.query<{ data: unknown; rev: number }>('SELECT data, rev FROM releases WHERE id = $1 AND NOT archived FOR UPDATE', [id]);
        const row = rows[0];
        if (!row) throw new UnknownReleaseError(id);
        const current = parseRow(id, row.data);
        const { release, result } = change(structuredClone(current));
        if (release === undefined) return result;
        // rev counts stored changes, so the store owns it: renderers can trust it to drop stale updates.
        const next = checkRelease(id, { ...release, rev: current.rev + 1 });
        if (next.id !== id || next.seq !== current.seq) throw new InvalidReleaseError(id, ['a change cannot alter id or seq']);
        await tx.query('UPDATE releases SET data = $2, rev = $3, status = $4, updated_at = now() WHERE id = $1', [id, next, next.rev, next.status]);
        await this.afterWrite?.(tx, current, next);
        return result;
      }),
    );
  }

  listActive(): Promise<Release[]> {
    return this.#run(async () => {
      const { rows } = await this.pool.query<{ id: string; data: unknown }>('SELECT id, data FROM releases WHERE NOT archived ORDER BY seq');
      return rows.map((r) => parseRow(r.id, r.data));
    });
  }

  archive(id: string): Promise<void> {
    return this.#run(() =>
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
      }),
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
