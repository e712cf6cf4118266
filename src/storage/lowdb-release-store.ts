import { asWriteError } from './store-write-error.js';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Low } from 'lowdb';
import { isTerminal, releaseSchema, type Release } from '../domain/release-schema.js';
import type { Logger } from '../logging/logger.js';
import type { ArchiveFile } from './archive-file.js';
import { BatchQueue } from './batch-queue.js';
import { formatIssues } from './format-issues.js';
import type { HotFile } from './hot-file.js';
import type { Change, ReleaseStore } from './release-store.js';
import {
  InvalidReleaseError,
  NotArchivableError,
  StoreClosedError,
  StoreReadOnlyError,
  UnknownReleaseError,
} from './store-errors.js';

export interface StoreSettings {
  maxCreatedKeys: number;
  readOnly: boolean;
  /** The hot file, named in the operator's log when a write fails. */
  file: string;
  /** Runs once the last write is done: releases the directory lock. */
  onClose(): Promise<void>;
}

interface Draft {
  data: HotFile;
  keysCopied: boolean;
  dirty: boolean;
  toArchive: Release[];
}

/**
 * The lowdb implementation of the ReleaseStore port. Changes go to a draft; lowdb writes it, and only then does it
 * become the committed state that reads see, so nobody ever reads a change that might not be on disk.
 */
export class LowdbReleaseStore implements ReleaseStore {
  readonly #queue: BatchQueue<Draft>;
  #closed = false;
  #committed: HotFile;

  constructor(
    private readonly low: Low<HotFile>,
    private readonly archiveFile: ArchiveFile,
    private readonly logger: Logger,
    private readonly opts: StoreSettings,
  ) {
    this.#committed = low.data;
    this.#queue = new BatchQueue<Draft>({ begin: () => this.#begin(), commit: (draft) => this.#commit(draft) });
  }

  #begin(): Draft {
    const data = this.#committed;
    return { data: { ...data, releases: { ...data.releases } }, keysCopied: false, dirty: false, toArchive: [] };
  }

  async #commit(draft: Draft): Promise<void> {
    if (!draft.dirty) return;
    // Encoding the whole file is one long synchronous slice; starting it in a macrotask of its own lets requests that
    // arrived while the batch ran (a chat surface's acks) be answered in between. Callers still wait for the write.
    // node:timers/promises, not the global: tests that fake the global timers must not stall the store.
    await yieldToIo();
    let archivedUpTo: number | undefined;
    try {
      archivedUpTo = draft.toArchive.length > 0 ? await this.archiveFile.append(draft.toArchive) : undefined;
    } catch (error) {
      throw asWriteError(error);
    }
    try {
      this.low.data = draft.data;
      await this.low.write();
      this.#committed = draft.data;
    } catch (error) {
      this.low.data = this.#committed;
      if (archivedUpTo !== undefined) await this.archiveFile.takeBack(archivedUpTo).catch(() => undefined);
      this.logger.error('release store write failed; the change was not stored', { file: this.opts.file, error });
      throw asWriteError(error);
    }
  }

  #enqueue<T>(run: (draft: Draft) => T | Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError());
    if (this.opts.readOnly) return Promise.reject(new StoreReadOnlyError());
    return this.#queue.push(run);
  }

  /** Validates and detaches a release before it is stored, so a bug can never write a file that will not open. */
  #checked(id: string, candidate: Release): Release {
    const parsed = releaseSchema.safeParse(candidate);
    if (!parsed.success) throw new InvalidReleaseError(id, formatIssues(parsed.error));
    // zod builds new objects and arrays as it parses, so its output is already detached, except for values it does not
    // look into (z.unknown): only those are cloned, instead of a second deep copy of the whole release on every change.
    const release = parsed.data;
    if (release.location.conversationRef) release.location.conversationRef = structuredClone(release.location.conversationRef);
    return release;
  }

  create(build: (id: string, seq: number) => Release, dedupeKey?: string): Promise<{ release: Release; duplicate: boolean }> {
    return this.#enqueue(async (draft) => {
      const data = draft.data;
      const knownId = dedupeKey === undefined ? undefined : data.createdKeys[dedupeKey];
      if (knownId !== undefined) {
        const known = data.releases[knownId] ?? (await this.archiveFile.find(knownId));
        if (known) return { release: structuredClone(known), duplicate: true };
        this.logger.warn('dedupe key names a release that is gone; creating a new one', { releaseId: knownId });
      }
      const seq = data.nextSeq;
      const id = `R-${seq}`;
      const release = this.#checked(id, build(id, seq));
      if (release.id !== id || release.seq !== seq) throw new InvalidReleaseError(id, [`build must use id ${id} and seq ${seq}`]);
      data.nextSeq = seq + 1;
      data.releases[id] = release;
      if (dedupeKey !== undefined) this.#rememberKey(draft, dedupeKey, id);
      draft.dirty = true;
      return { release: structuredClone(release), duplicate: false };
    });
  }

  #ownKeys(draft: Draft): Record<string, string> {
    if (!draft.keysCopied) draft.data.createdKeys = { ...draft.data.createdKeys };
    draft.keysCopied = true;
    return draft.data.createdKeys;
  }

  #rememberKey(draft: Draft, key: string, id: string): void {
    const keys = this.#ownKeys(draft);
    keys[key] = id;
    const names = Object.keys(keys);
    for (const old of names.slice(0, Math.max(0, names.length - this.opts.maxCreatedKeys))) delete keys[old];
  }

  async get(id: string): Promise<Release | undefined> {
    const hot = this.#committed.releases[id];
    if (hot) return structuredClone(hot);
    return this.archiveFile.find(id);
  }

  update<T>(id: string, change: (current: Release) => Change<T>): Promise<T> {
    return this.#enqueue((draft) => {
      const current = draft.data.releases[id];
      if (!current) throw new UnknownReleaseError(id);
      const { release, result } = change(structuredClone(current));
      if (release === undefined) return result;
      // rev counts stored changes, so the store owns it: renderers can trust it to drop stale updates.
      const next = this.#checked(id, { ...release, rev: current.rev + 1 });
      if (next.id !== id || next.seq !== current.seq) throw new InvalidReleaseError(id, ['a change cannot alter id or seq']);
      draft.data.releases[id] = next;
      draft.dirty = true;
      return result;
    });
  }

  async listActive(): Promise<Release[]> {
    return Object.values(this.#committed.releases)
      .sort((a, b) => a.seq - b.seq)
      .map((r) => structuredClone(r));
  }

  archive(id: string): Promise<void> {
    return this.#enqueue(async (draft) => {
      const current = draft.data.releases[id];
      if (!current) {
        if (draft.toArchive.some((r) => r.id === id) || (await this.archiveFile.has(id))) return;
        throw new UnknownReleaseError(id);
      }
      if (!isTerminal(current.status)) throw new NotArchivableError(id, current.status);
      delete draft.data.releases[id];
      this.#forgetKeys(draft, [id]);
      draft.toArchive.push(current);
      draft.dirty = true;
    });
  }

  /**
   * Dedupe keys guard against chat platforms redelivering a create within minutes; a release is archived days later.
   * Dropping its keys then keeps the hot file (and so every write) sized by active releases, not by history.
   */
  #forgetKeys(draft: Draft, ids: string[]): void {
    const gone = new Set(ids);
    if (!Object.values(draft.data.createdKeys).some((id) => gone.has(id))) return;
    const keys = this.#ownKeys(draft);
    for (const [key, id] of Object.entries(keys)) if (gone.has(id)) delete keys[key];
  }

  readArchive(): AsyncIterable<Release> {
    return this.archiveFile.read();
  }

  /** A crash between the archive append and the hot-file write leaves a release in both: the archive copy wins. */
  async recoverHalfDoneMoves(): Promise<string[]> {
    const candidates = Object.values(this.#committed.releases).filter((r) => isTerminal(r.status));
    const moved: string[] = [];
    for (const release of candidates) if (await this.archiveFile.has(release.id)) moved.push(release.id);
    if (moved.length === 0) return moved;
    if (this.opts.readOnly) {
      const releases = { ...this.#committed.releases };
      for (const id of moved) delete releases[id];
      this.#committed = { ...this.#committed, releases };
      return moved;
    }
    await this.#enqueue((draft) => {
      for (const id of moved) delete draft.data.releases[id];
      this.#forgetKeys(draft, moved);
      draft.dirty = true;
    });
    this.logger.warn('finished archiving releases that a crash left in both files', { releaseIds: moved });
    return moved;
  }

  async close(): Promise<void> {
    if (this.#closed) return this.#queue.idle();
    this.#closed = true;
    await this.#queue.idle();
    await this.opts.onClose();
  }
}
