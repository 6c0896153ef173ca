import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { demoFhirGet } from './support/fhir';
import { latestCode } from './support/patient';

async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => violation.id);
}

/** A new person nobody else in the run uses: a unique family name and mobile number. */
function newPerson(): { given: string; family: string; birthDate: string; phone: string; e164: string } {
  const suffix = Math.random()
    .toString(36)
    .replace(/[^a-z]/g, '')
    .slice(0, 6);
  const line = String(7000 + Math.floor(Math.random() * 2999));
  return {
    given: 'Nora',
    family: `Quinn${suffix}`,
    birthDate: '1990-05-17',
    phone: `(312) 555-${line}`,
    e164: `+1312555${line}`,
  };
}

async function outboxMessages(
  request: APIRequestContext,
  to: string,
): Promise<{ template: string; text: string; createdAt: string }[]> {
  const response = await request.get(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as { messages: { template: string; text: string; createdAt: string }[] }).messages;
}

test('a new patient registers, sees the MRN and QR code, logs out and back in with the QR link and birth date', async ({
  page,
  request,
}) => {
  const person = newPerson();
  await page.goto('/demo');
  await expect(page.getByRole('link', { name: 'Log in with your medical record number' })).toBeVisible();
  await page.getByText('Scan my QR').click();
  await expect(page.getByText('Point your phone camera at the QR code')).toBeVisible();
  await page.getByRole('link', { name: 'I’m new here' }).click();
  await expect(page).toHaveURL(/\/demo\/register$/);
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.getByLabel('First name').fill(person.given);
  await page.getByLabel('Last name').fill(person.family);
  await page.getByLabel('Date of birth').fill(person.birthDate);
  await page.getByLabel('Sex').selectOption('female');
  await page.getByLabel('Mobile phone').fill(person.phone);
  await page.getByLabel('Street and number').fill('400 N Lake Shore Dr');
  await page.getByLabel('City').fill('Chicago');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('status')).toHaveText(
    `We sent a code to ***-***-${person.phone.slice(-4)}. It expires in 10 minutes.`,
  );
  // Nothing exists in the EHR until the code comes back.
  const before = await demoFhirGet<{ total: number }>(
    request,
    `Patient?family=${person.family}&birthdate=${person.birthDate}&_total=accurate`,
  );
  expect(before.total).toBe(0);

  // Going back keeps what was typed; a new code replaces the first.
  await page.getByRole('button', { name: 'Change my details' }).click();
  await expect(page.getByLabel('Last name')).toHaveValue(person.family);
  await expect(page.getByLabel('Mobile phone')).toHaveValue(person.phone);
  const resent = Date.now();
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('status')).toContainText('We sent a code to');
  await page.getByLabel('6-digit code').fill(await latestCode(request, person.e164, resent));
  await page.getByRole('button', { name: 'Create my record' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Lakeside Community Health!' })).toBeVisible();
  // Registered: the welcome is the page (issue 17 finding 13), not "I'm new here" with a log-in offer.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Lakeside Community Health!');
  await expect(page.getByText('Already a patient?')).toHaveCount(0);
  const mrn =
    /(\d{8})/.exec((await page.getByText(/Your medical record number: \d{8}/).textContent()) ?? '')?.[1] ?? '';
  expect(mrn).toMatch(/^\d{8}$/);
  await expect(page.getByRole('img', { name: 'QR code to log in quickly' }).locator('svg')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Save as image' })).toHaveAttribute('href', /^data:image\/png;base64,/);
  await expect(page.getByRole('status')).toHaveText('We also sent your number and QR link to you by text message.');
  expect(await seriousAxeViolations(page)).toEqual([]);

  const created = await demoFhirGet<{
    entry?: {
      resource: { birthDate: string; name: { given: string[] }[]; telecom: { system: string; value: string }[] };
    }[];
  }>(request, `Patient?identifier=${encodeURIComponent(`https://lakeside-health.example/fhir/mrn|${mrn}`)}`);
  expect(created.entry?.[0]?.resource).toMatchObject({
    birthDate: person.birthDate,
    name: [{ given: [person.given] }],
  });

  let link = '';
  await expect
    .poll(async () => {
      const welcome = (await outboxMessages(request, person.e164)).find(
        (message) => message.template === 'registration-welcome',
      );
      link = /(https?:\/\/\S+\/demo\/qr#[\w-]{43})/.exec(welcome?.text ?? '')?.[1] ?? '';
      return welcome?.text ?? '';
    })
    .toContain(mrn);
  expect(link).not.toBe('');

  await page.getByRole('link', { name: 'Go to my appointments' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${person.given}`);
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/demo$/);

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Log in with your QR code' })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.getByLabel('Date of birth').fill('1990-05-18');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('p[role="alert"]')).toContainText('That QR code does not work with this date of birth.');
  await page.getByLabel('Date of birth').fill(person.birthDate);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/demo\/me$/);
  await expect(page.getByText(`Your medical record number: ${mrn}`)).toBeVisible();
});

test('an impossible birth date and phone number are explained by field, and nothing is sent or created', async ({
  page,
  request,
}) => {
  const person = newPerson();
  await page.goto('/demo/register');
  await page.getByLabel('First name').fill(person.given);
  await page.getByLabel('Last name').fill(person.family);
  await page.getByLabel('Date of birth').fill('2099-01-01');
  await page.getByLabel('Mobile phone').fill('555-12');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.locator('p[role="alert"]')).toHaveText('Some fields are missing or not valid.');
  await expect(page.getByText('That date of birth is not possible.')).toBeVisible();
  await expect(
    page.getByText('That phone number is not valid. Please check it, including the area code.'),
  ).toBeVisible();
  await expect(page.getByLabel('Date of birth')).toHaveAttribute('aria-invalid', 'true');
  const response = await request.post('/api/demo/register', {
    data: {
      given: 'A',
      family: person.family,
      birthDate: '1899-12-31',
      gender: 'female',
      phone: person.phone,
      verifyBy: 'sms',
    },
  });
  expect(response.status()).toBe(400);
  expect(((await response.json()) as { error: { details: Record<string, string> } }).error.details).toEqual({
    birthDate: 'That date of birth is not possible.',
  });
  expect(await outboxMessages(request, person.e164)).toEqual([]);
  expect((await demoFhirGet<{ total: number }>(request, `Patient?family=${person.family}&_total=accurate`)).total).toBe(
    0,
  );
});

test('the QR page without a code in its link explains how to use it', async ({ page }) => {
  await page.goto('/demo/qr');
  await expect(page.getByText('This page opens from the link in your QR code.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Log in with your medical record number instead' })).toBeVisible();
});
