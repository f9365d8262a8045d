import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** One notification Alertmanager sent to a webhook receiver (its JSON payload, version 4). */
export interface Notification {
  /** The receiver path it arrived on ("/identity-pager"). */
  readonly path: string;
  /** "firing" or "resolved". */
  readonly status: string;
  /** The alerts of the group. */
  readonly alerts: ReadonlyArray<{ readonly status: string; readonly labels: Record<string, string>; readonly annotations: Record<string, string> }>;
  /** Labels the group shares. */
  readonly groupLabels: Record<string, string>;
  /** When it arrived (ms since the epoch). */
  readonly at: number;
}

/** A webhook receiver served on loopback: each receiver of a config posts to `${url}/<receiver name>`. */
export interface WebhookReceiver {
  /** Base URL. */
  readonly url: string;
  /** Every notification so far, in arrival order. */
  readonly received: Notification[];
  /** Resolves with the first notification (received already or later) that `match` accepts, or rejects after `timeoutMs`. */
  waitFor(match: (n: Notification) => boolean, timeoutMs?: number): Promise<Notification>;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts a webhook receiver on a free loopback port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Notification[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as Omit<Notification, 'path' | 'at'>;
      received.push({ path: req.url ?? '', status: payload.status, alerts: payload.alerts, groupLabels: payload.groupLabels, at: Date.now() });
      waiters.splice(0).forEach((w) => w());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no matching notification within ${timeoutMs} ms; received: ${JSON.stringify(received.map((n) => [n.path, n.status, n.alerts.map((a) => a.labels)]))}`)), timeoutMs);
        const check = () => {
          const found = received.find(match);
          if (found) {
            clearTimeout(deadline);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
