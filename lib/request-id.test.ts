import { describe, expect, it } from 'vitest';
import { isSaneRequestId, requestIdFrom } from './request-id';

describe('request ids', () => {
  it('keeps a sane id sent by the client', () => {
    expect(requestIdFrom('3f2b8c1e-7d4a-4f7e-9a51-0c2d6e8f1a2b')).toBe('3f2b8c1e-7d4a-4f7e-9a51-0c2d6e8f1a2b');
    expect(requestIdFrom('lb.trace:01HZX3K9Q2')).toBe('lb.trace:01HZX3K9Q2');
  });

  it.each([
    ['empty', ''],
    ['too short', 'abc'],
    ['too long', 'a'.repeat(129)],
    ['log injection', 'abcdefgh\n{"level":"fatal"}'],
    ['markup', '<script>alert(1)</script>'],
    ['spaces', 'request id 12345'],
  ])('replaces a malformed id (%s) with a new UUID', (_label, value) => {
    expect(isSaneRequestId(value)).toBe(false);
    expect(requestIdFrom(value)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('generates an id when none was sent', () => {
    expect(requestIdFrom(null)).not.toBe(requestIdFrom(null));
  });
});
