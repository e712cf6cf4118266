import { z } from 'zod';

/** The parts of Slack's payloads this app reads. Unknown fields pass through untouched; missing ones fail loudly. */
const user = z.object({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional() });

export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1),
  response_url: z.string().optional(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

export const blockActionSchema = z.object({
  type: z.literal('block_actions'),
  user,
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  container: z.object({
    type: z.string(),
    message_ts: z.string().optional(),
    channel_id: z.string().optional(),
    view_id: z.string().optional(),
    thread_ts: z.string().optional(),
  }),
  channel: z.object({ id: z.string() }).optional(),
  view: z.object({ id: z.string(), type: z.string() }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        block_id: z.string().optional(),
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).optional(),
        action_ts: z.string(),
      }),
    )
    .min(1),
});
export type BlockAction = z.infer<typeof blockActionSchema>;

const stateValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date_time: z.number().nullish(),
  selected_user: z.string().nullish(),
});
export type StateValue = z.infer<typeof stateValue>;

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user,
  view: z.object({
    id: z.string().min(1),
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValue)) }),
  }),
});
export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;

export const appHomeOpenedSchema = z.object({
  type: z.literal('app_home_opened'),
  user: z.string().min(1),
  tab: z.string().optional(),
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
