import type { Express } from 'express';
import type { Core, Place, ReminderSender, Surface } from '../src/index.js';
import type { Where } from './api/api-routes.js';

/** What the composition root hands every surface: the core, and the shared HTTP app (absent for the console). */
export interface SurfaceContext {
  core: Core;
  http?: Express;
}

/** A started surface: it delivers reminders for releases that live on it, and stops cleanly. */
export interface RunningSurface {
  name: Surface;
  sender: ReminderSender;
  /** Where a pipeline may ask a release to be posted on this surface: the place, or why not (unknown, not a member). */
  findPlace?(where: Where): Promise<Place | { refused: string } | undefined>;
  stop(): Promise<void>;
}
