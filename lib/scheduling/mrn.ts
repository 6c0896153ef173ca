/** MRNs the app assigns itself (for EHRs that do not): digits with a Luhn mod-10 check digit. */
import { randomInt } from 'node:crypto';
import { z } from 'zod';

/** An MRN without the spaces and hyphens it was typed or printed with (`\s` includes U+00A0). */
export function compactMrn(typed: string): string {
  return typed.replace(/[\s-]+/g, '');
}

/**
 * A medical record number as people type it: `9548-1594`, `9548 1594` and `95481594` are one MRN.
 * Spaces and hyphens are dropped at the edge (sign-in, and anything else that takes an MRN), so
 * limits, audit and the EHR lookup all see the same value.
 */
export const mrnInputSchema = z
  .string()
  .transform(compactMrn)
  .pipe(
    z
      .string()
      .min(3, 'field.mrnRequired')
      .max(40)
      .regex(/^[A-Za-z0-9]+$/, 'field.mrnFormat'),
  );

export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidCheckDigitMrn(mrn: string): boolean {
  return /^\d{2,}$/.test(mrn) && luhnCheckDigit(mrn.slice(0, -1)) === mrn.slice(-1);
}

/** A new random 8-digit MRN (7 digits + check digit), not starting with 0. */
export function newCheckDigitMrn(): string {
  const body = String(randomInt(2_000_000, 9_999_999));
  return `${body}${luhnCheckDigit(body)}`;
}
