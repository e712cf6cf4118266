import { describe, expect, it } from 'vitest';
import { createLogger, withLogContext } from '../../src/index.js';
import { ApiBot } from '../api/api-harness.js';

/** What reaches a real log line, through pino and our redaction, as JSON an operator's tooling parses. */
function captured(): { lines: Array<Record<string, unknown>>; logger: ReturnType<typeof createLogger>; raw: string[] } {
  const raw: string[] = [];
  const logger = createLogger('debug', (l) => raw.push(l));
  return { raw, logger, get lines() { return raw.map((l) => JSON.parse(l) as Record<string, unknown>); } };
}

describe('structured logs', () => {
  it('write one JSON line per entry, with time, level, message and the fields', () => {
    const c = captured();
    c.logger.info('reminder sent', { reminderId: 'R-1:announce', attempts: 1 });
    expect(c.lines).toEqual([{ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string, level: 'info', message: 'reminder sent', reminderId: 'R-1:announce', attempts: 1 }]);
  });

  it('redact every token, secret and Authorization header, however deep, and tokens quoted in text', () => {
    const c = captured();
    const err = Object.assign(new Error('Slack said invalid_auth for xoxb-1234567890-abcdefghij (Authorization: Bearer rbt_abcdefghijklmnopqrstuvwxyz0123)'), { code: 'E', token: 'xoxb-secret' });
    c.logger.error('call failed', {
      token: 'xoxb-123',
      config: { headers: { Authorization: 'Bearer abc.def.ghi', 'x-api-key': 'k' }, data: { client_secret: 's', password: 'p' } },
      url: 'https://slack.com/api/chat.postMessage',
      error: err,
    });
    const line = c.raw.join('\n');
    for (const secret of ['xoxb-123', 'abc.def.ghi', 'client_secret":"s', 'password":"p', 'xoxb-1234567890', 'rbt_abcdefghij', 'xoxb-secret', '"k"']) expect(line).not.toContain(secret);
    expect(c.lines[0]).toMatchObject({ token: '[redacted]', config: { headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]' }, data: { client_secret: '[redacted]', password: '[redacted]' } }, url: 'https://slack.com/api/chat.postMessage' });
    expect((c.lines[0]!['error'] as { message: string }).message).toBe('Slack said invalid_auth for [redacted] (Authorization: Bearer [redacted])');
  });

  it('scrub tokens from the message itself (Bolt logs whole payloads there), and cut off object graphs too deep to read', () => {
    const c = captured();
    c.logger.debug('[bolt] body {"token":"xoxb-9999999999-zzzzzzzzzz","type":"block_actions"}');
    let deep: Record<string, unknown> = { headers: { authorization: 'Bearer abc.def.ghi' } };
    for (let i = 0; i < 8; i++) deep = { next: deep };
    c.logger.error('request failed', { original: deep });
    expect(c.raw.join('\n')).not.toMatch(/xoxb-9999|abc\.def\.ghi/);
    expect(c.raw.join('\n')).toContain('[truncated]');
  });

  it('scrub the password of a database URL quoted in an error', () => {
    const c = captured();
    c.logger.error('could not connect', { error: new Error('connect to postgres://bot:s3cr3t-pw@db.internal:5432/rb failed') });
    const line = c.raw.join('\n');
    expect(line).not.toContain('s3cr3t-pw');
    expect(line).toContain('postgres://bot:[redacted]@db.internal:5432/rb');
  });

  it('name the release on every line logged about it', () => {
    const c = captured();
    withLogContext({ releaseId: 'R-42' }, () => c.logger.warn('reminder send failed; will retry'));
    c.logger.info('outside');
    expect(c.lines.map((l) => l['releaseId'])).toEqual(['R-42', undefined]);
  });

  it('give each HTTP request an id, answered in X-Request-Id and carried by the lines it logs', async () => {
    const api = new ApiBot();
    await api.start();
    try {
      const res = await fetch(`${api.url}/releases/R-1`, { headers: { authorization: 'Bearer rbt_not-a-token' } });
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const lines = api.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['message'] === 'API authentication failed');
      expect(lines).toEqual([expect.objectContaining({ level: 'warn', requestId: id, presented: 'unknown or revoked token', path: '/api/v1/releases/R-1' })]);
      expect(JSON.stringify(lines)).not.toContain('rbt_not-a-token');
      const own = await fetch(`${api.url}/releases/R-1`, { headers: { 'x-request-id': 'lb-7f3a' } });
      expect(own.headers.get('x-request-id')).toBe('lb-7f3a');
    } finally {
      await api.stop();
    }
  });
});
