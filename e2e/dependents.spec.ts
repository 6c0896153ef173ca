import { expect, test } from '@playwright/test';
import { MARIA, signedInAs } from './support/patient';

test('a guardian adds a child and can then book for them', async ({ page }) => {
  await signedInAs(page, MARIA);
  const people = page.getByRole('region', { name: 'People in your care' });
  await people.getByRole('button', { name: 'Add a child' }).click();
  await page.getByLabel('First name').fill('Lucas');
  await page.getByLabel('Last name').fill('Lopez');
  await page.getByLabel('Date of birth').fill('2022-03-14');
  await page.getByLabel('Sex').selectOption('male');
  await page.getByLabel('You are their').selectOption('mother');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(
    /Lucas Lopez is linked to you\. Their medical record number is \d{8}\./,
  );
  await expect(people).toContainText('Lucas Lopez');

  await page.getByLabel('Show appointments for').selectOption({ label: 'Lucas Lopez' });
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('You are acting for Lucas Lopez.');
  await expect(page).toHaveURL(/\/demo\/me\?for=[\w.-]+$/);
  await expect(page.getByText('You have no upcoming appointments.')).toBeVisible();
  await page.getByRole('link', { name: 'Book a visit for Lucas' }).click();
  await expect(page).toHaveURL(/\/demo\/book\?for=\d+$/);
  await expect(page.getByLabel('Who is the visit for?').locator('option:checked')).toHaveText('Lucas Lopez');
});

test('a guardian cannot act for someone who is not linked to her', async ({ page }) => {
  await signedInAs(page, MARIA);
  const response = await page.goto('/demo/me?for=not-linked-patient');
  expect(response?.status()).toBe(404);
});

test('an impossible birth date is explained and nothing is added', async ({ page }) => {
  await signedInAs(page, MARIA);
  const people = page.getByRole('region', { name: 'People in your care' });
  const before = await people.getByRole('listitem').count();
  await people.getByRole('button', { name: 'Add a child' }).click();
  await page.getByLabel('First name').fill('Future');
  await page.getByLabel('Last name').fill('Lopez');
  await page.getByLabel('Date of birth').fill('2099-01-01');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.locator('p[role="alert"]')).toHaveText('That date of birth is not possible.');
  await page.reload();
  await expect(page.getByRole('region', { name: 'People in your care' }).getByRole('listitem')).toHaveCount(before);
});
