import { ReleaseError } from './release-error.js';
import type { Evidence } from './release-schema.js';
import { TEXT_LIMITS, typedText } from './text-limits.js';

const MAX_URL = 500;

/**
 * Evidence as it is kept and drawn: an http(s) URL every surface can link safely (no spaces, quotes, angle brackets
 * or bars, which would end a Slack link or a markdown one), a commit id, a short note. `field` prefixes the error path.
 */
export function parseEvidence(raw: { url?: string | undefined; commit?: string | undefined; note?: string | undefined } | undefined, field = 'evidence'): Evidence | undefined {
  if (!raw) return undefined;
  const out: Evidence = {};
  if (raw.url !== undefined && raw.url !== '') {
    let url: URL | undefined;
    try {
      url = new URL(raw.url);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || raw.url.length > MAX_URL || /[\s<>|"'`\\]/.test(raw.url)) {
      throw new ReleaseError('invalid', `"${raw.url.slice(0, 80)}" is not an http(s) link of at most ${MAX_URL} characters without spaces, quotes, <, > or |.`, `${field}.url`);
    }
    out.url = raw.url;
  }
  if (raw.commit !== undefined && raw.commit !== '') {
    if (!/^[0-9a-zA-Z._\/-]{1,80}$/.test(raw.commit)) throw new ReleaseError('invalid', `"${raw.commit.slice(0, 80)}" is not a commit id or ref (letters, digits, . _ / -; at most 80).`, `${field}.commit`);
    out.commit = raw.commit;
  }
  const note = typedText(raw.note, { field: `${field}.note`, max: TEXT_LIMITS.reason, what: 'note' });
  if (note) out.note = note;
  return Object.keys(out).length ? out : undefined;
}
