import type { Express } from 'express';
import type { Core, ReminderSender, Surface } from '../src/index.js';

/** What the composition root hands every surface: the core, and the shared HTTP app (absent for the console). */
export interface SurfaceContext {
  core: Core;
  http?: Express;
}

/** A started surface: it delivers reminders for releases that live on it, and stops cleanly. */
export interface RunningSurface {
  name: Surface;
  sender: ReminderSender;
  stop(): Promise<void>;
}
