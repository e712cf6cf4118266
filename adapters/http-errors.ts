import type { ErrorRequestHandler, RequestHandler } from 'express';
import { reportUnexpected, type Logger } from '../src/index.js';

/** Unknown paths get a short JSON answer, not express's HTML page. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'Not found' });
};

/**
 * The last word on any request that failed: a short JSON body and one log line, never an HTML stack trace with
 * the server's paths. Bodies that are not JSON, or too large, are the sender's mistake (4xx) and logged as a warning.
 */
export function httpErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const e = error as { type?: unknown; status?: unknown; statusCode?: unknown };
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (status >= 400 && status < 500) {
      const detail = e.type === 'entity.parse.failed' ? 'The body is not valid JSON.' : e.type === 'entity.too.large' ? 'The body is too large.' : 'The request is not valid.';
      logger.warn('rejected a bad request', { path: req.path, status, detail });
      res.status(status).json({ error: detail });
      return;
    }
    const { ref } = reportUnexpected(error, logger, { path: req.path });
    res.status(500).json({ error: `Internal error (ref ${ref})` });
  };
}
