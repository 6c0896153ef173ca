import { describe, expect, it } from 'vitest';
import { ageOn } from './age';

describe('ageOn', () => {
  it('counts whole years on a local date', () => {
    expect(ageOn('2010-06-15', '2026-06-14')).toBe(15);
    expect(ageOn('2010-06-15', '2026-06-15')).toBe(16);
    expect(ageOn('1975-09-30', '2031-06-03')).toBe(55);
    expect(ageOn('1975-06-03', '2031-06-03')).toBe(56);
  });

  it('counts a 29 February birthday on 28 February in common years', () => {
    expect(ageOn('2008-02-29', '2026-02-27')).toBe(17);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(18);
    expect(ageOn('2020-02-29', '2021-02-28')).toBe(1);
    expect(ageOn('2020-02-29', '2021-03-01')).toBe(1);
  });

  it('counts a 29 February birthday on 29 February in leap years', () => {
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    expect(ageOn('2096-02-29', '2100-02-28')).toBe(4);
    expect(ageOn('1996-02-29', '2000-02-28')).toBe(3);
    expect(ageOn('1996-02-29', '2000-02-29')).toBe(4);
  });
});
