import { devices, expect, test } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { virtualAuthenticator } from './support/passkey';
import { MARIA, latestCode } from './support/patient';

// A patient adds a passkey after signing in with a code, signs in with it from a fresh browser in one
// tap, and removing it ends that session.
test('a passkey made after MRN sign-in signs in from a fresh context; removing it ends its session', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const first = await virtualAuthenticator(page);

  // Sign in with MRN + code; the device can keep a passkey, so it is offered before the home page.
  const started = Date.now() - 1000;
  await page.goto('/demo/login');
  await page.getByLabel('Medical record number (MRN)').fill(MARIA.mrn);
  await page.getByLabel('Date of birth').fill(MARIA.birthDate);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Send my code' }).click();
  await expect(page.getByRole('status')).toContainText('We sent a code');
  await page.getByLabel('6-digit code').fill(await latestCode(page.request, MARIA.phone, started));
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in with your face or fingerprint next time' })).toBeVisible({
    timeout: 20_000,
  });
  await expectAccessible(page, 'passkey offer');
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Your passkey is saved. Next time, choose “Sign in with a passkey”.',
  );
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/demo\/me$/, { timeout: 20_000 });

  // The authenticator holds a discoverable credential for the app's host, named by the account.
  const { credentials } = await first.cdp.send('WebAuthn.getCredentials', { authenticatorId: first.authenticatorId });
  expect(credentials).toHaveLength(1);
  const credential = credentials[0];
  if (!credential) throw new Error('no credential on the authenticator');
  expect(credential.isResidentCredential).toBe(true);
  expect(credential.rpId).toBe('localhost');

  // A fresh browser context whose authenticator carries the same passkey (a synced passkey, another tab).
  const other = await browser.newContext({ ...devices['Pixel 7'], baseURL: baseURL ?? '' });
  const phone = await other.newPage();
  const second = await virtualAuthenticator(phone);
  await second.cdp.send('WebAuthn.addCredential', {
    authenticatorId: second.authenticatorId,
    credential,
  });
  await phone.goto('/demo');
  await expectAccessible(phone, 'clinic home with passkey sign-in');
  await phone.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(phone).toHaveURL(/\/demo\/me$/, { timeout: 20_000 });
  await expect(phone.getByRole('heading', { level: 1 })).toBeVisible();

  // The profile lists it with its last use; removing it ends the sessions, the one it opened too.
  await page.goto('/demo/me/profile');
  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  await expect(passkeys.getByText(/^Passkey added /)).toBeVisible();
  await expect(passkeys.getByText(/Last used /)).toBeVisible();
  await expectAccessible(page, 'profile with a passkey');
  await passkeys.getByRole('button', { name: /^Remove Passkey added / }).click();
  await expect(page).toHaveURL(/\/demo$/);
  await phone.goto('/demo/me');
  await expect(phone).toHaveURL(/\/demo\/login$/);

  // The removed passkey, still on the device, is refused with a message that says what to do instead.
  await phone.goto('/demo');
  await phone.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(phone.locator('p[role="alert"]')).toHaveText(
    'That passkey could not sign you in here. Sign in with your medical record number and a code instead.',
  );
  await other.close();
});
