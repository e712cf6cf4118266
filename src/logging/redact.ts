/** Field names whose values never reach a log line, however deep they sit. */
const SECRET_KEY = /token|secret|password|passwd|authorization|signature|cookie|credential|api[-_]?key/i;
/** Secrets that turn up inside text (an error message quoting a header): Slack and Teams tokens, ours, bearer values. */
const SECRET_TEXT = /\b(xox[abposr]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,}|rbt_[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})|(Bearer\s+)[A-Za-z0-9._~+\/=-]{8,}/g;

/** The password in a connection URL (DATABASE_URL quoted by a driver error). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

export function scrub(text: string): string {
  return text
    .replace(SECRET_TEXT, (_m, _token: string | undefined, bearer: string | undefined) => (bearer ? `${bearer}[redacted]` : '[redacted]'))
    .replace(URL_PASSWORD, '$1[redacted]@');
}

/**
 * A copy of a log line's fields with every secret replaced by "[redacted]": values under secret-sounding keys at any
 * depth, and tokens quoted inside text. Errors keep their name, message (scrubbed) and stack.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  // Deeper than this is a live object graph (a socket, a request): nothing an operator reads, and no place to hide a token.
  if (depth > 6) return '[truncated]';
  if (value instanceof Error) {
    const extra = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)]));
    return { ...extra, name: value.name, message: scrub(value.message), ...(value.stack ? { stack: scrub(value.stack) } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)]));
}
