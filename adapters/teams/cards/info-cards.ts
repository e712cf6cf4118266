import { formatTime, type ChecklistView, type CommandSpec, type ReleaseModel, type ReportSummary } from '../../../src/index.js';
import { card, type AdaptiveCard, type CardElement } from './card-types.js';
import { facts, heading, plain, problem, text } from './elements.js';

// The read-only answers: help, the welcome, the active releases, one release's status, the models, the report.

/** The commands as the core lists them; `note` says why help is shown instead (an unknown command). */
export function helpCard(help: { entries: readonly CommandSpec[]; intro: string; note?: string }): AdaptiveCard {
  const body: CardElement[] = [];
  if (help.note) body.push(problem(help.note));
  body.push(heading('Release Bot'), text(help.intro, { spacing: 'None' }));
  body.push(text('In a channel, mention me first: **@Release Bot release**. In a personal chat just type the command.', { subtle: true }));
  body.push(facts(help.entries.map((e) => [e.usage, `${e.description} e.g. \`${e.example}\``])));
  return card(body);
}

/** Rows a list or status card draws at most, so either stays within the card budget however many there are. */
const MAX_ROWS = 30;

export function listCard(views: readonly ChecklistView[], timeZone: string): AdaptiveCard {
  if (views.length === 0) return card([heading('Active releases'), text('No active releases. Start one with **release**.')]);
  return card([
    heading(`Active releases (${views.length}${views.length > MAX_ROWS ? `, the first ${MAX_ROWS} shown` : ''})`),
    facts(views.slice(0, MAX_ROWS).map((v) => [v.releaseId, `${plain(v.title, 80)} · ${plain(v.modelName)} · ${v.statusLabel} · ${v.progress.label} · ${formatTime(v.plannedAt, timeZone, 'short')}`])),
    text(`Times in ${timeZone}. Type **status R-1** for one release.`, { subtle: true, size: 'Small' }),
  ]);
}

export function modelsCard(models: ReadonlyArray<ReleaseModel & { appliesWhen?: string }>): AdaptiveCard {
  const body: CardElement[] = [heading('Release models')];
  for (const m of models) {
    body.push(text(`**${plain(m.name)}** · ${m.risk} risk · ${m.steps.length} steps${m.els ? ' · early life support' : ''}`, { separator: true }));
    if (m.appliesWhen) body.push(text(`Applies ${plain(m.appliesWhen, 400)}.`, { spacing: 'None' }));
    body.push(text(plain(m.description, 600), { subtle: true, spacing: 'None' }));
  }
  return card(body);
}

export function reportCard(report: ReportSummary, timeZone: string): AdaptiveCard {
  const to = formatTime(report.to, timeZone, 'short');
  const span = report.from ? `${formatTime(report.from, timeZone, 'short')} – ${to}` : `all time to ${to}`;
  const body: CardElement[] = [heading(`Release report (${report.periodLabel})`), text(`${span} · times in ${timeZone}`, { subtle: true, spacing: 'None' })];
  if (report.keyFigures.length) body.push(facts(report.keyFigures.map((f) => [f.label, f.value])));
  if (report.byModel.length) body.push(text('**By model**', { separator: true }), text(report.byModel.map((m) => `• ${plain(m.line, 300)}`).join('\n\n'), { spacing: 'None' }));
  if (report.insights.length) body.push(text('**Insights**', { separator: true }), text(report.insights.map((i) => `• ${plain(i, 300)}`).join('\n\n'), { spacing: 'None' }));
  return card(body);
}

/** A read-only status reply; buttons live only on the release's own cards, which stay current. */
export function statusCard(view: ChecklistView, timeZone: string): AdaptiveCard {
  const body: CardElement[] = [
    heading(`${view.releaseId}: ${plain(view.title, 150)}`),
    facts([
      ['Model', plain(view.modelName)],
      ['Status', view.statusLabel],
      ['Deployment', formatTime(view.deployedAt ?? view.plannedAt, timeZone, 'long')],
      ['Progress', `${view.progress.label} settled (${view.progress.percent}%)`],
      ['Release manager', plain(view.releaseManager.name, 60)],
    ]),
  ];
  let room = MAX_ROWS;
  for (const phase of view.phases) {
    const lines = phase.steps.slice(0, Math.max(0, room)).map((s) => {
      const mark = s.state === 'done' ? '✅' : s.state === 'skipped' ? '⏭️' : s.overdue ? '⚠️' : '⬜';
      const who = s.by ? ` (${plain(s.by.name, 60)})` : s.assignee ? ` → ${plain(s.assignee.name, 60)}` : '';
      return `${mark} ${s.number}. ${plain(s.title, 120)} · ${s.ownerLabel}${who}${s.overdue ? ' · **overdue**' : ''}`;
    });
    room -= phase.steps.length;
    body.push(text(`**${phase.label}** ${phase.done}/${phase.total}`, { separator: true }), ...(lines.length ? [text(lines.join('\n\n'), { spacing: 'None', size: 'Small' })] : []));
  }
  if (room < 0) body.push(text(`${-room} more steps are on the checklist in the release's thread.`, { subtle: true }));
  return card(body);
}

export function welcomeCard(personal: boolean): AdaptiveCard {
  const how = personal ? 'Type **release** to start one' : 'Mention me with **@Release Bot release** in a channel post to start one';
  return card([
    heading('Hi, I am Release Bot 👋'),
    text(`I run releases by their release model: a few questions, the model that fits and why, a checklist in the thread, and reminders on time. ${how}, or **help** for everything I can do.`),
  ]);
}
