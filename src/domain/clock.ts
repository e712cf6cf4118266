/** Time as the core sees it: tests pass a fixed or fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
