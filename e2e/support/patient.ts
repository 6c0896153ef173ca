import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';

export const MARIA = { mrn: '10000017', birthDate: '1986-04-12', phone: '+13125550101' };
/** A second demo patient, so that journeys do not use up Maria's hourly sign-in allowance. */
export const JAMES = { mrn: '10000041', birthDate: '1975-09-30', phone: '+13125550102' };

/** The newest login code sent to `to` at or after `after` (epoch ms), read from the dev outbox. */
export async function latestCode(request: APIRequestContext, to: string, after: number): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const response = await request.get(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
      const { messages } = (await response.json()) as {
        messages: { template: string; text: string; createdAt: string }[];
      };
      const message = messages.find(
        (candidate) => candidate.template === 'login-code' && Date.parse(candidate.createdAt) >= after,
      );
      code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1] ?? '';
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code;
}

/** Logs a patient in through the real MRN + code journey (at the demo clinic unless another is named). */
export async function logInAs(
  page: Page,
  patient: { mrn: string; birthDate: string; phone: string },
  clinic = 'demo',
): Promise<void> {
  const started = Date.now() - 1000;
  await page.goto(`/${clinic}/login`);
  await page.getByLabel('Medical record number (MRN)').fill(patient.mrn);
  await page.getByLabel('Date of birth').fill(patient.birthDate);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Send my code' }).click();
  await expect(page.getByRole('status')).toContainText('We sent a code');
  await page.getByLabel('6-digit code').fill(await latestCode(page.request, patient.phone, started));
  await page.getByRole('button', { name: 'Log in' }).click();
  // The first home page of a just-started server reads the EHR cold: give it more than a click's time.
  await expect(page).toHaveURL(new RegExp(`/${clinic}/me$`), { timeout: 20_000 });
}

type SavedSession = Awaited<ReturnType<BrowserContext['storageState']>>;
const savedSessions = new Map<string, SavedSession>();

/**
 * Signs a demo patient in for a journey that is not about signing in: the first time through the real
 * MRN + code journey, later by reusing that session (falling back to the journey if it has ended).
 * The login journey itself is tested in patient-login.spec.ts; reusing the session keeps the suite
 * within the clinic's limits on codes per phone and sign-ins per MRN, as a real patient would be.
 */
export async function signedInAs(
  page: Page,
  patient: { mrn: string; birthDate: string; phone: string },
): Promise<void> {
  const saved = savedSessions.get(patient.mrn);
  if (saved) {
    await page.context().addCookies(saved.cookies);
    await page.goto('/demo/me');
    if (/\/demo\/me$/.test(page.url())) return;
  }
  await logInAs(page, patient);
  savedSessions.set(patient.mrn, await page.context().storageState());
}
