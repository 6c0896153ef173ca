/** Serves the sandbox with node:http (tests, benchmarks): the same handler as the Next route. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { handleFhirRequest } from './http';

async function toRequest(message: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) if (typeof value === 'string') headers.set(name, value);
  const hasBody = message.method !== 'GET' && message.method !== 'HEAD';
  return new Request(new URL(message.url ?? '/', origin), {
    method: message.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}

export interface RunningSandboxServer {
  origin: string;
  server: Server;
  close: () => Promise<void>;
}

/** Listens on a loopback port; `/fhir/{partition}/...` is handled, anything else is 404. */
export async function startSandboxServer(databaseUrl: string, port = 0): Promise<RunningSandboxServer> {
  let origin = '';
  const server = createServer((message, response) => {
    void (async () => {
      const request = await toRequest(message, origin);
      const match = /^\/fhir\/([^/]+)\/?(.*)$/.exec(new URL(request.url).pathname);
      const result = match
        ? await handleFhirRequest(request, {
            partition: decodeURIComponent(match[1] ?? ''),
            path: (match[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent),
            databaseUrl,
            baseUrl: `${origin}/fhir/${match[1] ?? ''}`,
          })
        : new Response('Not found', { status: 404 });
      response.writeHead(result.status, Object.fromEntries(result.headers.entries()));
      response.end(Buffer.from(await result.arrayBuffer()));
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return { origin, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
