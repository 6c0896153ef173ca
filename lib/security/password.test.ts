import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('staff passwords', () => {
  it('verify against their own scrypt hash and not against another password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  });

  it('salt every hash, so equal passwords hash differently', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('never match a malformed stored hash', async () => {
    expect(await verifyPassword('anything', 'plaintext')).toBe(false);
    expect(await verifyPassword('anything', 'bcrypt$10$abc$def$ghi$jkl')).toBe(false);
  });
});
