import { phraseText, type Outcome, type OutcomeKind, type Question } from '../../src/index.js';
import type { AdaptiveCard } from './cards/card-types.js';
import { confirmCard } from './cards/confirm-card.js';
import { digestReply } from './cards/digest-card.js';
import { formCard } from './cards/form-card.js';
import { helpCard, listCard, modelsCard, reportCard, statusCard } from './cards/info-cards.js';
import { formValuesOf, type TypedForm } from './form-answers.js';
import { cardForMessage, releaseMessages } from './release-messages.js';

/** What goes back to the person: a card (in place of the clicked one, or as a reply) or a line of text. */
export type Reply = { card: AdaptiveCard } | { text: string };

export interface RenderContext {
  timeZone: string;
  questions: readonly Question[];
  /** Set for a card click: the reply redraws the clicked message. */
  click?: { messageId?: string };
  typed?: TypedForm;
  /** Why the core refused what the click asked, shown on the card drawn instead. */
  refusal?: string;
  /** The field the refusal names, so the card shows it beside that field. */
  refusalField?: string;
}

const ROLES_HINT = 'To change them, @mention the people: "roles add approver @name", "roles remove ops @name".';

type Renderer<K extends OutcomeKind> = (outcome: Extract<Outcome, { kind: K }>, ctx: RenderContext) => Reply;

/** The release card a click redraws, from the outcome's view: no read beyond the one the change made. */
function clickedCard(outcome: Extract<Outcome, { kind: 'done' | 'checklist' }>, timeZone: string, messageId: string | undefined): Reply {
  const step = outcome.kind === 'done' ? outcome.step : undefined;
  return { card: cardForMessage(releaseMessages(outcome.view, timeZone), outcome.release.location.messageIds, messageId, step) };
}

const RENDERERS: { [K in OutcomeKind]: Renderer<K> } = {
  done: (o, ctx) => (ctx.click ? clickedCard(o, ctx.timeZone, ctx.click.messageId) : { text: phraseText(o.message) }),
  refused: (o) => ({ text: o.message }),
  failed: (o) => ({ text: o.message }),
  checklist: (o, ctx) => (ctx.click ? clickedCard(o, ctx.timeZone, ctx.click.messageId) : { card: statusCard(o.view, ctx.timeZone) }),
  list: (o, ctx) => ({ card: listCard(o.views, ctx.timeZone) }),
  models: (o) => ({ card: modelsCard(o.models) }),
  help: (o) => ({ card: helpCard(o) }),
  report: (o, ctx) => ({ card: reportCard(o.summary, ctx.timeZone) }),
  questions: (o, ctx) => ({ card: formCard(o.questions, { ...formValuesOf(o.questions, o.values), ...ctx.typed?.values }, o.errors, ctx.timeZone) }),
  classification: (o, ctx) => ({
    card: confirmCard(ctx.questions, ctx.typed?.values ?? formValuesOf(ctx.questions, o.answers), o.result, o.models, {
      ...(ctx.typed?.chosenModelId ? { chosenModelId: ctx.typed.chosenModelId } : {}),
      ...(ctx.typed?.reason ? { reason: ctx.typed.reason } : {}),
      ...(ctx.typed?.freezeReason ? { freezeReason: ctx.typed.freezeReason } : {}),
      ...(o.freeze ? { freeze: { ...o.freeze, timeZone: ctx.timeZone } } : {}),
      ...(ctx.refusal ? { error: ctx.refusal, ...(ctx.refusalField ? { errorField: ctx.refusalField } : {}) } : {}),
    }),
  }),
  // The form opens in place on the card that shows it: a step's part of the checklist, or the summary (a release
  // action's form, or a gate's Reject… drawn again with the refusal beside its reason).
  form: (o, ctx) => {
    const form = o.form;
    const open =
      form === 'skip' || form === 'assign'
        ? { step: { action: form, step: o.step?.number ?? 0 } }
        : form === 'reject'
          ? { gate: { gateId: o.gate?.id ?? '', ...(ctx.refusal ? { error: ctx.refusal } : {}), ...(ctx.typed?.reason ? { note: ctx.typed.reason } : {}) } }
          : { release: { action: form, askEls: o.askEls } };
    return { card: cardForMessage(releaseMessages(o.view, ctx.timeZone, open), {}, undefined, o.step?.number) };
  },
  identity: (o) => ({ text: `In Teams you act as yourself: I know you as ${o.actor.name}.` }),
  // Text replies are escaped as they are sent; each line is a paragraph of its own.
  // Roles change through the command with @mentions, Teams' own way of naming a person exactly.
  notice: (o) => ({ text: [o.title, ...o.lines.map((l) => `- ${phraseText(l)}`), ...(o.change === 'roles' ? [ROLES_HINT] : [])].join('\n\n') }),
  digest: (o, ctx) => digestReply(o, ctx.timeZone),
};

export function renderOutcome(outcome: Outcome, ctx: RenderContext): Reply {
  return (RENDERERS[outcome.kind] as Renderer<OutcomeKind>)(outcome, ctx);
}
