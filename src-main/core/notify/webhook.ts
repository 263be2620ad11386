// Notifications to a webhook (setting `webhookUrl`): each `notification` event the core raises is
// POSTed as JSON, so a headless Tapedeck can reach a phone (ntfy, Gotify, Home Assistant, a chat).
// The body carries the notification as raised (kind, key, title, body, link, at) and `text`, the line
// a person reads, which Slack-style incoming webhooks show as it is.
// A failed delivery (network error, timeout, 5xx, 429) is retried three times with growing pauses; any
// other answer (400, 404...) means the URL or the receiver is wrong, and retrying would not change it.
// Webhook URLs carry their secret in the path or query (Slack, Discord, ntfy topics), so logs show
// only the scheme and host.
import type { AppNotification } from '../../../src-shared/contract-system';
import type { TapedeckEvent } from '../../../src-shared/contract';
import { redactText } from '../redact';
import { VERSION } from '../version';

/** Pauses before the 1st, 2nd and 3rd retry. */
export const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000, 30_000] as const;
const DEFAULT_TIMEOUT_MS = 10_000;

export interface WebhookOptions {
  subscribe: (listener: (event: TapedeckEvent) => void) => () => void;
  /** The URL in force now (read at each delivery, so a changed setting applies to the next one). */
  url: () => string | null;
  log: (line: string) => void;
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

/** What a receiver gets. */
export interface WebhookBody extends AppNotification {
  app: 'tapedeck';
  /** "Recording failed: News: HTTP error 404" */
  text: string;
}

export class WebhookSender {
  private unsubscribe: (() => void) | null = null;
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<boolean>>();

  constructor(private readonly options: WebhookOptions) {}

  start(): void {
    this.unsubscribe = this.options.subscribe((event) => {
      if (event.name !== 'notification') return;
      const url = this.options.url();
      if (!url) return;
      const delivery = this.deliver(url, event.payload as AppNotification);
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    });
  }

  /** Stops listening and gives up on retries still waiting (nothing is sent after this). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopping.abort();
  }

  /** Resolves when every delivery under way has ended (delivered or given up). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Sends one notification, retrying; resolves true when the receiver took it. */
  async deliver(url: string, notification: AppNotification): Promise<boolean> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const where = webhookLabel(url);
    const body: WebhookBody = {
      ...notification,
      app: 'tapedeck',
      text: `${notification.title}: ${notification.body}`,
    };
    for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
      if (this.stopping.signal.aborted) return false;
      const outcome = await this.post(url, body);
      if (outcome.ok) {
        if (attempt > 1)
          this.options.log(`webhook: ${notification.key} delivered to ${where} (attempt ${attempt})`);
        return true;
      }
      const why = redactText(outcome.why.split(url).join(where));
      if (!outcome.retry || attempt > delays.length) {
        this.options.log(
          `webhook: gave up on ${notification.key} for ${where} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${why}`,
        );
        return false;
      }
      this.options.log(`webhook: ${notification.key} to ${where} failed (${why}); retrying`);
      if (!(await pause(delays[attempt - 1]!, this.stopping.signal))) return false;
    }
    return false;
  }

  private async post(
    url: string,
    body: WebhookBody,
  ): Promise<{ ok: true } | { ok: false; retry: boolean; why: string }> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': `Tapedeck/${VERSION}` },
        body: JSON.stringify(body),
        signal: AbortSignal.any([timeout, this.stopping.signal]),
        credentials: 'omit',
      });
      // The answer's body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      const status = response.status;
      return { ok: false, retry: status >= 500 || status === 429 || status === 408, why: `HTTP ${status}` };
    } catch (error) {
      if (timeout.aborted) return { ok: false, retry: true, why: 'no answer within the time limit' };
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why =
        typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
      return { ok: false, retry: true, why };
    }
  }
}

/** "https://hooks.example.com/…": enough to recognise the receiver, nothing of its secret. */
export function webhookLabel(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = parsed.pathname.length > 1 || parsed.search ? '/…' : '';
    return `${parsed.protocol}//${parsed.host}${rest}`;
  } catch {
    return 'the webhook';
  }
}

function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
