import { afterAck } from './after-ack.js';

/**
 * Runs the background work of the whole surface one slice per macrotask, one slice at a time. Lanes that each
 * yielded on their own would queue their callbacks into the same turn of the event loop and run back to back;
 * in one queue, an acknowledgement waiting for the CPU is served between any two slices.
 */
export class SliceQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs synchronous work (a render) in a slice of its own. */
  slice<T>(work: () => T): Promise<T> {
    const done = this.tail.then(async () => {
      await afterAck();
      return work();
    });
    this.tail = done.catch(() => undefined);
    return done;
  }

  /** Starts an API call in a slice of its own; the queue moves on once the request is built, not when it is answered. */
  async start<T>(call: () => Promise<T>): Promise<T> {
    const started = await this.slice(() => ({ answer: call() }));
    return started.answer;
  }
}
