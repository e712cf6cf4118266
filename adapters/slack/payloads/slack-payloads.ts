import { z } from 'zod';

/** The parts of Slack's payloads this app reads. Unknown fields pass through untouched; missing ones fail loudly. */
const text = z.string().optional();
const user = z.object({ id: z.string().min(1), username: text, name: text, team_id: text });

/** The workspace a request comes from: the enterprise for an org-wide (Enterprise Grid) install, else the team. */
function workspace(orgWide: boolean | undefined, enterprise: string | null | undefined, team: string | null | undefined, ctx: z.RefinementCtx): string {
  const id = (orgWide && enterprise) || team;
  if (id) return id;
  ctx.addIssue({ code: 'custom', message: 'the payload names no team or enterprise' });
  return z.NEVER;
}

export const slashCommandSchema = z
  .object({
    command: z.string(), text: z.string().default(''), user_id: z.string().min(1), user_name: text, channel_id: z.string().min(1),
    trigger_id: z.string().min(1), response_url: text, team_id: text, enterprise_id: text,
    // "true" in a form over HTTP; Socket Mode's JSON may carry a boolean.
    is_enterprise_install: z.union([z.string(), z.boolean()]).optional(),
  })
  .transform((c, ctx) => ({ ...c, workspaceId: workspace(String(c.is_enterprise_install) === 'true', c.enterprise_id, c.team_id, ctx) }));
export type SlashCommand = z.infer<typeof slashCommandSchema>;

/** Buttons and modals say where they come from the same way. */
const interactive = { user, team: z.object({ id: z.string() }).nullish(), enterprise: z.object({ id: z.string() }).nullish(), is_enterprise_install: z.boolean().optional() };
type Interactive = z.infer<z.ZodObject<typeof interactive>>;
const withWorkspace = <T extends Interactive>(p: T, ctx: z.RefinementCtx) => ({ ...p, workspaceId: workspace(p.is_enterprise_install, p.enterprise?.id, p.team?.id ?? p.user.team_id, ctx) });

export const blockActionSchema = z
  .object({
    ...interactive,
    type: z.literal('block_actions'),
    trigger_id: text,
    response_url: text,
    container: z.object({ type: z.string(), message_ts: text, channel_id: text, view_id: text, thread_ts: text }),
    channel: z.object({ id: z.string() }).optional(),
    view: z.object({ id: z.string(), type: z.string() }).optional(),
    actions: z.array(z.object({ action_id: z.string(), block_id: text, value: text, selected_option: z.object({ value: z.string() }).optional(), action_ts: z.string() })).min(1),
  })
  .transform(withWorkspace);
export type BlockAction = z.infer<typeof blockActionSchema>;

const stateValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date_time: z.number().nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
});
export type StateValue = z.infer<typeof stateValue>;

export const viewSubmissionSchema = z
  .object({
    ...interactive,
    type: z.literal('view_submission'),
    view: z.object({
      id: z.string().min(1),
      callback_id: z.string(),
      private_metadata: z.string().default(''),
      state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValue)) }),
    }),
  })
  .transform(withWorkspace);
export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;

/** An app_home_opened event with its envelope, which says the workspace. */
export const appHomeOpenedSchema = z
  .object({
    team_id: text,
    enterprise_id: z.string().nullish(),
    authorizations: z.array(z.object({ enterprise_id: z.string().nullish(), is_enterprise_install: z.boolean().optional() })).optional(),
    event: z.object({ type: z.literal('app_home_opened'), user: z.string().min(1), tab: text }),
  })
  .transform((b, ctx) => {
    const auth = b.authorizations?.[0];
    return { ...b.event, workspaceId: workspace(auth?.is_enterprise_install, b.enterprise_id ?? auth?.enterprise_id, b.team_id, ctx) };
  });

/** What a state value means as a raw answer: text, option value, yes/no, or unix seconds. */
export function rawAnswer(v: StateValue | undefined): string | number | boolean | undefined {
  if (!v) return undefined;
  switch (v.type) {
    case 'checkboxes':
      return (v.selected_options?.length ?? 0) > 0;
    case 'datetimepicker':
      return v.selected_date_time ?? undefined;
    case 'static_select':
    case 'radio_buttons':
      return v.selected_option?.value;
    case 'users_select':
      return v.selected_user ?? undefined;
    default:
      return v.value ?? undefined;
  }
}
