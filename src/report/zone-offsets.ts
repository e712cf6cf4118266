import { IANAZone } from 'luxon';
import { parseOffset } from '../domain/duration.js';

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

/**
 * Fast time-zone arithmetic for 10,000 releases: the same answers as applyOffset (luxon), with the zone's UTC
 * offset looked up once per UTC day instead of once per step. A day whose first and last millisecond share an
 * offset has no transition in it, so every instant that day has that offset; a transition day is asked exactly.
 */
export class ZoneOffsets {
  private readonly zone: IANAZone;
  private readonly byDay = new Map<number, number | null>();
  private readonly offsets = new Map<string, { days: number; rest: number }>();

  constructor(timeZone: string) {
    if (!IANAZone.isValidZone(timeZone)) throw new Error(`"${timeZone}" is not an IANA time zone`);
    this.zone = IANAZone.create(timeZone);
  }

  /** The zone's offset from UTC in minutes at `ms`. */
  offset(ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    let known = this.byDay.get(day);
    if (known === undefined) {
      const first = this.zone.offset(day * DAY_MS);
      known = first === this.zone.offset((day + 1) * DAY_MS - 1) ? first : null;
      this.byDay.set(day, known);
    }
    return known ?? this.zone.offset(ms);
  }

  /** Luxon's plus({days}): the same local wall time `days` calendar days later, resolved as luxon resolves gaps and overlaps. */
  plusDays(ms: number, days: number): number {
    const o = this.offset(ms);
    const localTs = ms + o * MIN_MS + days * DAY_MS;
    let guess = localTs - o * MIN_MS;
    const o2 = this.offset(guess);
    if (o2 === o) return guess;
    guess -= (o2 - o) * MIN_MS;
    const o3 = this.offset(guess);
    if (o3 === o2) return guess;
    return localTs - Math.min(o2, o3) * MIN_MS;
  }

  /** applyOffset(plannedAt, offset, timeZone) as epoch milliseconds. */
  applyOffset(plannedMs: number, offset: string): number {
    let parts = this.offsets.get(offset);
    if (parts === undefined) {
      const ms = parseOffset(offset);
      const abs = Math.abs(ms);
      const days = Math.floor(abs / DAY_MS);
      const sign = ms < 0 ? -1 : 1;
      parts = { days: sign * days, rest: sign * (abs - days * DAY_MS) };
      this.offsets.set(offset, parts);
    }
    return this.plusDays(plannedMs, parts.days) + parts.rest;
  }
}
