/**
 * The one way instants are written for people, always in the team's zone, so the same moment reads the same in
 * Slack fallbacks, Teams cards, the console and reminders:
 * - `long`:  "Tue 1 Dec 2026, 14:00 CET"  (the zone named: a sentence that stands alone)
 * - `short`: "Tue 1 Dec, 14:00"           (in lists and cards that name the zone once)
 * - `clock`: "14:00" on the day of `now`, else as `short`
 * Formatters are cached: a checklist formats dozens of times per render, and building one costs far more than using it.
 */
export type TimeStyle = 'long' | 'short' | 'clock';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

interface Parts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

function partsOf(date: Date, timeZone: string): Parts {
  const f = formatter(`parts|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  );
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(date)) out[p.type] = p.value;
  return out as unknown as Parts;
}

function zoneName(date: Date, timeZone: string, locale: string, style: 'short' | 'shortOffset'): string {
  const f = formatter(`zone|${locale}|${style}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }));
  return f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * Intl knows "CET" only in British English and "EST" only in American English; elsewhere it says "GMT+1".
 * Take whichever names the zone, else the plain offset as "UTC+05:30".
 */
export function zoneLabel(date: Date, timeZone: string): string {
  for (const locale of ['en-GB', 'en-US']) {
    const name = zoneName(date, timeZone, locale, 'short');
    if (name && !/^(GMT|UTC)[+-−]/.test(name)) return name;
  }
  const offset = /GMT([+-−])(\d{1,2})(?::(\d{2}))?/.exec(zoneName(date, timeZone, 'en-US', 'shortOffset'));
  if (!offset) return 'UTC';
  return `UTC${offset[1] === '−' ? '-' : offset[1]}${offset[2]!.padStart(2, '0')}:${offset[3] ?? '00'}`;
}

function sameDay(a: Parts, b: Parts): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

export function formatTime(iso: string | Date, timeZone: string, style: TimeStyle = 'long', now?: Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return String(iso);
  const p = partsOf(date, timeZone);
  const clock = `${p.hour}:${p.minute}`;
  if (style === 'clock' && now && sameDay(p, partsOf(now, timeZone))) return clock;
  if (style === 'long') return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${clock} ${zoneLabel(date, timeZone)}`;
  return `${p.weekday} ${p.day} ${p.month}, ${clock}`;
}
