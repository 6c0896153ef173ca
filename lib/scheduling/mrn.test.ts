import { describe, expect, it } from 'vitest';
import { mrnInputSchema } from './mrn';

describe('an MRN as people type it', () => {
  it('drops spaces and hyphens, so 9548-1594, 9548 1594 and 95481594 are one MRN', () => {
    for (const typed of ['9548-1594', '9548 1594', ' 9548 - 1594 ', '95481594', '9548\u00a01594'])
      expect(mrnInputSchema.parse(typed)).toBe('95481594');
  });

  it('refuses anything but letters and digits once spaces and hyphens are gone, and too-short numbers', () => {
    expect(mrnInputSchema.safeParse('9548/1594').error?.issues[0]?.message).toBe('field.mrnFormat');
    expect(mrnInputSchema.safeParse(' - 1 ').error?.issues[0]?.message).toBe('field.mrnRequired');
  });
});
