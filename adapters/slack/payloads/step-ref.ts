import { z } from 'zod';
import { releaseIdSchema } from '../../../src/index.js';

/**
 * What a step button carries: which release and which step. Deliberately not the revision: a revision in every
 * button would change every message on every click, so each click would cost an update of every thread message.
 * A click on an outdated message is safe anyway, because the core treats "done" on a done step as no change.
 */
export interface StepRef {
  releaseId: string;
  step: number;
}

export const STEP_MENU_CHOICES = ['skip', 'assign_me', 'assign'] as const;
export type StepMenuChoice = (typeof STEP_MENU_CHOICES)[number];

export function encodeStepRef(ref: StepRef): string {
  return `${ref.releaseId}|${ref.step}`;
}

const stepNumber = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().positive());

export const stepRefSchema = z
  .string()
  .transform((s, ctx): StepRef => {
    const [id, step, ...rest] = s.split('|');
    const releaseId = releaseIdSchema.safeParse(id);
    const number = stepNumber.safeParse(step);
    if (rest.length || !releaseId.success || !number.success) {
      ctx.addIssue({ code: 'custom', message: `"${s.slice(0, 60)}" is not a step reference such as "R-42|3"` });
      return z.NEVER;
    }
    return { releaseId: releaseId.data, step: number.data };
  });

/** Overflow options carry the choice in front of the reference: "skip|R-42|3". */
export function encodeMenuValue(choice: StepMenuChoice, ref: StepRef): string {
  return `${choice}|${encodeStepRef(ref)}`;
}

export const menuValueSchema = z
  .string()
  .transform((s, ctx) => {
    const at = s.indexOf('|');
    const choice = z.enum(STEP_MENU_CHOICES).safeParse(s.slice(0, at));
    const ref = stepRefSchema.safeParse(s.slice(at + 1));
    if (at < 0 || !choice.success || !ref.success) {
      ctx.addIssue({ code: 'custom', message: `"${s.slice(0, 60)}" is not a step menu value such as "skip|R-42|3"` });
      return z.NEVER;
    }
    return { choice: choice.data, ref: ref.data };
  });
