import { DateTime } from 'luxon';

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "2 hours and 5 minutes", "45 minutes", "3 hours": elapsed time, for spans under six hours. */
function span(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return plural(m, 'minute');
  return m === 0 ? plural(h, 'hour') : `${plural(h, 'hour')} and ${plural(m, 'minute')}`;
}

/**
 * How `target` relates to `now`, in words a reminder can put before a time: "now", "in 3 minutes", "in 1 hour",
 * "today", "tomorrow", "in 2 days", and for the past "3 minutes ago", "earlier today", "yesterday", "4 days ago".
 * Days are calendar days in the team's zone, so "tomorrow" is the next date there, whatever the hours between.
 * Worded from the real distance, never from a model's offset: a T-1d reminder sent 3 minutes before the
 * deployment says "in 3 minutes".
 */
export function relativeTime(target: string | Date, now: Date, timeZone: string): string {
  const at = typeof target === 'string' ? new Date(target) : target;
  const diff = at.getTime() - now.getTime();
  if (Math.abs(diff) < 60_000) return 'now';
  // Round away from now for the future ("in 59 min 10 s" reads "in 1 hour"), towards it for the past.
  const minutes = diff > 0 ? Math.ceil(diff / 60_000) : Math.floor(-diff / 60_000);
  if (minutes < 6 * 60) return diff > 0 ? `in ${span(minutes)}` : `${span(minutes)} ago`;
  const days = Math.round(
    DateTime.fromJSDate(at, { zone: timeZone }).startOf('day').diff(DateTime.fromJSDate(now, { zone: timeZone }).startOf('day'), 'days').days,
  );
  if (days === 0) return diff > 0 ? 'today' : 'earlier today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}
