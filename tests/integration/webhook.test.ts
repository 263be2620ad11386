// Notifications to a webhook: a real HTTP receiver on 127.0.0.1 that fails and then takes them, the
// setting read from a real data folder, the retries, and logs that never show the webhook's secret.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppNotification } from '../../src-shared/contract-system';
import type { Dvr } from '../../src-main/core/dvr';
import { WebhookSender, webhookLabel, type WebhookBody } from '../../src-main/core/notify/webhook';
import { openTempDvr } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

interface Receiver {
  url: (path: string) => string;
  bodies: unknown[];
  /** The status of each answer in turn; the last one repeats. */
  answers: number[];
  close: () => Promise<void>;
}

async function startReceiver(answers: number[]): Promise<Receiver> {
  const bodies: unknown[] = [];
  const receiver = { bodies, answers } as Receiver;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      bodies.push({
        method: req.method,
        type: req.headers['content-type'],
        path: req.url,
        json: JSON.parse(data) as unknown,
      });
      const status = receiver.answers.length > 1 ? receiver.answers.shift()! : receiver.answers[0]!;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  receiver.url = (path) => `http://127.0.0.1:${port}${path}`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

const SECRET_PATH = '/hooks/T0KEN-abcdef-123456';
const note: AppNotification = {
  kind: 'failed',
  key: 'failed:12:1700000000000',
  title: 'Recording failed',
  body: 'News: HTTP error 404 Not Found',
  link: '/recordings/12',
  at: 1_700_000_000_000,
};

let dvr: Dvr;
let cleanup: () => Promise<void>;
let sender: WebhookSender | null = null;
const logs: string[] = [];

beforeAll(async () => {
  ({ dvr, cleanup } = await openTempDvr());
});
afterAll(async () => cleanup?.());
afterEach(async () => {
  sender?.stop();
  await sender?.idle();
  sender = null;
  logs.length = 0;
  await dvr.call('settings.reset', { keys: ['webhookUrl'] });
});

function startSender(): WebhookSender {
  sender = new WebhookSender({
    subscribe: (listener) => dvr.bus.subscribe(listener),
    url: () => dvr.settings.all().webhookUrl,
    log: (line) => logs.push(line),
    retryDelaysMs: [5, 10, 20],
  });
  sender.start();
  return sender;
}

describe('webhook', () => {
  it('POSTs each notification as JSON, retrying after a failure, and logs no secret', async () => {
    const receiver = await startReceiver([500, 204]);
    try {
      await dvr.call('settings.update', { webhookUrl: receiver.url(SECRET_PATH) });
      const webhook = startSender();
      dvr.bus.emit('notification', note);
      await waitFor(() => receiver.bodies.length === 2, { timeoutMs: 5_000, what: 'a retry' });
      await webhook.idle();
      const expected: WebhookBody = {
        ...note,
        app: 'tapedeck',
        text: 'Recording failed: News: HTTP error 404 Not Found',
      };
      for (const body of receiver.bodies) {
        expect(body).toEqual({ method: 'POST', type: 'application/json', path: SECRET_PATH, json: expected });
      }
      expect(logs).toEqual([
        `webhook: ${note.key} to http://127.0.0.1:${new URL(receiver.url('/')).port}/… failed (HTTP 500); retrying`,
        `webhook: ${note.key} delivered to http://127.0.0.1:${new URL(receiver.url('/')).port}/… (attempt 2)`,
      ]);
      expect(logs.join('\n')).not.toContain('T0KEN');
    } finally {
      await receiver.close();
    }
  });

  it('retries three times, then gives up saying so', async () => {
    const receiver = await startReceiver([503]);
    try {
      const webhook = startSender();
      expect(await webhook.deliver(receiver.url(SECRET_PATH), note)).toBe(false);
      expect(receiver.bodies).toHaveLength(4);
      expect(logs.at(-1)).toMatch(
        /^webhook: gave up on failed:12:\S+ for http:\/\/127\.0\.0\.1:\d+\/… after 4 attempts: HTTP 503$/,
      );
    } finally {
      await receiver.close();
    }
  });

  it('does not retry an answer that says the request is wrong', async () => {
    const receiver = await startReceiver([404]);
    try {
      expect(await startSender().deliver(receiver.url('/nope'), note)).toBe(false);
      expect(receiver.bodies).toHaveLength(1);
      expect(logs).toEqual([expect.stringMatching(/after 1 attempt: HTTP 404$/)]);
    } finally {
      await receiver.close();
    }
  });

  it('retries a receiver that is down, and the error names no secret', async () => {
    const receiver = await startReceiver([204]);
    const url = receiver.url(SECRET_PATH);
    await receiver.close();
    expect(await startSender().deliver(url, note)).toBe(false);
    expect(logs).toHaveLength(4);
    expect(logs.at(-1)).toMatch(/after 4 attempts: ECONNREFUSED$/);
    expect(logs.join('\n')).not.toContain('T0KEN');
  });

  it('sends nothing without a URL, and nothing after stop (a retry waiting is dropped)', async () => {
    const receiver = await startReceiver([500]);
    try {
      const webhook = startSender();
      dvr.bus.emit('notification', note);
      await webhook.idle();
      expect(receiver.bodies).toHaveLength(0);

      const slow = new WebhookSender({
        subscribe: (listener) => dvr.bus.subscribe(listener),
        url: () => receiver.url('/x'),
        log: (line) => logs.push(line),
        retryDelaysMs: [60_000],
      });
      const delivery = slow.deliver(receiver.url('/x'), note);
      await waitFor(() => receiver.bodies.length === 1, { timeoutMs: 5_000, what: 'the first attempt' });
      slow.stop();
      expect(await delivery).toBe(false);
      expect(receiver.bodies).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('takes only http(s) URLs in the setting', async () => {
    for (const bad of ['ftp://example.com/x', 'example.com/hook', 'http://', 'javascript:alert(1)']) {
      await expect(dvr.call('settings.update', { webhookUrl: bad }), bad).rejects.toThrow(/webhook/);
    }
    const good = 'https://ntfy.example.com/tapedeck-topic';
    expect((await dvr.call('settings.update', { webhookUrl: good })).webhookUrl).toBe(good);
    expect(webhookLabel(good)).toBe('https://ntfy.example.com/…');
    expect(webhookLabel('https://user:pw@host.example:8443')).toBe('https://host.example:8443');
  });
});
