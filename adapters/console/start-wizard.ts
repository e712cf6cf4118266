import type { ClassificationResult, ReleaseService } from '../../src/app/release-service.js';
import type { ReleaseModel } from '../../src/models/model-schema.js';
import { renderQuestion } from './render/render-question.js';
import { renderModels } from './render/render-models.js';

export type WizardAsk = { kind: 'ask'; text: string };
export type WizardReply =
  | WizardAsk
  | { kind: 'done'; answers: Record<string, unknown>; override?: { modelId: string; reason: string } }
  | { kind: 'aborted'; text: string };

const ABORT = new Set(['abort', '/abort', '/cancel']);
const CONFIRM = 'Use this model? [Y/n or a model id]';

/**
 * The `/release` conversation, one typed line at a time: the questions, then the model and why, then an
 * optional override with its reason. Validation is the service's; this only keeps what was typed and asks again.
 */
export class StartWizard {
  private readonly raw: Record<string, unknown> = {};
  private pending: number[];
  private stage: 'questions' | 'confirm' | 'pick' | 'reason' = 'questions';
  private classification?: ClassificationResult;
  private chosen?: ReleaseModel;

  constructor(
    private readonly service: ReleaseService,
    private readonly timeZone: string,
    title?: string,
  ) {
    const questions = service.questions();
    this.pending = questions.map((_, i) => i);
    const titleIndex = questions.findIndex((q) => q.id === 'title');
    if (title && titleIndex >= 0) {
      this.raw.title = title;
      const check = service.validateAnswers(this.raw);
      if (check.ok || !check.errors.title) this.pending = this.pending.filter((i) => i !== titleIndex);
    }
  }

  begin(): WizardAsk {
    return { kind: 'ask', text: `Starting a release (type "abort" to stop).\n${this.currentQuestion()}` };
  }

  feed(line: string): WizardReply {
    if (ABORT.has(line.trim().toLowerCase())) return { kind: 'aborted', text: 'Release not started; nothing was saved.' };
    switch (this.stage) {
      case 'questions':
        return this.answer(line);
      case 'confirm':
        return this.confirm(line.trim());
      case 'pick':
        return this.pick(line.trim());
      case 'reason':
        return this.reason(line.trim());
    }
  }

  /** The service refused an answer at the last moment: ask that question again, keeping every other answer. */
  reask(field: string, message: string): WizardAsk | undefined {
    const index = this.service.questions().findIndex((q) => q.id === field);
    if (index < 0) return undefined;
    this.pending = [index];
    this.stage = 'questions';
    return { kind: 'ask', text: `✗ ${field}: ${message}\n${this.currentQuestion()}` };
  }

  private currentQuestion(): string {
    const questions = this.service.questions();
    const index = this.pending[0]!;
    return renderQuestion(questions[index]!, index + 1, questions.length, this.timeZone);
  }

  private answer(line: string): WizardReply {
    const q = this.service.questions()[this.pending[0]!]!;
    // Raw text as typed: the service reads numbers, labels, yes/no and "in 2h" the same way for every surface.
    const value = line.trim();
    if (value === '') delete this.raw[q.id];
    else this.raw[q.id] = value;
    const check = this.service.validateAnswers(this.raw);
    const error = check.ok ? undefined : check.errors[q.id];
    if (error) return { kind: 'ask', text: `✗ ${q.short ?? q.id}: ${error}\n${this.currentQuestion()}` };
    this.pending.shift();
    if (this.pending.length > 0) return { kind: 'ask', text: this.currentQuestion() };
    return this.classify();
  }

  private classify(): WizardReply {
    const questions = this.service.questions();
    const check = this.service.validateAnswers(this.raw);
    if (!check.ok) {
      // An answer that was fine alone but not with the others: ask those questions again.
      this.pending = questions.map((q, i) => (check.errors[q.id] ? i : -1)).filter((i) => i >= 0);
      const messages = Object.entries(check.errors).map(([field, message]) => `✗ ${field}: ${message}`);
      if (this.pending.length === 0) return { kind: 'aborted', text: `${messages.join('\n')}\nRelease not started.` };
      return { kind: 'ask', text: `${messages.join('\n')}\n${this.currentQuestion()}` };
    }
    this.classification = this.service.classify(check.answers);
    this.stage = 'confirm';
    const c = this.classification;
    return { kind: 'ask', text: `Model: ${c.modelName} (${c.modelId})\n  Why: ${c.explanation}\n? ${CONFIRM}` };
  }

  private findModel(text: string): ReleaseModel | undefined {
    const models = this.service.models();
    const n = Number(text);
    if (Number.isInteger(n) && n >= 1 && n <= models.length) return models[n - 1];
    const lower = text.toLowerCase();
    return models.find((m) => m.id === lower || m.name.toLowerCase() === lower);
  }

  private confirm(text: string): WizardReply {
    const lower = text.toLowerCase();
    if (lower === '' || lower === 'y' || lower === 'yes') return this.finish();
    if (lower === 'n' || lower === 'no') {
      this.stage = 'pick';
      return { kind: 'ask', text: `${renderModels(this.service.models())}\n? Which model? (number or id)` };
    }
    const model = this.service.models().find((m) => m.id === lower || m.name.toLowerCase() === lower);
    if (!model) {
      const ids = this.service.models().map((m) => m.id).join(', ');
      return { kind: 'ask', text: `✗ "${text}" is not a model id (${ids}). Type y to accept, n to see the models, or a model id.\n? ${CONFIRM}` };
    }
    return this.choose(model);
  }

  private pick(text: string): WizardReply {
    const model = this.findModel(text);
    if (!model) return { kind: 'ask', text: `✗ "${text}" is not a model number or id.\n? Which model? (number or id)` };
    return this.choose(model);
  }

  private choose(model: ReleaseModel): WizardReply {
    const suggested = this.classification!;
    if (model.id === suggested.modelId) return this.finish();
    this.chosen = model;
    this.stage = 'reason';
    return { kind: 'ask', text: `? Why ${model.name} instead of ${suggested.modelName}? (the reason is recorded)` };
  }

  private reason(text: string): WizardReply {
    if (!text) return { kind: 'ask', text: `✗ reason: an override needs a reason.\n? Why ${this.chosen!.name} instead of ${this.classification!.modelName}?` };
    return this.finish({ modelId: this.chosen!.id, reason: text });
  }

  private finish(override?: { modelId: string; reason: string }): WizardReply {
    return override ? { kind: 'done', answers: { ...this.raw }, override } : { kind: 'done', answers: { ...this.raw } };
  }
}
