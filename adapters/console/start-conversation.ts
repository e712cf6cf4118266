import type { Intent, Outcome, Question, ReleaseModel } from '../../src/index.js';
import { renderQuestion } from './render/render-question.js';
import { renderModels } from './render/render-models.js';

export type ConversationReply =
  | { kind: 'ask'; text: string }
  | { kind: 'finished'; outcome: Outcome }
  | { kind: 'aborted'; text: string };

type QuestionsOutcome = Extract<Outcome, { kind: 'questions' }>;
type Suggestion = Extract<Outcome, { kind: 'classification' }>;

const ABORT = new Set(['abort', '/abort', '/cancel']);
const CONFIRM = 'Use this model? [Y/n or a model id]';

/**
 * The `/release` conversation, one typed line at a time: the questions, then the model and why, then an optional
 * override with its reason. Every answer is checked by the core (through the dispatcher); this only keeps what was
 * typed and asks again where the core says something is wrong.
 */
export class StartConversation {
  private readonly raw: Record<string, unknown>;
  private readonly questions: readonly Question[];
  private pending: number[];
  private stage: 'questions' | 'confirm' | 'pick' | 'reason' = 'questions';
  private suggestion?: Suggestion;
  private chosen?: ReleaseModel;

  constructor(
    private readonly dispatch: (intent: Intent) => Promise<Outcome>,
    private readonly timeZone: string,
    first: QuestionsOutcome,
  ) {
    this.questions = first.questions;
    this.raw = { ...first.values };
    // A title typed after "release" is kept unless the core refused it; then it is asked again with the reason.
    this.pending = this.questions.map((_, i) => i).filter((i) => this.raw[this.questions[i]!.id] === undefined || first.errors[this.questions[i]!.id]);
    this.opening = Object.entries(first.errors).map(([id, message]) => `✗ ${this.label(id)}: ${message}`);
  }

  private readonly opening: string[];

  begin(): ConversationReply {
    return { kind: 'ask', text: [...this.opening, 'Starting a release (type "abort" to stop).', this.currentQuestion()].join('\n') };
  }

  async feed(line: string): Promise<ConversationReply> {
    const text = line.trim();
    if (ABORT.has(text.toLowerCase())) return { kind: 'aborted', text: 'Release not started; nothing was saved.' };
    switch (this.stage) {
      case 'questions':
        return this.answer(text);
      case 'confirm':
        return this.confirm(text);
      case 'pick':
        return this.pick(text);
      case 'reason':
        return this.finish({ modelId: this.chosen!.id, reason: text });
    }
  }

  private label(id: string): string {
    const q = this.questions.find((x) => x.id === id);
    return q?.short ?? id;
  }

  private currentQuestion(): string {
    const index = this.pending[0]!;
    return renderQuestion(this.questions[index]!, index + 1, this.questions.length, this.timeZone);
  }

  private async answer(value: string): Promise<ConversationReply> {
    const q = this.questions[this.pending[0]!]!;
    if (value === '') delete this.raw[q.id];
    else this.raw[q.id] = value;
    const outcome = await this.dispatch({ kind: 'answer', answers: { ...this.raw } });
    const error = outcome.kind === 'questions' ? outcome.errors[q.id] : undefined;
    if (error) return { kind: 'ask', text: `✗ ${this.label(q.id)}: ${error}\n${this.currentQuestion()}` };
    this.pending.shift();
    if (this.pending.length > 0) return { kind: 'ask', text: this.currentQuestion() };
    return this.suggest(outcome);
  }

  private suggest(outcome: Outcome): ConversationReply {
    if (outcome.kind === 'questions') {
      // An answer that was fine alone but not with the others: ask those questions again.
      this.pending = this.questions.map((q, i) => (outcome.errors[q.id] ? i : -1)).filter((i) => i >= 0);
      const messages = Object.entries(outcome.errors).map(([field, message]) => `✗ ${this.label(field)}: ${message}`);
      if (this.pending.length === 0) return { kind: 'aborted', text: `${messages.join('\n')}\nRelease not started.` };
      return { kind: 'ask', text: `${messages.join('\n')}\n${this.currentQuestion()}` };
    }
    if (outcome.kind !== 'classification') return { kind: 'finished', outcome };
    this.suggestion = outcome;
    this.stage = 'confirm';
    const c = outcome.result;
    return { kind: 'ask', text: `Model: ${c.modelName} (${c.modelId})\n  Why: ${c.explanation}\n? ${CONFIRM}` };
  }

  private findModel(text: string): ReleaseModel | undefined {
    const models = this.suggestion!.models;
    const n = Number(text);
    if (Number.isInteger(n) && n >= 1 && n <= models.length) return models[n - 1];
    const lower = text.toLowerCase();
    return models.find((m) => m.id === lower || m.name.toLowerCase() === lower);
  }

  private async confirm(text: string): Promise<ConversationReply> {
    const lower = text.toLowerCase();
    if (lower === '' || lower === 'y' || lower === 'yes') return this.finish();
    const models = this.suggestion!.models;
    if (lower === 'n' || lower === 'no') {
      this.stage = 'pick';
      return { kind: 'ask', text: `${renderModels(models)}\n? Which model? (number or id)` };
    }
    const model = models.find((m) => m.id === lower || m.name.toLowerCase() === lower);
    if (!model) {
      return { kind: 'ask', text: `✗ "${text}" is not a model id (${models.map((m) => m.id).join(', ')}). Type y to accept, n to see the models, or a model id.\n? ${CONFIRM}` };
    }
    return this.choose(model);
  }

  private async pick(text: string): Promise<ConversationReply> {
    const model = this.findModel(text);
    if (!model) return { kind: 'ask', text: `✗ "${text}" is not a model number or id.\n? Which model? (number or id)` };
    return this.choose(model);
  }

  private async choose(model: ReleaseModel): Promise<ConversationReply> {
    const suggested = this.suggestion!.result;
    if (model.id === suggested.modelId) return this.finish();
    this.chosen = model;
    this.stage = 'reason';
    return { kind: 'ask', text: this.reasonQuestion() };
  }

  private reasonQuestion(): string {
    return `? Why ${this.chosen!.name} instead of ${this.suggestion!.result.modelName}? (the reason is recorded)`;
  }

  private async finish(override?: { modelId: string; reason: string }): Promise<ConversationReply> {
    const outcome = await this.dispatch({ kind: 'create', answers: { ...this.raw }, ...(override ? { override } : {}) });
    if (outcome.kind !== 'refused' || !outcome.field) return { kind: 'finished', outcome };
    if (outcome.field === 'reason' && this.stage === 'reason') return { kind: 'ask', text: `✗ ${outcome.message}\n${this.reasonQuestion()}` };
    // An answer that was fine a moment ago (a deployment time can pass while someone types): ask that one again.
    const index = this.questions.findIndex((q) => q.id === outcome.field);
    if (index < 0) return { kind: 'finished', outcome };
    this.pending = [index];
    this.stage = 'questions';
    return { kind: 'ask', text: `✗ ${outcome.message}\n${this.currentQuestion()}` };
  }
}
