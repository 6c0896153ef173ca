/**
 * A clinic's MLLP listener: the port its legacy EHR connects to. One connection at a time per clinic
 * (a second is refused while one is open, as interface engines expect); each message is answered with
 * its ACK/NAK before the next is read, so messages are applied in the order sent, per patient and
 * overall. A connection that drops mid-message leaves nothing applied: the partial frame is dropped
 * and the EHR, having no ACK, sends it again.
 */
import net from 'node:net';
import { log } from '@/lib/logger';
import { frame, MllpDecoder } from './framing';

export interface MllpListener {
  port: number;
  close: () => Promise<void>;
}

export interface MllpListenerOptions {
  host: string;
  port: number;
  /** Answers one message (its ACK or NAK text). Called one message at a time. */
  onMessage: (text: string) => Promise<string>;
  onConnectionChange?: (connected: boolean) => void;
}

export async function startMllpListener(options: MllpListenerOptions): Promise<MllpListener> {
  let active: net.Socket | null = null;
  const server = net.createServer((socket) => {
    if (active) {
      socket.destroy();
      return;
    }
    active = socket;
    options.onConnectionChange?.(true);
    const decoder = new MllpDecoder();
    let chain: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const text of frames)
        chain = chain.then(async () => {
          const answer = await options.onMessage(text).catch((error: unknown) => {
            log().error({ err: error instanceof Error ? error.message : 'unknown' }, 'bridge message failed');
            return null;
          });
          // No answer (the app itself failed): close, so the EHR re-sends rather than thinking it delivered.
          if (answer === null) socket.destroy();
          else if (!socket.destroyed) socket.write(frame(answer));
        });
    });
    socket.on('close', () => {
      if (decoder.partial) log().warn({ port: options.port }, 'MLLP connection dropped mid-message; nothing applied');
      if (active === socket) active = null;
      options.onConnectionChange?.(false);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise<void>((resolve) => {
        active?.destroy();
        server.close(() => resolve());
      }),
  };
}
