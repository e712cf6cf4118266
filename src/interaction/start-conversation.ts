import type { ClassificationResult } from '../models/classification-result.js';
import type { ReleaseModel } from '../models/model-schema.js';
import type { Question } from '../models/questions-schema.js';
import type { Intent } from './intent.js';
import type { Outcome } from './outcome.js';

/** Something wrong with an answer, to show before asking again. */
export interface AnswerError {
  field: string;
  /** The question's short name ("deployment time"), or the field. */
  label: string;
  message: string;
}

/** What the conversation needs next from the person, or how it ended. Surfaces draw these; the words typed back are read here. */
export type ConversationStep =
  /** `previous`: what was typed before `back` reopened the question. */
  | { kind: 'question'; question: Question; position: number; total: number; errors: AnswerError[]; first: boolean; previous?: string }
  | { kind: 'confirm'; suggestion: ClassificationResult; error?: string; models: readonly ReleaseModel[] }
  | { kind: 'pick'; models: readonly ReleaseModel[]; error?: string }
  | { kind: 'reason'; chosen: ReleaseModel; suggestion: ClassificationResult; error?: string }
  /** The planned time falls in a freeze window: `message` says which and until when; the answer is the override reason. */
  | { kind: 'freeze'; message: string }
  | { kind: 'finished'; outcome: Outcome }
  | { kind: 'aborted'; errors: AnswerError[] };

type QuestionsOutcome = Extract<Outcome, { kind: 'questions' }>;
type Suggestion = Extract<Outcome, { kind: 'classification' }>;

const ABORT = new Set(['abort', '/abort', '/cancel']);
const BACK = new Set(['back', '/back']);
const YES = new Set(['', 'y', 'yes']);
const NO = new Set(['n', 'no']);

/**
 * Starting a release one typed line at a time, for text surfaces (the console; a chat DM could use it too): the
 * questions, then the suggested model and why, then an optional override with its reason. Every answer is checked
 * by the core through the dispatcher; this only keeps what was typed and asks again where the core says it is wrong.
 * A question with conditions (`when`) is asked only when the core asks for it: it reports such a question missing
 * exactly when its conditions hold on the answers so far. `back` reopens the previous answer, one at a time.
 */
export class StartConversation {
  private readonly raw: Record<string, unknown>;
  private readonly questions: readonly Question[];
  private pending: number[];
  /** Questions answered, in the order they were: what `back` reopens. */
  private answered: number[] = [];
  /** Conditional questions passed over because their conditions did not hold. */
  private readonly passed = new Set<number>();
  /** What the core last said was missing or wrong, by question id. */
  private missing: Record<string, string> = {};
  private previous?: string;
  private stage: 'questions' | 'confirm' | 'pick' | 'reason' | 'freeze' = 'questions';
  /** The model override given, kept while the freeze override reason is asked. */
  private modelOverride?: { modelId: string; reason: string };
  private suggestion?: Suggestion;
  private chosen?: ReleaseModel;
  private readonly opening: AnswerError[];

  constructor(
    private readonly dispatch: (intent: Intent) => Promise<Outcome>,
    first: QuestionsOutcome,
  ) {
    this.questions = first.questions;
    this.raw = { ...first.values };
    // A title typed after "release" is kept unless the core refused it; then it is asked for again, with the reason.
    this.pending = this.questions.map((_, i) => i).filter((i) => this.raw[this.questions[i]!.id] === undefined || first.errors[this.questions[i]!.id]);
    this.opening = this.errorsOf(first.errors);
  }

  begin(): ConversationStep {
    return this.ask(this.opening, true);
  }

  async feed(line: string): Promise<ConversationStep> {
    const text = line.trim();
    if (ABORT.has(text.toLowerCase())) return { kind: 'aborted', errors: [] };
    if (BACK.has(text.toLowerCase())) return this.back();
    switch (this.stage) {
      case 'questions':
        return this.answer(text);
      case 'confirm':
        return this.confirm(text);
      case 'pick':
        return this.pick(text);
      case 'reason':
        return this.finish({ modelId: this.chosen!.id, reason: text });
      case 'freeze':
        return this.finish(this.modelOverride, { reason: text });
    }
  }

  private errorsOf(errors: Record<string, string>): AnswerError[] {
    return Object.entries(errors).map(([field, message]) => ({ field, label: this.questions.find((q) => q.id === field)?.short ?? field, message }));
  }

  /** Numbered among the questions that may still be asked, so passing over one leaves no gap. */
  private ask(errors: AnswerError[] = [], first = false): ConversationStep {
    const index = this.pending[0]!;
    const before = [...this.passed].filter((i) => i < index).length;
    const previous = this.previous;
    this.previous = undefined;
    return {
      kind: 'question',
      question: this.questions[index]!,
      position: index + 1 - before,
      // A conditional question still ahead is counted only once it is asked, so the total never shrinks as people answer.
      total: this.questions.length - this.passed.size - this.pending.filter((i) => i !== index && this.questions[i]!.when).length,
      errors,
      first,
      ...(previous !== undefined ? { previous } : {}),
    };
  }

  /** Passes over conditional questions the core does not ask for with the answers so far. */
  private passOver(): void {
    while (this.pending.length > 0) {
      const index = this.pending[0]!;
      const q = this.questions[index]!;
      if (!q.when || this.missing[q.id] !== undefined) return;
      delete this.raw[q.id];
      this.passed.add(index);
      this.pending.shift();
    }
  }

  /**
   * Reopens the previous answer: in the questions, the one answered last (and the conditional questions after it,
   * which a new answer may bring back); after them, the model choice goes back one step, to the last question.
   */
  private back(): ConversationStep {
    if (this.stage === 'freeze') {
      // Back from the freeze: the deployment time is what to change.
      const index = this.questions.findIndex((q) => q.id === 'deployAt');
      if (index >= 0) {
        this.stage = 'questions';
        this.pending = [index];
        return this.ask();
      }
    }
    if (this.stage === 'pick' || this.stage === 'reason' || this.stage === 'freeze') {
      this.stage = 'confirm';
      return { kind: 'confirm', suggestion: this.suggestion!.result, models: this.suggestion!.models };
    }
    const last = this.answered.pop();
    if (last === undefined) return this.ask([{ field: '', label: '', message: 'There is no earlier answer to change.' }]);
    const q = this.questions[last]!;
    this.previous = typeof this.raw[q.id] === 'string' ? (this.raw[q.id] as string) : undefined;
    delete this.raw[q.id];
    const reopened = [...this.passed].filter((i) => i > last);
    reopened.forEach((i) => this.passed.delete(i));
    this.pending = [...new Set([last, ...reopened, ...(this.stage === 'questions' ? this.pending : [])])].sort((a, b) => a - b);
    this.stage = 'questions';
    return this.ask();
  }

  private async answer(value: string): Promise<ConversationStep> {
    const index = this.pending[0]!;
    const q = this.questions[index]!;
    if (value === '') delete this.raw[q.id];
    else this.raw[q.id] = value;
    const outcome = await this.dispatch({ kind: 'answer', answers: { ...this.raw } });
    this.missing = outcome.kind === 'questions' ? outcome.errors : {};
    const error = this.missing[q.id];
    if (error) return this.ask(this.errorsOf({ [q.id]: error }));
    this.pending.shift();
    this.answered = [...this.answered.filter((i) => i !== index), index];
    this.passOver();
    if (this.pending.length > 0) return this.ask();
    if (outcome.kind === 'questions') {
      // An answer that was fine alone but not with the others: ask those questions again.
      const errors = this.errorsOf(outcome.errors);
      this.pending = this.questions.map((x, i) => (outcome.errors[x.id] ? i : -1)).filter((i) => i >= 0);
      return this.pending.length ? this.ask(errors) : { kind: 'aborted', errors };
    }
    if (outcome.kind !== 'classification') return { kind: 'finished', outcome };
    this.suggestion = outcome;
    this.stage = 'confirm';
    return { kind: 'confirm', suggestion: outcome.result, models: outcome.models };
  }

  private modelNamed(text: string, byNumber: boolean): ReleaseModel | undefined {
    const models = this.suggestion!.models;
    const n = Number(text);
    if (byNumber && Number.isInteger(n) && n >= 1 && n <= models.length) return models[n - 1];
    const lower = text.toLowerCase();
    return models.find((m) => m.id === lower || m.name.toLowerCase() === lower);
  }

  private async confirm(text: string): Promise<ConversationStep> {
    const { result, models } = this.suggestion!;
    if (YES.has(text.toLowerCase())) return this.finish();
    if (NO.has(text.toLowerCase())) {
      this.stage = 'pick';
      return { kind: 'pick', models };
    }
    const model = this.modelNamed(text, false);
    if (!model) return { kind: 'confirm', suggestion: result, models, error: `"${text}" is not a model id (${models.map((m) => m.id).join(', ')}).` };
    return this.choose(model);
  }

  private async pick(text: string): Promise<ConversationStep> {
    const model = this.modelNamed(text, true);
    if (!model) return { kind: 'pick', models: this.suggestion!.models, error: `"${text}" is not a model number or id.` };
    return this.choose(model);
  }

  private async choose(model: ReleaseModel): Promise<ConversationStep> {
    const suggestion = this.suggestion!.result;
    if (model.id === suggestion.modelId) return this.finish();
    this.chosen = model;
    this.stage = 'reason';
    return { kind: 'reason', chosen: model, suggestion };
  }

  private async finish(override?: { modelId: string; reason: string }, freezeOverride?: { reason: string }): Promise<ConversationStep> {
    const outcome = await this.dispatch({ kind: 'create', answers: { ...this.raw }, ...(override ? { override } : {}), ...(freezeOverride ? { freezeOverride } : {}) });
    if (outcome.kind !== 'refused' || !outcome.field) return { kind: 'finished', outcome };
    if (outcome.field === 'freeze') {
      // Inside a freeze window: ask for the reason to start anyway (or "back" to change the time).
      this.modelOverride = override;
      this.stage = 'freeze';
      return { kind: 'freeze', message: outcome.message };
    }
    if (outcome.field === 'reason' && this.stage === 'reason') return { kind: 'reason', chosen: this.chosen!, suggestion: this.suggestion!.result, error: outcome.message };
    // An answer that was fine a moment ago (a deployment time can pass while someone types): ask that one again.
    const index = this.questions.findIndex((q) => q.id === outcome.field);
    if (index < 0) return { kind: 'finished', outcome };
    this.pending = [index];
    this.stage = 'questions';
    return this.ask([{ field: outcome.field, label: '', message: outcome.message }]);
  }
}
