import { isTerminal, releaseSchema, type Release } from '../../src/domain/release-schema.js';
import { UnknownReleaseError, type Change, type ReleaseStore } from '../../src/storage/release-store.js';

/**
 * A second, in-memory implementation of the storage port for fast tests of code that uses the port.
 * It keeps the port's rules that make sense without a disk: validated, copied in and out, updates to one
 * release serialised, ids never reused, dedupe keys honoured. It is not durable.
 */
export class MemoryReleaseStore implements ReleaseStore {
  readonly #hot = new Map<string, Release>();
  readonly #archive = new Map<string, Release>();
  readonly #dedupe = new Map<string, string>();
  readonly #chains = new Map<string, Promise<unknown>>();
  #seq = 0;
  updates = 0;

  async create(build: (id: string, seq: number) => Release, dedupeKey?: string) {
    const seen = dedupeKey ? this.#dedupe.get(dedupeKey) : undefined;
    if (seen) return { release: structuredClone(this.#hot.get(seen) ?? this.#archive.get(seen)!), duplicate: true };
    const seq = ++this.#seq;
    const release = releaseSchema.parse(build(`R-${seq}`, seq));
    this.#hot.set(release.id, release);
    if (dedupeKey) this.#dedupe.set(dedupeKey, release.id);
    return { release: structuredClone(release), duplicate: false };
  }

  async get(id: string) {
    const r = this.#hot.get(id) ?? this.#archive.get(id);
    return r && structuredClone(r);
  }

  update<T>(id: string, change: (current: Release) => Change<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const current = this.#hot.get(id);
      if (!current) throw new UnknownReleaseError(id);
      const { release, result } = change(structuredClone(current));
      if (release) {
        this.#hot.set(id, releaseSchema.parse(structuredClone({ ...release, rev: current.rev + 1 })));
        this.updates++;
      }
      return result;
    };
    const next = (this.#chains.get(id) ?? Promise.resolve()).then(run, run);
    this.#chains.set(id, next.catch(() => undefined));
    return next;
  }

  async listActive() {
    return [...this.#hot.values()].map((r) => structuredClone(r));
  }

  async archive(id: string) {
    const r = this.#hot.get(id);
    if (!r || !isTerminal(r.status)) throw new Error(`release ${id} is not closed or cancelled`);
    this.#hot.delete(id);
    this.#archive.set(id, r);
  }

  async *readArchive() {
    for (const r of this.#archive.values()) yield structuredClone(r);
  }

  async close() {
    await Promise.all(this.#chains.values());
  }
}
