import { setImmediate as nextMacrotask } from 'node:timers/promises';

/**
 * Yields one macrotask. Node flushes a response only after the current microtasks have run, so work chained straight after ack()
 * (parsing, the store's synchronous part, rendering) would hold the acknowledgement back. Waiting one macrotask
 * lets the 200 leave first; the work then runs while Slack already has its answer.
 * Long background work yields the same way between slices, so a new click never waits for all of it.
 */
export async function afterAck(): Promise<void> {
  await nextMacrotask();
}
