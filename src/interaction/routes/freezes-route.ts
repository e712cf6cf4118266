import { freezeSpans } from '../../domain/freeze-windows.js';
import type { Phrase } from '../../domain/phrase.js';
import { formatTime } from '../../format/format-time.js';
import type { RouteTable } from '../route-context.js';

const DAYS = 30;
const MAX_LINES = 40;

/** The freeze windows of the next 30 days, each occurrence on its line, the one in force now marked. */
export const freezesRoute: RouteTable['freezes'] = async (_intent, { service, clock, timeZone }) => {
  const windows = service.freezeWindows();
  if (!windows.length) return { kind: 'notice', title: 'Freeze windows', lines: [['None are set: releases may start and deploy at any time (models/freeze-windows.yaml defines them).']] };
  const now = clock.now();
  const spans = freezeSpans(windows, now, new Date(now.getTime() + DAYS * 86_400_000), timeZone);
  const lines: Phrase[] = spans.slice(0, MAX_LINES).map(({ window, start, end }) => {
    const current = start <= now && now < end ? ' (in force now)' : '';
    const exempt = window.exempt.length ? `; exempt: ${window.exempt.join(', ')}` : '';
    return [`${window.name}: ${formatTime(start, timeZone)} until ${formatTime(end, timeZone)}${current}${exempt}`];
  });
  if (spans.length > MAX_LINES) lines.push([`… and ${spans.length - MAX_LINES} more.`]);
  if (!lines.length) lines.push([`None in the next ${DAYS} days.`]);
  return { kind: 'notice', title: `Freeze windows, next ${DAYS} days`, lines };
};
