import { LIMITS } from '../../adapters/slack/render/limits.js';

type Json = Record<string, unknown>;

/** Every text string inside blocks (text objects, fields, options, placeholders): what Slack counts toward its ceiling. */
export function textLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, v) => n + textLength(v), 0);
  if (!node || typeof node !== 'object') return 0;
  let n = 0;
  for (const [k, v] of Object.entries(node as Json)) n += k === 'text' && typeof v === 'string' ? v.length : textLength(v);
  return n;
}

function check(problems: string[], where: string, ok: boolean, what: string): void {
  if (!ok) problems.push(`${where}: ${what}`);
}

function textOf(t: unknown): string {
  return typeof t === 'object' && t !== null && typeof (t as Json).text === 'string' ? ((t as Json).text as string) : '';
}

function checkElement(problems: string[], where: string, el: Json): void {
  if (typeof el.action_id === 'string') check(problems, where, el.action_id.length <= LIMITS.actionId, `action_id longer than ${LIMITS.actionId}`);
  if (el.type === 'button') {
    check(problems, where, textOf(el.text).length <= LIMITS.buttonText, `button text "${textOf(el.text)}" longer than ${LIMITS.buttonText}`);
    check(problems, where, typeof el.value !== 'string' || el.value.length <= LIMITS.buttonValue, 'button value too long');
  }
  if (el.confirm) {
    // Slack's confirmation dialog: title 100, text 300, button texts 30 characters.
    const c = el.confirm as Json;
    check(problems, where, textOf(c.title).length <= 100, 'confirm title longer than 100');
    check(problems, where, textOf(c.text).length <= 300, 'confirm text longer than 300');
    for (const k of ['confirm', 'deny']) check(problems, where, textOf(c[k]).length <= 30, `confirm ${k} text longer than 30`);
  }
  for (const o of (el.options as Json[] | undefined) ?? []) {
    check(problems, where, textOf(o.text).length <= LIMITS.optionText, `option text longer than ${LIMITS.optionText}`);
    check(problems, where, typeof o.value !== 'string' || o.value.length <= LIMITS.optionValue, `option value longer than ${LIMITS.optionValue}`);
  }
}

function checkBlocks(problems: string[], where: string, blocks: Json[]): void {
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `${where} block ${i} (${String(b.type)})`;
    if (typeof b.block_id === 'string') {
      check(problems, at, b.block_id.length <= LIMITS.blockId, `block_id longer than ${LIMITS.blockId}`);
      check(problems, at, !blockIds.has(b.block_id), `duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    if (b.type === 'section') {
      check(problems, at, textOf(b.text).length <= LIMITS.sectionText, `section text ${textOf(b.text).length} > ${LIMITS.sectionText}`);
      const fields = (b.fields as Json[] | undefined) ?? [];
      check(problems, at, fields.length <= LIMITS.fieldsPerSection, 'more than 10 fields');
      for (const f of fields) check(problems, at, textOf(f).length <= LIMITS.sectionField, 'field text too long');
      check(problems, at, Boolean(b.text) || fields.length > 0, 'section without text or fields');
    }
    if (b.type === 'header') check(problems, at, textOf(b.text).length <= LIMITS.headerText, 'header text too long');
    if (b.type === 'context') check(problems, at, ((b.elements as unknown[]) ?? []).length <= LIMITS.contextElements, 'too many context elements');
    if (b.type === 'actions') check(problems, at, ((b.elements as unknown[]) ?? []).length <= 25, 'more than 25 actions');
    const elements = [...(((b.type === 'actions' ? b.elements : undefined) as Json[] | undefined) ?? []), ...(b.accessory ? [b.accessory as Json] : []), ...(b.element ? [b.element as Json] : [])];
    const actionIds = new Set<string>();
    for (const el of elements) {
      checkElement(problems, at, el);
      if (typeof el.action_id === 'string') {
        check(problems, at, !actionIds.has(el.action_id), `duplicate action_id ${el.action_id}`);
        actionIds.add(el.action_id);
      }
    }
    if (b.type === 'input') check(problems, at, textOf(b.label).length <= LIMITS.inputLabel, 'input label too long');
  });
}

/** Problems with one chat message (postMessage / update / ephemeral / response_url body); empty when within limits. */
export function messageProblems(msg: { text?: unknown; blocks?: unknown }, where = 'message'): string[] {
  const problems: string[] = [];
  const blocks = (msg.blocks as Json[] | undefined) ?? [];
  check(problems, where, blocks.length <= LIMITS.blocksPerMessage, `${blocks.length} blocks > ${LIMITS.blocksPerMessage}`);
  check(problems, where, textLength(blocks) <= LIMITS.messageChars, `${textLength(blocks)} characters of text > ${LIMITS.messageChars}`);
  check(problems, where, typeof msg.text !== 'string' || msg.text.length <= LIMITS.fallbackText, 'fallback text too long');
  checkBlocks(problems, where, blocks);
  return problems;
}

/** Problems with one modal or Home view. */
export function viewProblems(view: Json, where = 'view'): string[] {
  const problems: string[] = [];
  const blocks = (view.blocks as Json[] | undefined) ?? [];
  check(problems, where, blocks.length <= LIMITS.blocksPerView, `${blocks.length} blocks > ${LIMITS.blocksPerView}`);
  if (view.type === 'modal') {
    check(problems, where, textOf(view.title).length <= LIMITS.modalTitle, `modal title "${textOf(view.title)}" longer than ${LIMITS.modalTitle}`);
    for (const k of ['submit', 'close']) check(problems, where, textOf(view[k]).length <= LIMITS.modalButton, `${k} text too long`);
  }
  check(problems, where, typeof view.private_metadata !== 'string' || view.private_metadata.length <= LIMITS.privateMetadata, 'private_metadata longer than 3000');
  check(problems, where, typeof view.callback_id !== 'string' || view.callback_id.length <= 255, 'callback_id too long');
  checkBlocks(problems, where, blocks);
  return problems;
}

/** Every message and view the app sent to the fake Slack (and to response_urls), checked against the limits. */
export function recordedProblems(calls: Array<{ method: string; body: Json }>, responses: Array<{ body: Json }> = []): string[] {
  const problems: string[] = [];
  calls.forEach((c, i) => {
    if (c.method.startsWith('chat.')) problems.push(...messageProblems(c.body, `${c.method} #${i}`));
    if (c.method.startsWith('views.') && c.body.view) problems.push(...viewProblems(c.body.view as Json, `${c.method} #${i}`));
  });
  responses.forEach((r, i) => problems.push(...messageProblems(r.body, `response_url #${i}`)));
  return problems;
}
