import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test } from '@playwright/test';
import { JAMES, logInAs } from './support/patient';

test('a patient makes a QR code on the profile, logs in with it, and turning it off ends every session', async ({
  page,
  browser,
}) => {
  await logInAs(page, JAMES);
  await page.getByRole('navigation', { name: 'Your pages' }).getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My profile');
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => violation.id),
  ).toEqual([]);
  await expect(page.getByText('You have no QR code.')).toBeVisible();
  await page.getByRole('button', { name: 'Make a QR code' }).click();
  await expect(page.getByRole('status')).toHaveText('Here is your new QR code. The old one no longer works.');
  const png = await page.getByRole('link', { name: 'Save as image' }).getAttribute('href');
  expect(png).toMatch(/^data:image\/png;base64,/);

  // The same code, opened on another device: the link comes from the server's answer, as the QR encodes it.
  const issued = await page.request.post('/api/demo/me/qr', { headers: { origin: new URL(page.url()).origin } });
  const { link } = (await issued.json()) as { link: string };
  const other = await browser.newContext({ ...devices['Pixel 7'], baseURL: new URL(page.url()).origin });
  const phone = await other.newPage();
  await phone.goto(link);
  await phone.getByLabel('Date of birth').fill(JAMES.birthDate);
  await phone.getByRole('button', { name: 'Log in' }).click();
  await expect(phone).toHaveURL(/\/demo\/me$/);

  await page.reload();
  await expect(page.getByText(/Your QR code works until/)).toBeVisible();
  await page.getByRole('button', { name: 'Turn off my QR code' }).click();
  await expect(page).toHaveURL(/\/demo$/);
  await phone.goto('/demo/me');
  await expect(phone).toHaveURL(/\/demo\/login$/);
  await phone.goto(link);
  await phone.getByLabel('Date of birth').fill(JAMES.birthDate);
  await phone.getByRole('button', { name: 'Log in' }).click();
  await expect(phone.locator('p[role="alert"]')).toContainText('That QR code does not work with this date of birth.');
  await other.close();
});

test('a patient chooses email for messages and Spanish for the app', async ({ page }) => {
  await logInAs(page, JAMES);
  await page.goto('/demo/me/profile');
  // Issue 17 #14: on a narrow phone a masked phone or email stays on one line (no break at its hyphens).
  await page.setViewportSize({ width: 320, height: 640 });
  const masked = page.locator('main .nowrap', { hasText: '***' });
  await expect(masked.first()).toBeVisible();
  expect(await masked.count()).toBeGreaterThanOrEqual(4);
  for (const contact of await masked.all())
    expect(await contact.evaluate((node) => [getComputedStyle(node).whiteSpace, node.getClientRects().length])).toEqual(
      ['nowrap', 1],
    );
  await page.getByLabel('Email to j***@example.com').check();
  await page.getByLabel('App and message language').selectOption('es');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mi perfil');
  await page.reload();
  await expect(page.getByLabel('Correo a j***@example.com')).toBeChecked();
  await page.getByLabel('Idioma de la app y los mensajes').selectOption('en');
  await page.getByRole('button', { name: 'Guardar', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My profile');
});
