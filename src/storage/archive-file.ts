import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import { releaseSchema, type Release } from '../domain/release-schema.js';
import { isNotFound } from './durable-json-file.js';
import { formatIssues } from './format-issues.js';
import { readLines } from './read-lines.js';
import { StoreCorruptError } from './store-errors.js';
import { fsyncDir } from './write-file-atomic.js';

interface Entry {
  offset: number;
  length: number;
}

const LINE_ADVICE = 'Fix or remove that line of the archive; active releases are not affected.';
/** Lines this store writes start with the id (the schema lists it first), so the index needs no JSON.parse. */
const ID_AT_START = /^\{"id":"(R-\d+)"/;

/**
 * archive.jsonl: one archived release per line, append-only. Only lines ending in "\n" count: an append
 * is fsynced before the release's active file is removed, so an unterminated last line is a crash leftover
 * whose release is still active.
 */
export class ArchiveFile {
  /** End of the last complete line: readers stop there, the next append starts there. */
  #complete = 0;
  #size = 0;
  #index: Map<string, Entry> | undefined;
  #duplicates = false;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** Runs archive file work one at a time: appends, index builds and lookups never interleave. */
  #locked<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(work, work);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  /** Reads only the tail: finds where the complete lines end and reports a truncated last line. */
  async init(): Promise<void> {
    try {
      this.#size = (await stat(this.file)).size;
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    this.#complete = await this.#endOfLastLine();
    if (this.#complete < this.#size)
      this.logger.warn('archive ends with an incomplete line, probably from a crash while archiving; it is ignored', {
        file: this.file,
        bytes: this.#size - this.#complete,
      });
  }

  async #endOfLastLine(): Promise<number> {
    const handle = await open(this.file, 'r');
    try {
      const chunk = Buffer.alloc(64 * 1024);
      for (let end = this.#size; end > 0; ) {
        const start = Math.max(0, end - chunk.length);
        const { bytesRead } = await handle.read(chunk, 0, end - start, start);
        const nl = chunk.subarray(0, bytesRead).lastIndexOf(10);
        if (nl !== -1) return start + nl + 1;
        end = start;
      }
      return 0;
    } finally {
      await handle.close();
    }
  }

  /** Appends and fsyncs; returns where the new lines start. */
  append(releases: Release[]): Promise<number> {
    return this.#locked(async () => {
      const before = this.#complete;
      const lines = releases.map((r) => JSON.stringify(r) + '\n');
      const handle = await open(this.file, 'a');
      try {
        if (this.#size > before) {
          await handle.truncate(before);
          this.logger.warn('dropped the incomplete last line of the archive before appending', {
            file: this.file,
            bytes: this.#size - before,
          });
        }
        await handle.writeFile(lines.join(''), 'utf8');
        await handle.sync();
      } catch (error) {
        // A full disk can stop a write halfway: the next append must not follow half a line.
        await handle.truncate(before).catch(() => undefined);
        throw error;
      } finally {
        await handle.close();
      }
      if (before === 0) await fsyncDir(path.dirname(this.file));
      let offset = before;
      releases.forEach((release, i) => {
        const length = Buffer.byteLength(lines[i] ?? '') - 1;
        if (this.#index?.has(release.id)) this.#duplicates = true;
        this.#index?.set(release.id, { offset, length });
        offset += length + 1;
      });
      this.#complete = this.#size = offset;
      return before;
    });
  }

  find(id: string): Promise<Release | undefined> {
    return this.#locked(async () => {
      const entry = (await this.#ensureIndex()).get(id);
      if (!entry) return undefined;
      const handle = await open(this.file, 'r');
      try {
        const bytes = Buffer.alloc(entry.length);
        await handle.read(bytes, 0, entry.length, entry.offset);
        return this.#decode(bytes, `release ${id} at byte ${entry.offset}`);
      } finally {
        await handle.close();
      }
    });
  }

  /** The highest seq in the archive (0 when empty), from the ids alone: for rebuilding a lost index. */
  async maxSeq(): Promise<number> {
    return this.#locked(async () => {
      let max = 0;
      for (const id of (await this.#ensureIndex()).keys()) max = Math.max(max, Number(id.slice(2)));
      return max;
    });
  }

  async has(id: string): Promise<boolean> {
    return this.#locked(async () => (await this.#ensureIndex()).has(id));
  }

  /** Every archived release, validated, oldest first; a release archived twice is read at its last line. */
  async *read(): AsyncGenerator<Release> {
    const { index, end, duplicates } = await this.#locked(async () => ({
      index: await this.#ensureIndex(),
      end: this.#complete,
      duplicates: this.#duplicates,
    }));
    let lineNo = 0;
    for await (const line of readLines(this.file, end)) {
      lineNo += 1;
      const release = this.#decode(line.bytes, `line ${lineNo}`);
      if (duplicates && index.get(release.id)?.offset !== line.offset) continue;
      yield release;
    }
  }

  #decode(bytes: Buffer, where: string): Release {
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new StoreCorruptError(this.file, [`${where}: not valid JSON (${(error as Error).message})`], LINE_ADVICE);
    }
    const parsed = releaseSchema.safeParse(raw);
    if (!parsed.success) throw new StoreCorruptError(this.file, formatIssues(parsed.error).map((p) => `${where}: ${p}`), LINE_ADVICE);
    return parsed.data;
  }

  async #ensureIndex(): Promise<Map<string, Entry>> {
    if (this.#index) return this.#index;
    const index = new Map<string, Entry>();
    let lineNo = 0;
    for await (const { offset, bytes } of readLines(this.file, this.#complete)) {
      lineNo += 1;
      const id = idOf(bytes);
      if (id === undefined) {
        this.logger.warn('archive line without a readable release id; it is skipped', { file: this.file, line: lineNo });
        continue;
      }
      if (index.has(id)) this.#duplicates = true;
      index.set(id, { offset, length: bytes.length });
    }
    this.#index = index;
    return index;
  }
}

function idOf(bytes: Buffer): string | undefined {
  const fast = ID_AT_START.exec(bytes.toString('utf8', 0, 40));
  if (fast) return fast[1];
  try {
    const raw: unknown = JSON.parse(bytes.toString('utf8'));
    const id = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).id : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
