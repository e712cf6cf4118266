import type { ExpressReceiverOptions } from '@slack/bolt';
import type { RequestHandler } from 'express';
import { reportUnexpected, type Logger } from '../../src/index.js';

/** Slack's five minutes, the other way: a request may not claim to be from the future (Bolt checks only the past). */
const MAX_AHEAD_S = 5 * 60;
const REFUSED: Record<number, string> = { 400: 'The body is not a Slack request.', 401: 'The request is not signed by Slack.', 413: 'The body is too large.' };

/**
 * Runs before Bolt on the Slack path, and reads one header: a timestamp more than five minutes ahead gets 401 (a
 * request signed for later could be replayed until then). Bolt's own refusals (bad signature, a body that is not
 * JSON or a form) go out bare; they get a short JSON body, never a stack.
 */
export const slackGuard: RequestHandler = (req, res, next) => {
  if (Number(req.headers['x-slack-request-timestamp']) > Date.now() / 1000 + MAX_AHEAD_S) {
    res.status(401).json({ error: REFUSED[401] });
    return;
  }
  const send = res.send.bind(res);
  res.send = (body?: unknown) => (body === undefined && REFUSED[res.statusCode] ? res.json({ error: REFUSED[res.statusCode] }) : send(body));
  next();
};

/**
 * Bolt reads who and where from a payload before any listener runs, and throws on one without them (a block_actions
 * with no user): that is the sender's mistake, a 400, not our 500. Anything else is ours, logged under a reference.
 */
export function payloadErrors(logger: Logger): ExpressReceiverOptions['processEventErrorHandler'] {
  return async ({ error, response }) => {
    if (response.headersSent) return false;
    // Only Bolt's own crash on a payload without its user or team; a TypeError of ours stays a 500 with a reference.
    const unreadable = error instanceof TypeError && /reading '(id|user|team_id|team)'/.test(error.message);
    if (unreadable) logger.warn('rejected a Slack payload without the fields every payload has', { detail: error.message });
    const body = unreadable ? { error: 'The payload is not one Slack sends.' } : { error: `Internal error (ref ${reportUnexpected(error, logger, { surface: 'slack' }).ref})` };
    response.writeHead(unreadable ? 400 : 500, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return false;
  };
}
