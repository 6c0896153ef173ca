import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import { JAMES, signedInAs } from './support/patient';

/**
 * The errors a patient can meet come out in the language they chose: the server renders each error's
 * reason in the request's language. Labels are found through the catalogues; the expected errors are
 * written out, so that a missing or English-only translation fails here.
 */
const EXPECTED: Record<Exclude<Locale, 'en'>, { mrn: string; form: string; memberId: string; poster: string }> = {
  es: {
    mrn: 'Un número de historia clínica solo tiene letras, dígitos y guiones.',
    form: 'Faltan algunos datos o no son válidos.',
    memberId: 'El número de afiliado solo puede tener letras, dígitos y guiones (de 2 a 30).',
    poster: 'Este código de registro no es válido. Escanee el cartel de nuevo o pase por la recepción.',
  },
  zh: {
    mrn: '病历号只包含字母、数字和短横线。',
    form: '有些信息缺失或无效。',
    memberId: '会员号只能包含字母、数字和连字符（2 到 30 个）。',
    poster: '此签到码无效。请重新扫描海报或到前台办理。',
  },
};

// One sign-in for the whole file (sign-ins per MRN are rate-limited); each language is a cookie away.
test.describe.configure({ mode: 'serial' });
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
  await signedInAs(page, JAMES);
});

test.afterAll(async () => {
  await context.close();
});

async function useLanguage(locale: Locale): Promise<void> {
  await context.addCookies([{ name: 'locale', value: locale, url: new URL(page.url()).origin }]);
}

for (const locale of ['es', 'zh'] as const) {
  const t = MESSAGES[locale];
  const expected = EXPECTED[locale];

  test(`${locale}: a malformed medical record number at sign-in is explained in that language`, async ({ browser }) => {
    const tag = locale === 'es' ? 'es-MX' : 'zh-CN';
    const anonymous = await browser.newContext({
      locale: tag,
      extraHTTPHeaders: { 'accept-language': `${tag},${locale};q=0.9` },
    });
    const signIn = await anonymous.newPage();
    await signIn.goto('/demo/login');
    await signIn.getByLabel(t.login.mrn).fill('12#34');
    await signIn.getByLabel(t.login.birthDate).fill(JAMES.birthDate);
    await signIn.getByRole('button', { name: t.login.continue }).click();
    await expect(signIn.locator('.form-error')).toHaveText(expected.mrn);
    await anonymous.close();
  });

  test(`${locale}: an illegal insurance member id is explained in that language`, async () => {
    await useLanguage(locale);
    await page.goto('/demo/me/insurance');
    const mine = page.getByRole('region', { name: t.insurance.yours });
    if (await mine.getByRole('button', { name: t.insurance.save }).isHidden())
      await mine.getByText(new RegExp(`${t.insurance.add}|${t.insurance.change}`)).click();
    await mine.getByLabel(t.insurance.payer).selectOption({ label: 'Blue Prairie Health Plan' });
    await mine.getByLabel(t.insurance.memberId).fill('AB 12;--');
    await mine.getByRole('button', { name: t.insurance.save }).click();
    await expect(mine.getByRole('alert')).toHaveText(expected.form);
    await expect(mine).toContainText(expected.memberId);
  });

  test(`${locale}: a forged lobby poster is refused in that language`, async () => {
    await useLanguage(locale);
    const expires = Math.floor(Date.now() / 1000) + 3600;
    await page.goto(`/demo/arrive/nowhere?k=00000000-0000-4000-8000-000000000000&e=${expires}&s=forged`);
    await page.getByRole('button', { name: t.checkin.lobbyButton }).click();
    await expect(page.locator('.form-error')).toHaveText(expected.poster);
  });
}
