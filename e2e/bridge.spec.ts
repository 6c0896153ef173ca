/**
 * A clinic on a legacy EHR (lib/bridge), end to end: its patient exists only because the EHR sent an
 * ADT message over MLLP (the loopback legacy-EHR simulator of the integration tests, run here); she
 * signs in by MRN, books on her phone, and the EHR receives the SIU S12; the EHR then cancels the visit
 * with an S15 and she is told (a text in the outbox, the visit cancelled on her home page).
 */
import { expect, test } from '@playwright/test';
import {
  ackCode,
  adtMessage,
  simulatorConnection,
  siuAbout,
  siuMessage,
  startSimReceiver,
  type SimReceiver,
} from '@/lib/testing/legacy-ehr-simulator';
import type { MllpClient } from '@/lib/bridge/mllp/mllp-client';
import {
  BRIDGED_CLINIC_ADMIN,
  BRIDGED_CLINIC_ADMIN_ENROLMENT_CODE,
  BRIDGED_CLINIC_SLUG,
} from '@/lib/testing/bridged-clinic-account';
import { expectAccessible } from './support/axe';
import { logInAs } from './support/patient';
import { signInAsStaff } from './support/passkey';

const CLINIC = BRIDGED_CLINIC_SLUG;
const PATIENT = { mrn: '70000013', birthDate: '1988-07-19', phone: '+13125550177' };

let ehr: SimReceiver;
let sender: MllpClient;

test.beforeAll(async () => {
  ehr = await startSimReceiver({ port: Number(process.env.E2E_BRIDGE_EHR_PORT) });
  sender = simulatorConnection(Number(process.env.E2E_BRIDGE_MLLP_PORT));
});

test.afterAll(async () => {
  sender.close();
  await ehr.close();
});

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('a patient known only from the EHR signs in, books (S12 to the EHR), and is told when it cancels (S15)', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const started = new Date(Date.now() - 1000).toISOString();
  const adt = adtMessage('A04', {
    mrn: PATIENT.mrn,
    family: 'Castillo',
    given: 'Rosa',
    birthDate: PATIENT.birthDate.replace(/-/g, ''),
    phone: PATIENT.phone.slice(2),
    language: 'ENG',
  });
  expect(ackCode(await sender.send(adt))).toBe('AA');

  await logInAs(page, PATIENT, CLINIC);
  await expectAccessible(page, 'bridged clinic home');
  await page.getByRole('link', { name: 'Book a visit' }).click();
  await page.getByLabel('Visit type').selectOption({ label: 'Primary care visit' });
  await page.getByLabel('From').fill(inDays(3));
  await page.getByRole('button', { name: 'Show times' }).click();
  await page.locator('.slot-day').first().locator('.slot').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review your visit');
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your visit is booked', { timeout: 15_000 });
  await expectAccessible(page, 'bridged clinic booked');
  const appointmentId = /appointments\/([^?]+)/.exec(page.url())?.[1] ?? '';
  expect(appointmentId).not.toBe('');

  // The bridge delivers its outbox every few seconds.
  await expect
    .poll(() => ehr.received.find((message) => message.includes(`SCH|${appointmentId}^`)) ?? '', { timeout: 30_000 })
    .toContain('SIU^S12');
  const s12 = ehr.received.find((message) => message.includes(`SCH|${appointmentId}^`)) ?? '';
  expect(s12).toContain(`PID|1||${PATIENT.mrn}^^^^MR`);

  // The clinic cancels the visit in its EHR, which tells the bridge.
  const s15 = siuAbout(s12, 'S15', { fillerId: `RB${Date.now()}`, sentAt: '20310601100000' });
  expect(ackCode(await sender.send(s15))).toBe('AA');

  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/dev/outbox?to=${encodeURIComponent(PATIENT.phone)}&limit=20`);
        const { messages } = (await response.json()) as { messages: { template: string; createdAt: string }[] };
        return messages.some(
          (message) => message.template === 'cancellation-by-clinic' && message.createdAt >= started,
        );
      },
      { timeout: 45_000 },
    )
    .toBe(true);
  await page.goto(`/${CLINIC}/me`);
  const history = page.getByRole('region', { name: 'Past and cancelled appointments' });
  const item = history
    .locator('li.appointment')
    .filter({ has: page.locator(`a[href="/${CLINIC}/appointments/${appointmentId}"]`) });
  await expect(item).toContainText('Status: Cancelled');
  await expectAccessible(page, 'bridged clinic home after the EHR cancelled');
});

test('an administrator sees a record quarantined for an unknown patient, retries it, and uploads CSV', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const fillerId = `RBQ${Date.now()}`;
  const mrn = '70000021';
  const siu = siuMessage('S12', { fillerId, mrn, minutes: 20, start: '203106020900' });
  expect(ackCode(await sender.send(siu))).toBe('AE');

  await signInAsStaff(page, BRIDGED_CLINIC_ADMIN, {
    tenant: CLINIC,
    enrolmentCode: BRIDGED_CLINIC_ADMIN_ENROLMENT_CODE,
  });
  await page.getByRole('link', { name: 'Legacy EHR' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Legacy EHR bridge');
  const connection = page.getByRole('region', { name: 'Connection' });
  await expect(connection.locator('dt:text-is("EHR connection") + dd')).toHaveText('connected');
  const record = page.locator('li.card').filter({ hasText: fillerId });
  await expect(record).toContainText('No patient with this MRN is known yet: send or import the patient first.');
  await expect(record).toContainText('Field: PID-3');
  await expectAccessible(page, 'bridge administration');

  // The fix: the EHR sends the patient; then the administrator retries the booking.
  const adt = adtMessage('A04', { mrn, family: 'Ibarra', given: 'Tomas', birthDate: '19790304' });
  expect(ackCode(await sender.send(adt))).toBe('AA');
  await record.getByRole('button', { name: 'Retry' }).click();
  await expect(record.getByRole('status')).toHaveText('Applied.');

  const csv = ['mrn,family,given,birthDate', '70000039,Ibarra,Lucia,2015-05-06', '70000047,Ibarra,Mateo,2015-13-01'];
  await page.getByLabel('What the file holds').selectOption({ label: 'Patients' });
  await page.getByLabel('CSV file').setInputFiles({
    name: 'patients.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv.join('\n')),
  });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByText('2 rows: 1 applied, 0 already applied, 1 quarantined.')).toBeVisible();
  await expect(page.locator('li.card').filter({ hasText: '70000047' })).toContainText(
    'A date or time is not valid or not in the expected format.',
  );

  // A file missing a required column is refused with the reason, and nothing of it is applied.
  await page.getByLabel('CSV file').setInputFiles({
    name: 'patients.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('mrn,given\n70000054,Ana\n'),
  });
  await page.getByRole('button', { name: 'Upload' }).click();
  const upload = page.getByRole('region', { name: 'Upload a CSV export' });
  await expect(upload.getByRole('alert')).toContainText('The file lacks the column(s) family.');

  // The EHR calls the column "Surname": the administrator maps it, and the same file then imports.
  const mapping = page.getByRole('form', { name: 'Patients: the column of the file each field is read from' });
  await mapping.getByLabel('Column for family (required)').fill('Surname');
  await mapping.getByRole('button', { name: 'Save the Patients mapping' }).click();
  await expect(mapping.getByRole('status')).toContainText('The Patients mapping is saved.');
  await page.getByLabel('CSV file').setInputFiles({
    name: 'patients.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('mrn,Surname,given\n70000054,Ibarra,Ana\n'),
  });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByText('1 row: 1 applied, 0 already applied, 0 quarantined.')).toBeVisible();
  await page.reload();
  await expect(
    page
      .getByRole('form', { name: 'Patients: the column of the file each field is read from' })
      .getByLabel('Column for family (required)'),
  ).toHaveValue('Surname');
  await expectAccessible(page, 'bridge column mapping');
});
