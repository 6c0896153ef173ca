/**
 * Sending HL7 v2 over MLLP and reading the answer: one persistent connection, one message in flight
 * (the next waits for the previous ACK), a timeout per message. Used for the outbound SIU messages and
 * by the tests' legacy-EHR simulator.
 */
import net from 'node:net';
import { frame, MllpDecoder } from './framing';

export class MllpClient {
  private socket: net.Socket | null = null;
  private decoder = new MllpDecoder();
  private waiting: { resolve: (text: string) => void; reject: (error: Error) => void } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 10_000,
  ) {}

  private connect(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      this.decoder = new MllpDecoder();
      socket.once('connect', () => {
        this.socket = socket;
        resolve(socket);
      });
      socket.once('error', (error) => {
        reject(error);
        this.fail(error);
      });
      socket.on('data', (chunk: Buffer) => {
        for (const text of this.decoder.push(chunk)) {
          const waiting = this.waiting;
          this.waiting = null;
          waiting?.resolve(text);
        }
      });
      socket.on('close', () => {
        this.socket = null;
        this.fail(new Error('connection closed'));
      });
    });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }

  /** Sends one message and resolves with the receiver's answer (its ACK or NAK). */
  send(message: string): Promise<string> {
    const next = this.queue.then(async () => {
      const socket = await this.connect();
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiting = null;
          socket.destroy();
          reject(new Error('no acknowledgement in time'));
        }, this.timeoutMs);
        this.waiting = {
          resolve: (text) => {
            clearTimeout(timer);
            resolve(text);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        socket.write(frame(message));
      });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Writes raw bytes (the simulator's way of sending broken frames). */
  async writeRaw(bytes: Buffer): Promise<void> {
    const socket = await this.connect();
    socket.write(bytes);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}
