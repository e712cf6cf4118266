import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { StoreCorruptError } from './store-errors.js';
import { writeFileAtomic } from './write-file-atomic.js';

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * A JSON file's parsed content, or undefined when there is no file. Text that is not JSON is a StoreCorruptError
 * naming the file (with `advice` on what to do), never an empty store.
 */
export async function readJsonFile(file: string, advice?: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const why = text.trim() === '' ? 'the file is empty' : (error as Error).message;
    throw new StoreCorruptError(file, [`not valid JSON (${why})`], ...(advice ? [advice] : []));
  }
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
    const raw = await readJsonFile(this.file);
    return raw === undefined ? null : this.decode(raw);
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.file, this.encode(data));
  }
}
