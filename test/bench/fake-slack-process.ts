/**
 * The fake Slack Web API in a process of its own, for the Slack bench: real Slack is remote, so handling the app's
 * chat.update calls must not be charged to the app's ack latency. Prints one JSON line on stdout,
 * {url, origin, control}, and serves a small control API next to the fake:
 *   GET  /views-open      bodies of the views.open calls recorded so far (the bench opens modals with them)
 *   GET  /counts          calls per method, as counted once recording is off
 *   POST /stop-recording  from here on calls are only counted, not decoded or kept
 * It exits when its stdin closes (the parent went away).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';

const fake = await new FakeSlackApi().start();
const control = http.createServer((req, res) => {
  const send = (json: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(json));
  };
  req.resume();
  if (req.url === '/views-open') return send(fake.callsTo('views.open').map((c) => c.body));
  if (req.url === '/counts') return send(Object.fromEntries(fake.counts));
  if (req.url === '/stop-recording' && req.method === 'POST') {
    fake.recording = false;
    return send({ ok: true });
  }
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const { port } = control.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ url: fake.url, origin: fake.origin, control: `http://127.0.0.1:${port}` })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  control.close();
  void fake.close().then(() => process.exit(0));
});
