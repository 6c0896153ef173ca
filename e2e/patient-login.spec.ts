import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { latestCode, MARIA } from './support/patient';

const maria = MARIA;

async function startLogin(page: Page, mrn: string, birthDate: string): Promise<void> {
  await page.goto('/demo');
  await page.getByRole('link', { name: 'Log in with your medical record number' }).click();
  await page.getByLabel('Medical record number (MRN)').fill(mrn);
  await page.getByLabel('Date of birth').fill(birthDate);
  await page.getByRole('button', { name: 'Continue' }).click();
}

test.describe('patient login with MRN and a one-time code', () => {
  test('the demo guardian logs in with the code from the outbox and sees herself and her children', async ({
    page,
    request,
  }) => {
    const started = Date.now() - 1000;
    await startLogin(page, maria.mrn, maria.birthDate);
    await expect(page.getByRole('group', { name: 'Where should we send your code?' })).toBeVisible();
    const phoneOption = page.getByLabel('Text message to ***-***-0101');
    await expect(phoneOption).toBeChecked();
    await expect(page.getByLabel(/Email to m\*\*\*@example\.com/)).toBeVisible();
    const axe = (await new AxeBuilder({ page }).analyze()).violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(axe.map((violation) => violation.id)).toEqual([]);
    await page.getByRole('button', { name: 'Send my code' }).click();
    await expect(page.getByRole('status')).toHaveText('We sent a code to ***-***-0101. It expires in 10 minutes.');

    await page.getByLabel('6-digit code').fill('000000');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.locator('p[role="alert"]')).toContainText('That code is not right');

    const code = await latestCode(request, maria.phone, started);
    await page.getByLabel('6-digit code').fill(code);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/demo\/me$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Maria');
    await expect(page.getByText('Your medical record number: 10000017')).toBeVisible();
    const dependents = page.getByRole('region', { name: 'People in your care' });
    await expect(dependents).toContainText('Sofia Lopez');
    await expect(dependents).toContainText('Mateo Lopez');

    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await expect(page).toHaveURL(/\/demo$/);
    await page.goto('/demo/me');
    await expect(page).toHaveURL(/\/demo\/login$/);
  });

  test('a wrong birth date gets the same kind of answer, and no code reaches the patient', async ({
    page,
    request,
  }) => {
    const started = Date.now();
    await startLogin(page, maria.mrn, '1986-04-13');
    await expect(page.getByRole('group', { name: 'Where should we send your code?' })).toBeVisible();
    await expect(page.getByRole('radio')).toHaveCount(2);
    await page.getByRole('button', { name: 'Send my code' }).click();
    await expect(page.getByRole('status')).toContainText('We sent a code to ***-***-');
    const response = await request.get(`/api/dev/outbox?to=${encodeURIComponent(maria.phone)}`);
    const { messages } = (await response.json()) as { messages: { createdAt: string }[] };
    expect(messages.filter((message) => Date.parse(message.createdAt) >= started)).toEqual([]);
  });

  test('a malformed MRN or birth date is explained, not accepted', async ({ page }) => {
    await startLogin(page, 'x', '');
    await expect(page.locator('p[role="alert"]')).toContainText('Enter your medical record number.');
  });
});
