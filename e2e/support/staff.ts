import type { Page } from '@playwright/test';

/** Signs a staff member in with email and password (at the demo clinic unless another is named). */
export async function signInStaff(
  page: Page,
  account: { email: string; password: string },
  clinic = 'demo',
): Promise<void> {
  await page.goto(`/${clinic}/staff/login`);
  await page.getByLabel('Work email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
