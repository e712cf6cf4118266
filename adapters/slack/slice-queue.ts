import { setImmediate as nextMacrotask } from 'node:timers/promises';

/**
 * Yields one macrotask. Node flushes a response only after the current microtasks have run, so work chained straight
 * after ack() would hold the acknowledgement back; waiting one macrotask lets the 200 leave first.
 */
export async function afterAck(): Promise<void> {
  await nextMacrotask();
}

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
