import { randomUUID } from 'node:crypto';
import type { Answers } from '../../src/index.js';

const TTL_MS = 60 * 60_000;

/**
 * Checked answers between modal step 1 and step 2 when they are too long for private_metadata (3000 characters).
 * Memory only: after a restart the person is asked to start again, which loses nothing stored.
 */
export class PendingAnswers {
  private readonly items = new Map<string, { answers: Answers; expires: number }>();

  put(answers: Answers, now = Date.now()): string {
    for (const [k, v] of this.items) if (v.expires < now) this.items.delete(k);
    const id = randomUUID();
    this.items.set(id, { answers, expires: now + TTL_MS });
    return id;
  }

  get(id: string): Answers | undefined {
    return this.items.get(id)?.answers;
  }
}
