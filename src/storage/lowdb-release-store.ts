import type { Low } from 'lowdb';
import { isTerminal, type Release } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import type { ArchiveFile } from './archive-file.js';
import { BatchQueue } from './batch-queue.js';
import { checkRelease } from './check-release.js';
import type { ReleaseFiles } from './release-files.js';
import type { Change, ReleaseStore } from './release-store.js';
import type { StoreIndex } from './store-index.js';
import {
  InvalidReleaseError,
  NotArchivableError,
  StoreClosedError,
  StoreReadOnlyError,
  UnknownReleaseError,
} from './store-errors.js';
import { asWriteError } from './store-write-error.js';

export interface StoreSettings {
  maxCreatedKeys: number;
  readOnly: boolean;
  /** The index file, named in the operator's log when its write fails. */
  indexFile: string;
  /** Runs once the last write is done: releases the directory lock. */
  onClose(): Promise<void>;
}

/** A batch of creates and key changes: one index write, then the new releases' files. */
interface IndexDraft {
  index: StoreIndex;
  keysCopied: boolean;
  dirty: boolean;
  created: Map<string, Release>;
}

/** A batch of changes to one release: one write of its file, or one move to the archive. */
interface ReleaseDraft {
  id: string;
  /** undefined once the release is not active (archived by an earlier batch). */
  release: Release | undefined;
  dirty: boolean;
  archive: boolean;
}

/**
 * The lowdb implementation of the ReleaseStore port, one file per active release plus a small index (store-index.ts).
 *
 * Each release has its own queue, so changes to one release are serialised and a burst on it is coalesced into one
 * write of its file, while releases do not wait for each other. Creates share the index's queue. A change becomes
 * what reads see only once it is on disk, so nobody ever reads a change that might not survive a crash.
 *
 * What a crash can leave, and why each is safe (open-lowdb-store.ts finishes the job):
 * - create writes the index (nextSeq, dedupe key) before the release file: a crash between them skips an id and leaves
 *   a key that names no release, which create treats as unknown. An id is never handed out twice.
 * - archive appends to archive.jsonl (fsynced) before it removes the release file: a release found in both is
 *   archived, and the open removes the file. The key forgetting after it only keeps the index small.
 */
export class LowdbReleaseStore implements ReleaseStore {
  readonly #indexQueue: BatchQueue<IndexDraft>;
  readonly #archiveQueue: BatchQueue<Release[]>;
  readonly #queues = new Map<string, BatchQueue<ReleaseDraft>>();
  #closed = false;
  #released = false;
  #index: StoreIndex;

  constructor(
    private readonly low: Low<StoreIndex>,
    private readonly files: ReleaseFiles,
    private readonly archiveFile: ArchiveFile,
    /** The active releases as stored, by id, in seq order. Owned by the store from here on. */
    private readonly active: Map<string, Release>,
    private readonly logger: Logger,
    private readonly opts: StoreSettings,
  ) {
    this.#index = low.data;
    this.#indexQueue = new BatchQueue<IndexDraft>({ begin: () => this.#beginIndex(), commit: (draft) => this.#commitIndex(draft) });
    // Releases closing at the same moment (a scheduler sweep) share one append and one fsync.
    this.#archiveQueue = new BatchQueue<Release[]>({
      begin: () => [],
      commit: async (releases) => {
        if (releases.length > 0) await this.archiveFile.append(releases);
      },
    });
  }

  #beginIndex(): IndexDraft {
    return { index: { ...this.#index }, keysCopied: false, dirty: false, created: new Map() };
  }

  async #commitIndex(draft: IndexDraft): Promise<void> {
    if (!draft.dirty) return;
    try {
      this.low.data = draft.index;
      await this.low.write();
    } catch (error) {
      this.low.data = this.#index;
      this.logger.error('release store write failed; the change was not stored', { file: this.opts.indexFile, error });
      throw asWriteError(error);
    }
    // The ids and keys are on disk now: they are never handed out again, whatever happens to the release files.
    this.#index = draft.index;
    if (draft.created.size === 0) return;
    const created = [...draft.created.values()];
    const written: string[] = [];
    try {
      await Promise.all(
        created.map(async (release) => {
          await this.files.write(release, { syncDir: false });
          written.push(release.id);
        }),
      );
      await this.files.syncDir();
    } catch (error) {
      // The callers are told nothing was created, so a file that did land must not turn up after a restart.
      await Promise.all(written.map((id) => this.files.remove(id).catch(() => undefined)));
      this.logger.error('release store write failed; the change was not stored', { file: this.files.dir, error });
      throw asWriteError(error);
    }
    for (const release of created) this.active.set(release.id, release);
  }

  #queueFor(id: string): BatchQueue<ReleaseDraft> | undefined {
    let queue = this.#queues.get(id);
    if (queue === undefined && this.active.has(id)) {
      queue = new BatchQueue<ReleaseDraft>({
        begin: () => ({ id, release: this.active.get(id), dirty: false, archive: false }),
        commit: (draft) => this.#commitRelease(draft),
      });
      this.#queues.set(id, queue);
    }
    return queue;
  }

  async #commitRelease(draft: ReleaseDraft): Promise<void> {
    const release = draft.release;
    if (release === undefined) return;
    if (draft.archive) return this.#commitArchive(release);
    if (!draft.dirty) return;
    try {
      await this.files.write(release);
    } catch (error) {
      this.logger.error('release store write failed; the change was not stored', { file: this.files.fileOf(release.id), error });
      throw asWriteError(error);
    }
    this.active.set(release.id, release);
  }

  async #commitArchive(release: Release): Promise<void> {
    try {
      await this.#archiveQueue.push((batch) => void batch.push(release));
    } catch (error) {
      this.logger.error('archiving failed; the release stays active', { file: this.archiveFile.file, releaseId: release.id, error });
      throw asWriteError(error);
    }
    // The fsynced archive line is the move: from here the archive copy wins, also after a crash.
    this.active.delete(release.id);
    this.#queues.delete(release.id);
    await this.files.remove(release.id).catch((error: unknown) => {
      this.logger.error('could not remove the file of an archived release; the next start removes it', { file: this.files.fileOf(release.id), error });
    });
    await this.#forgetKeys([release.id]).catch((error: unknown) => {
      this.logger.warn('could not drop the dedupe keys of an archived release; they are dropped later', { releaseId: release.id, error });
    });
  }

  #refusal(): Error | undefined {
    if (this.#closed) return new StoreClosedError();
    if (this.opts.readOnly) return new StoreReadOnlyError();
    return undefined;
  }

  create(build: (id: string, seq: number) => Release, dedupeKey?: string): Promise<{ release: Release; duplicate: boolean }> {
    const refused = this.#refusal();
    if (refused) return Promise.reject(refused);
    return this.#indexQueue.push(async (draft) => {
      const index = draft.index;
      const knownId = dedupeKey === undefined ? undefined : index.createdKeys[dedupeKey];
      if (knownId !== undefined) {
        const known = draft.created.get(knownId) ?? this.active.get(knownId) ?? (await this.archiveFile.find(knownId));
        if (known) return { release: structuredClone(known), duplicate: true };
        this.logger.warn('dedupe key names a release that is gone; creating a new one', { releaseId: knownId });
      }
      const seq = index.nextSeq;
      const id = `R-${seq}`;
      const release = checkRelease(id, build(id, seq));
      if (release.id !== id || release.seq !== seq) throw new InvalidReleaseError(id, [`build must use id ${id} and seq ${seq}`]);
      index.nextSeq = seq + 1;
      draft.created.set(id, release);
      if (dedupeKey !== undefined) this.#rememberKey(draft, dedupeKey, id);
      draft.dirty = true;
      return { release: structuredClone(release), duplicate: false };
    });
  }

  #ownKeys(draft: IndexDraft): Record<string, string> {
    if (!draft.keysCopied) draft.index.createdKeys = { ...draft.index.createdKeys };
    draft.keysCopied = true;
    return draft.index.createdKeys;
  }

  #rememberKey(draft: IndexDraft, key: string, id: string): void {
    const keys = this.#ownKeys(draft);
    keys[key] = id;
    const names = Object.keys(keys);
    for (const old of names.slice(0, Math.max(0, names.length - this.opts.maxCreatedKeys))) delete keys[old];
  }

  /**
   * Dedupe keys guard against chat platforms redelivering a create within minutes; a release is archived days later.
   * Dropping its keys then keeps the index sized by active releases, not by history.
   */
  #forgetKeys(ids: string[]): Promise<void> {
    const gone = new Set(ids);
    if (!Object.values(this.#index.createdKeys).some((id) => gone.has(id))) return Promise.resolve();
    return this.#indexQueue.push((draft) => {
      const keys = this.#ownKeys(draft);
      for (const [key, id] of Object.entries(keys)) if (gone.has(id)) delete keys[key];
      draft.dirty = true;
    });
  }

  async get(id: string): Promise<Release | undefined> {
    const hot = this.active.get(id);
    if (hot) return structuredClone(hot);
    return this.archiveFile.find(id);
  }

  update<T>(id: string, change: (current: Release) => Change<T>): Promise<T> {
    const refused = this.#refusal();
    if (refused) return Promise.reject(refused);
    const queue = this.#queueFor(id);
    if (!queue) return Promise.reject(new UnknownReleaseError(id));
    return queue.push((draft) => {
      const current = draft.release;
      if (!current || draft.archive) throw new UnknownReleaseError(id);
      const { release, result } = change(structuredClone(current));
      if (release === undefined) return result;
      // rev counts stored changes, so the store owns it: renderers can trust it to drop stale updates.
      const next = checkRelease(id, { ...release, rev: current.rev + 1 });
      if (next.id !== id || next.seq !== current.seq) throw new InvalidReleaseError(id, ['a change cannot alter id or seq']);
      draft.release = next;
      draft.dirty = true;
      return result;
    });
  }

  async listActive(): Promise<Release[]> {
    return [...this.active.values()].sort((a, b) => a.seq - b.seq).map((r) => structuredClone(r));
  }

  async archive(id: string): Promise<void> {
    const refused = this.#refusal();
    if (refused) throw refused;
    const queue = this.#queueFor(id);
    const done = await (queue?.push((draft) => {
      if (draft.release === undefined) return false;
      if (draft.archive) return true;
      if (!isTerminal(draft.release.status)) throw new NotArchivableError(id, draft.release.status);
      draft.archive = true;
      return true;
    }) ?? false);
    if (done) return;
    if (await this.archiveFile.has(id)) return;
    throw new UnknownReleaseError(id);
  }

  readArchive(): AsyncIterable<Release> {
    return this.archiveFile.read();
  }

  /** A crash between the archive append and the removal of the release file leaves a release in both: the archive copy wins. */
  async recoverHalfDoneMoves(): Promise<string[]> {
    const candidates = [...this.active.values()].filter((r) => isTerminal(r.status));
    const moved: string[] = [];
    for (const release of candidates) if (await this.archiveFile.has(release.id)) moved.push(release.id);
    if (moved.length === 0) return moved;
    for (const id of moved) this.active.delete(id);
    if (this.opts.readOnly) return moved;
    for (const id of moved) await this.files.remove(id);
    await this.files.syncDir();
    await this.#forgetKeys(moved);
    this.logger.warn('finished archiving releases that a crash left active and archived', { releaseIds: moved });
    return moved;
  }

  async close(): Promise<void> {
    this.#closed = true;
    // An archive in flight still drops its keys through the index queue, so the release queues go first.
    await Promise.all([...this.#queues.values()].map((queue) => queue.idle()));
    await this.#archiveQueue.idle();
    await this.#indexQueue.idle();
    if (this.#released) return;
    this.#released = true;
    await this.opts.onClose();
  }
}
