import type { ApiClient } from './api-client.js';
import { gatesSchema, type Missing } from './api-schemas.js';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';

export interface GateWait {
  ready: boolean;
  missing: Missing[];
}

/**
 * Asks for the release's gates until they are satisfied or `waitMs` has passed (once without it). A poll that fails
 * for a network or server error is noted and tried again at the next interval while time is left; a refusal (unknown
 * release, bad token) ends the wait at once.
 */
export async function waitForGates(
  client: ApiClient,
  releaseId: string,
  opts: { waitMs?: number; intervalMs: number; now?: () => number; sleep?: (ms: number) => Promise<void>; note: (line: string) => void },
): Promise<GateWait> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + (opts.waitMs ?? 0);
  let seen = '';
  for (;;) {
    let gates: GateWait | undefined;
    try {
      gates = await client.get(`/releases/${releaseId}/gates`, gatesSchema);
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.UNAVAILABLE || now() >= deadline) throw error;
      opts.note(`release-bot: ${error.message} Trying again.`);
    }
    if (gates?.ready) return gates;
    if (gates && opts.waitMs !== undefined) {
      const ids = gates.missing.map((m) => m.id).join(', ');
      if (ids !== seen) opts.note(`release-bot: ${releaseId} waits for ${gates.missing.length} gate${gates.missing.length === 1 ? '' : 's'}: ${ids}.`);
      seen = ids;
    }
    const left = deadline - now();
    if (left <= 0 && gates) return gates;
    await sleep(Math.max(0, Math.min(opts.intervalMs, left)));
  }
}
