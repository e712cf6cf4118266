import type { types } from '@slack/bolt';
import type { ChecklistView, ReleaseAction } from '../../../src/index.js';
import { escapeText, plain, truncate } from './mrkdwn.js';

/** One action_id per release-level action; the button's value is the release id. */
export const RELEASE_ACTION: Record<ReleaseAction, string> = {
  deploy: 'release_deploy',
  reschedule: 'release_reschedule',
  cancel: 'release_cancel',
  close: 'release_close',
};

const LABEL: Record<ReleaseAction, string> = { deploy: 'Mark deployed', reschedule: 'Reschedule…', cancel: 'Cancel…', close: 'Close…' };
const STYLE: Partial<Record<ReleaseAction, 'primary' | 'danger'>> = { deploy: 'primary', close: 'primary', cancel: 'danger' };

/** Recording the deployment at once is hard to take back (it moves the reminders), so the click asks first. */
function deployConfirm(view: ChecklistView): types.ConfirmationDialog {
  return {
    title: plain('Mark as deployed?'),
    text: { type: 'mrkdwn', text: truncate(`Records *${view.releaseId}* ${escapeText(view.title)} as deployed now, completes its deployment step and starts the after-deployment reminders.`, 300) },
    confirm: plain('Mark deployed'),
    deny: plain('Not yet'),
    style: 'primary',
  };
}

/** The summary's release-level buttons, in the order the view lists its actions; none for a closed or cancelled release. */
export function releaseActionsBlock(view: ChecklistView): types.ActionsBlock | undefined {
  if (!view.actionable || !view.releaseActions.length) return undefined;
  const elements: types.Button[] = view.releaseActions.map((action) => ({
    type: 'button',
    action_id: RELEASE_ACTION[action],
    text: plain(LABEL[action]),
    value: view.releaseId,
    ...(STYLE[action] ? { style: STYLE[action] } : {}),
    ...(action === 'deploy' ? { confirm: deployConfirm(view) } : {}),
  }));
  return { type: 'actions', block_id: `release-actions:${view.releaseId}`, elements };
}
