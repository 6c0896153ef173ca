/** Ages from birth dates, on local calendar dates (YYYY-MM-DD), without a date library. */

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Whole years of age on the given local calendar date. A 29 February birthday counts on 28 February
 * in common years (so a patient born on 29 February 2008 is 18 on 28 February 2026), and on
 * 29 February in leap years.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  const birthDay = bm === 2 && bd === 29 && !isLeapYear(y) ? 28 : bd;
  return y - by - (m < bm || (m === bm && d < birthDay) ? 1 : 0);
}
