/** What the Close… form's ELS inputs say: an ELS result, nothing (both left empty), or what to fix. */
export type CloseEls = { ok: true; els?: { incidents: number; exitCriteriaMet: boolean } } | { ok: false; message: string };

/** Far beyond any real count; stops "1e9" and pasted ids from being stored as an incident count. */
const MAX_INCIDENTS = 100_000;

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function incidentsOf(raw: unknown): number | undefined {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_INCIDENTS ? n : undefined;
}

/**
 * Reads the two ELS inputs. Input.Number arrives as a string in Teams and as a number from some clients; the client's
 * own min/isRequired checks are not trusted, as older clients and the Action.Submit fallback skip them. Either both
 * inputs are given or neither, so a half-filled form is never stored. A picked radio button cannot be cleared, so
 * a missing number asks for the number rather than offering to clear the answer.
 */
export function parseCloseEls(rawIncidents: unknown, rawExit: unknown): CloseEls {
  const hasIncidents = !blank(rawIncidents);
  const hasExit = !blank(rawExit);
  if (!hasIncidents && !hasExit) return { ok: true };
  const incidents = hasIncidents ? incidentsOf(rawIncidents) : undefined;
  if (hasIncidents && incidents === undefined) {
    return { ok: false, message: `"${String(rawIncidents).slice(0, 40)}" is not a number of incidents during early life support: enter a whole number, 0 or more.` };
  }
  if (hasExit && rawExit !== 'met' && rawExit !== 'unmet') return { ok: false, message: 'Pick whether the ELS exit criteria were met or not met.' };
  if (incidents === undefined) return { ok: false, message: 'Enter the number of incidents during early life support (0 if there were none).' };
  if (!hasExit) return { ok: false, message: 'Say whether the ELS exit criteria were met, or clear the number of incidents.' };
  return { ok: true, els: { incidents, exitCriteriaMet: rawExit === 'met' } };
}
