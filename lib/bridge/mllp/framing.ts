/**
 * MLLP (HL7 v2 Minimal Lower Layer Protocol, HL7 v2.5.1 Appendix C): each message is framed as
 * <VT> message <FS><CR> (0x0B ... 0x1C 0x0D). The decoder buffers bytes across TCP packets and yields
 * whole frames; what is left when the connection ends is a message dropped mid-way, never applied.
 */
export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

export function frame(message: string): Buffer {
  return Buffer.concat([
    Buffer.from([START_BLOCK]),
    Buffer.from(message, 'utf8'),
    Buffer.from([END_BLOCK, CARRIAGE_RETURN]),
  ]);
}

export class MllpDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes received outside a frame (noise before a start block), dropped. */
  discarded = 0;

  constructor(private readonly maxFrameBytes = 4 * 1024 * 1024) {}

  /** The whole frames these bytes complete, as UTF-8 text (invalid bytes become U+FFFD). */
  push(chunk: Buffer): string[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: string[] = [];
    for (;;) {
      const start = this.buffer.indexOf(START_BLOCK);
      if (start < 0) {
        this.discarded += this.buffer.length;
        this.buffer = Buffer.alloc(0);
        break;
      }
      if (start > 0) {
        this.discarded += start;
        this.buffer = this.buffer.subarray(start);
      }
      const end = this.buffer.indexOf(END_BLOCK, 1);
      if (end < 0) {
        if (this.buffer.length > this.maxFrameBytes) throw new Error('MLLP frame too large');
        break;
      }
      frames.push(new TextDecoder('utf-8', { fatal: false }).decode(this.buffer.subarray(1, end)));
      const after = this.buffer[end + 1] === CARRIAGE_RETURN ? end + 2 : end + 1;
      this.buffer = this.buffer.subarray(after);
    }
    return frames;
  }

  /** True when a frame was started and not finished (the connection dropped mid-message). */
  get partial(): boolean {
    return this.buffer.length > 0;
  }
}
