import type { CardAction, CardElement } from './card-types.js';

type TextOptions = {
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  weight?: 'Bolder' | 'Lighter';
  /** No 'Warning': on the light theme it is 1.5:1 against white, unreadable. Warnings use `warning()`. */
  color?: 'Good' | 'Attention' | 'Accent' | 'Default';
  subtle?: boolean;
  separator?: boolean;
  spacing?: 'None' | 'Small' | 'Medium' | 'Large';
  id?: string;
};

/** Control and bidirectional-override characters: never drawn, and never allowed to reorder what people read. */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The one rule for text people typed (titles, reasons, names, incident refs, notes, a command echoed in a refusal),
 * wherever Teams reads markdown: card text and message text alike. Markdown characters are backslash-escaped; as
 * Teams clients differ in honouring that, the characters that could open a link or image (`](`), a tag, a mention or
 * an autolink (`<`) or an entity (`&`) are also followed by an invisible word joiner, which no renderer reads as
 * markup. Clipped after escaping, so a card's size budget holds whatever was typed.
 */
export function plain(text: string, max = 300): string {
  const safe = text
    .replace(HIDDEN, '')
    .replace(/[\\*_`~#|[\]<>]/g, '\\$&')
    .replace(/[\]<&]/g, '$&\u2060')
    // Teams links a bare "https://…" or "www.…" by itself: a word joiner keeps it readable, not clickable.
    .replace(/([a-z]):\/\//gi, '$1:\u2060//')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\u2060.`);
  return safe.length > max ? `${safe.slice(0, max - 1).replace(/[\\\ud800-\udbff]$/, '')}…` : safe;
}

/**
 * Text for where Teams draws it as it is, never as markdown (an input's label or placeholder): no escaping, which
 * would show, only the hidden characters dropped and the length clipped.
 */
export function bare(text: string, max = 120): string {
  const safe = text.replace(HIDDEN, '');
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/**
 * Multi-line text as it was written. TextBlock markdown joins single line breaks into one paragraph, so each line
 * becomes its own paragraph (a blank line between lines).
 */
export function paragraphs(text: string, max = 2000): string {
  return plain(text, max)
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n\n');
}

export function text(value: string, o: TextOptions = {}): CardElement {
  return {
    type: 'TextBlock',
    text: value,
    wrap: true,
    ...(o.id ? { id: o.id } : {}),
    ...(o.size ? { size: o.size } : {}),
    ...(o.weight ? { weight: o.weight } : {}),
    ...(o.color ? { color: o.color } : {}),
    ...(o.subtle ? { isSubtle: true } : {}),
    ...(o.separator ? { separator: true } : {}),
    ...(o.spacing ? { spacing: o.spacing } : {}),
  };
}

/** Something late or overdue: the default colour in bold with a sign, readable on every theme. */
export function warning(value: string, o: Omit<TextOptions, 'weight' | 'color' | 'subtle'> = {}): CardElement {
  return text(`⚠ ${plain(value, 1000)}`, { ...o, weight: 'Bolder' });
}

/** Something to fix, often echoing what was typed: red is readable on the light and dark themes alike (4.5:1 or more). */
export function problem(value: string, o: Omit<TextOptions, 'color'> = {}): CardElement {
  return text(`⚠ ${plain(value, 1000)}`, { ...o, color: 'Attention' });
}

export function facts(pairs: Array<[string, string]>): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function container(items: CardElement[], extra: Record<string, unknown> = {}): CardElement {
  return { type: 'Container', items, ...extra };
}

export function actionSet(actions: CardAction[]): CardElement {
  return { type: 'ActionSet', actions };
}

/**
 * A Universal Action: Action.Execute with its verb, falling back to Action.Submit for clients without
 * Universal Actions. Both carry the verb in data, so one handler serves both paths.
 */
export function execute(title: string, verb: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): CardAction {
  const payload = { verb, ...data };
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: payload,
    ...extra,
    fallback: { type: 'Action.Submit', title, data: payload, ...extra },
  };
}

/** Moves an action into the overflow menu ("…"), so a narrow screen shows only the primary ones. */
export function secondary(action: CardAction): CardAction {
  const fallback = action['fallback'];
  return {
    ...action,
    mode: 'secondary',
    ...(fallback && typeof fallback === 'object' ? { fallback: { ...fallback, mode: 'secondary' } } : {}),
  };
}

export function showCard(title: string, body: CardElement[], actions: CardAction[]): CardAction {
  return {
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body, actions },
  };
}

export function heading(value: string): CardElement {
  return text(value, { size: 'Medium', weight: 'Bolder' });
}
