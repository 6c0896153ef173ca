import { expect, test, type Locator } from '@playwright/test';
import { expectAccessible } from './support/axe';
import { DemoFhir, demoFhirGet } from './support/fhir';
import { JAMES, MARIA, signedInAs } from './support/patient';

interface FhirAppointment {
  status: string;
  participant: { actor?: { reference?: string } }[];
}
interface FhirPractitioner {
  name: { family: string; given: string[] }[];
  communication?: { coding: { code: string }[] }[];
}

test('a Spanish-speaking guardian books her child with the first Spanish-speaking pediatrician in five taps', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  await signedInAs(page, MARIA);
  await expect(page).toHaveURL(/\/demo\/me$/);
  let taps = 0;
  const tap = async (target: Locator): Promise<void> => {
    taps += 1;
    await target.click();
  };

  await tap(page.getByRole('link', { name: 'Book a visit' }));
  // Each step reads the EHR: allow for a busy machine.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Book a visit', { timeout: 15_000 });
  await tap(page.getByRole('link', { name: 'Sofia', exact: true }));
  await expect(page.getByRole('link', { name: 'Sofia', exact: true })).toHaveAttribute('aria-current', 'true', {
    timeout: 15_000,
  });
  await tap(page.getByRole('link', { name: 'Pediatric visit' }));
  await expect(page).toHaveURL(/for=1&service=pediatrics/, { timeout: 15_000 });
  // Maria prefers Spanish (her record in the EHR): the search starts with Spanish-speaking clinicians, and says so.
  await expect(page.getByRole('note')).toContainText('Showing clinicians who speak Spanish, your preferred language.');
  await expect(page.getByLabel('Language spoken')).toHaveValue('es');
  const first = page.locator('.first-available');
  await expect(first).toContainText('First available', { timeout: 15_000 });
  await expect(first).toContainText('Dr. Lucía Ramírez');
  await expect(page.locator('.clinician-card').first()).toContainText('Speaks Spanish, English');
  await tap(first);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit', { timeout: 15_000 });
  await expect(page.getByText('Sofia Lopez')).toBeVisible();
  await tap(page.getByRole('button', { name: 'Confirm booking' }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 15_000 });
  expect(taps).toBeLessThanOrEqual(5);

  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
  const appointment = await demoFhirGet<FhirAppointment>(request, `Appointment/${appointmentId}`);
  expect(appointment.status).toBe('booked');
  const practitionerRef = appointment.participant
    .map((participant) => participant.actor?.reference ?? '')
    .find((reference) => reference.startsWith('Practitioner/'));
  const practitioner = await demoFhirGet<FhirPractitioner>(request, practitionerRef ?? 'Practitioner/none');
  expect(practitioner.name[0]?.family).toBe('Ramírez');
  expect(practitioner.communication?.flatMap((entry) => entry.coding.map((coding) => coding.code))).toContain('es');

  // Leave Sofia's pediatric visits as they were for the other journeys: the first available time is
  // usually too soon to cancel online, so the clinic cancels it in the EHR (and frees the time).
  const fhir = new DemoFhir(request);
  const booked = await fhir.get<FhirAppointment & { id: string; resourceType: string; slot: { reference: string }[] }>(
    `Appointment/${appointmentId}`,
  );
  const cancelled = { ...booked, status: 'cancelled' };
  await fhir.put(cancelled);
  const slot = await fhir.get<{ id: string; resourceType: string }>(booked.slot[0]?.reference ?? 'Slot/none');
  const freed = { ...slot, status: 'free' };
  await fhir.put(freed);
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a patient filters by Cantonese: only Cantonese speakers, grouped by day, no sideways scroll', async ({
    page,
  }) => {
    await signedInAs(page, JAMES);
    await page.goto('/demo/book?service=dental');
    // James has no preferred language other than English: every dental clinician is offered.
    await expect(page.getByRole('note')).toHaveCount(0);
    // The results read two weeks from the EHR: allow for a busy machine.
    await expect(page.locator('.clinician-card').first()).toBeVisible({ timeout: 15_000 });
    const before = await page.locator('.clinician__name').allTextContents();
    expect(new Set(before).size).toBeGreaterThan(1);

    await page.getByText('Change search').click();
    await page.getByLabel('Language spoken').selectOption({ label: 'Cantonese' });
    await page.getByRole('button', { name: 'Show times' }).click();
    await expect(page).toHaveURL(/language=yue/);
    const cards = page.locator('.clinician-card');
    await expect(cards.first()).toBeVisible({ timeout: 15_000 });
    const names = await page.locator('.clinician__name').allTextContents();
    expect(new Set(names)).toEqual(new Set(['Dr. Mei Lin Huang']));
    await expect(cards.first()).toContainText('Speaks Cantonese, English');
    await expect(page.locator('.clinician-avatar').first()).toHaveAttribute('src', '/clinicians/mei-lin-huang.svg');
    // The search bar has folded into one line that says what is searched.
    await expect(page.locator('.filter-bar__summary')).toHaveText('Dental cleaning · Cantonese');
    await expect(page.getByText(/\d+ free times? with 1 clinician in the next two weeks/)).toBeVisible();

    // The day strip: two weeks of days with their counts; choosing one shows the times from that day on.
    const strip = page.getByRole('radiogroup', { name: 'Days in the next two weeks' });
    await expect(strip.getByRole('radio')).toHaveCount(14);
    const open = strip.locator('[role=radio]:not([disabled])');
    const later = open.nth(1);
    const laterLabel = (await later.getAttribute('aria-label')) ?? '';
    await later.click();
    await expect(later).toHaveAttribute('aria-checked', 'true');
    await expect(page.locator('.slot-day__title').first()).toHaveText(laterLabel.split(':')[0] ?? '', {
      timeout: 15_000,
    });

    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await expectAccessible(page, 'booking search with results');

    // More days, a page at a time.
    const more = page.getByRole('button', { name: 'Show more days' });
    if (await more.isVisible()) {
      const days = await page.locator('.slot-day').count();
      await more.click();
      await expect.poll(() => page.locator('.slot-day').count(), { timeout: 15_000 }).toBeGreaterThan(days);
    }
  });
});
