import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { StoreCorruptError } from './store-errors.js';
import { writeFileAtomic } from './write-file-atomic.js';

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * A lowdb adapter that never leaves a half-written file: every write goes through writeFileAtomic.
 * `decode` turns the parsed JSON into T (migrate and validate) and throws StoreCorruptError when it cannot;
 * a missing file reads as null, so lowdb keeps its default data.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly decode: (raw: unknown) => T,
    private readonly encode: (data: T) => string = (data) => JSON.stringify(data),
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      const why = text.trim() === '' ? 'the file is empty' : (error as Error).message;
      throw new StoreCorruptError(this.file, [`not valid JSON (${why})`]);
    }
    return this.decode(raw);
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.file, this.encode(data));
  }
}
