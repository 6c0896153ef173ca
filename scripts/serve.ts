/**
 * Serves the Next.js app through lib/server/http-server.ts (peer address recorded for the client
 * address check). `tsx scripts/serve.ts [--dev]`; PORT (default 3000) and HOST (default: loopback
 * when APP_ENV is development or unset, every interface otherwise) say where. Used by `npm start`,
 * `npm run dev` and the browser tests; the environment is the app's (see lib/config.ts).
 */
import { createPeerRecordingServer, defaultListenHost } from '@/lib/server/http-server';

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  // As `next start` / `next dev` do, before Next (and React) load: it picks their production builds.
  (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
  const { default: next } = await import('next');
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOST || defaultListenHost(process.env.APP_ENV);
  const app = next({ dev, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createPeerRecordingServer((request, response) => handle(request, response));
  const upgrade = app.getUpgradeHandler();
  server.on('upgrade', (request, socket, head: Buffer) => void upgrade(request, socket, head));
  server.listen(port, hostname, () => console.log(`Listening on http://${hostname}:${port}`));
  const stop = (): void => {
    server.close();
    void app.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
