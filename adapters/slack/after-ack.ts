import { setImmediate as nextMacrotask } from 'node:timers/promises';

/**
 * Node flushes a response only after the current microtasks have run, so work chained straight after ack()
 * (parsing, the store's synchronous part, rendering) would hold the acknowledgement back. Waiting one macrotask
 * lets the 200 leave first; the work then runs while Slack already has its answer.
 */
export async function afterAck(): Promise<void> {
  await nextMacrotask();
}
