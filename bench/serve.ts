/**
 * A server for the load benchmarks, in a process of its own so that its memory is its own and it does
 * not share an event loop with the clients: `pacta` runs the real `pacta start` server (adapters/root/
 * server.ts) on the configuration in the environment; `bare` a Bolt app that only verifies and acks, on
 * the same HTTP server class. Talks to the benchmark over IPC: sends `{ url }` once listening, answers
 * `memory` with its heap and RSS, exits on `stop`.
 */
import { App as BoltApp } from '@slack/bolt';
import { loadConfig } from '../adapters/config.ts';
import { HttpServer } from '../adapters/http/server.ts';
import { silentLogger } from '../adapters/logger.ts';
import { startServer } from '../adapters/root/server.ts';
import { SlackHttpReceiver } from '../adapters/slack/http-receiver.ts';

export type ServeMessage = { url: string } | { memory: Memory };
export type Memory = { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number };

const log = silentLogger();
const mode = process.argv[2];

async function bare(): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new SlackHttpReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET!, log });
  const noop = () => {};
  const logger = { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, getLevel: () => 'error' as never, setName: noop };
  const bolt = new BoltApp({ receiver, authorize: async () => ({ botToken: 'xoxb-bench', botId: 'B0BOT', botUserId: 'U0BOT' }), logger });
  bolt.command('/sla', async ({ ack }) => ack());
  const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log });
  server.route('/slack/events', receiver.handle);
  const { port } = await server.listen();
  return { url: `http://127.0.0.1:${port}`, stop: () => server.stop() };
}

const running = mode === 'bare' ? await bare() : await startServer(loadConfig(process.env), log, 'bench');
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
process.on('message', (m) => {
  if (m === 'memory') {
    const u = process.memoryUsage();
    process.send!({ memory: { rssMb: mb(u.rss), heapUsedMb: mb(u.heapUsed), heapTotalMb: mb(u.heapTotal), externalMb: mb(u.external), arrayBuffersMb: mb(u.arrayBuffers) } } satisfies ServeMessage);
  } else if (m === 'stop') {
    void running.stop().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => void running.stop().finally(() => process.exit(0)));
process.send!({ url: running.url } satisfies ServeMessage);
