import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractClient } from '../contract/fhir-client';
import { startTestFhirSandbox, type TestFhirSandbox } from '@/lib/testing/fhir-sandbox-server';
import { DEMO_PATIENTS, generateDemoClinic, SERVICE_TYPE_SYSTEM } from './demo-clinic';
import { seedPartition } from './seed-partition';

type BundleJson = { total?: number; entry?: { resource?: Record<string, unknown> }[] };
const mrnSystem = 'https://lakeside-health.example/fhir/mrn';
let sandbox: TestFhirSandbox;
let fhir: ContractClient;

beforeAll(async () => {
  sandbox = await startTestFhirSandbox(inject('databaseServerUrl'));
  const partition = await sandbox.createPartition('demo-seed');
  fhir = new ContractClient(partition);
  await fhir.authenticate();
  const first = await seedPartition(sandbox.databaseUrl, 'demo-seed', {
    mrnSystem,
    timeZone: 'America/Chicago',
    startDate: '2031-03-03',
    days: 14,
  });
  expect(first.seeded).toBe(true);
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

describe('the demo clinic', () => {
  it('is the same for the same seed, and seeding twice adds nothing', async () => {
    const options = { mrnSystem, timeZone: 'America/Chicago', startDate: '2031-03-03', days: 3 };
    expect(generateDemoClinic(options)).toEqual(generateDemoClinic(options));
    expect(await seedPartition(sandbox.databaseUrl, 'demo-seed', options)).toEqual({ seeded: false, resources: 0 });
  });

  it('has three locations with positions and addresses, and a dozen practitioners', async () => {
    const locations = await fhir.request<BundleJson>('GET', '/Location');
    expect(locations.body.total).toBe(3);
    expect(locations.body.entry?.[0]?.resource).toMatchObject({
      position: { latitude: expect.any(Number) as number },
      address: { city: 'Chicago' },
    });
    expect((await fhir.request<BundleJson>('GET', '/Practitioner?_count=0')).body.total).toBe(12);
  });

  it('offers free pediatric slots in working hours of the clinic’s time zone, on weekdays', async () => {
    const pediatrics = encodeURIComponent(`${SERVICE_TYPE_SYSTEM}|pediatrics`);
    const reply = await fhir.request<BundleJson>(
      'GET',
      `/Slot?service-type=${pediatrics}&status=free&start=ge2031-03-03&start=lt2031-03-10&_sort=start&_count=200`,
    );
    expect(reply.body.total).toBeGreaterThan(20);
    for (const entry of reply.body.entry ?? []) {
      const start = new Date(String(entry.resource?.start));
      const local = new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/Chicago',
        hourCycle: 'h23',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      }).format(start);
      const [weekday = '', time = ''] = local.split(' ');
      expect(weekday).not.toBe('Sun');
      expect(time >= '08:00' && time < '17:00' && !(time >= '12:00' && time < '13:00')).toBe(true);
    }
  });

  it('has booked slots with matching appointments', async () => {
    const busy = await fhir.request<BundleJson>('GET', '/Slot?status=busy&_count=1');
    expect(busy.body.total).toBeGreaterThan(0);
    const slotId = String(busy.body.entry?.[0]?.resource?.id);
    const appointments = await fhir.request<BundleJson>('GET', `/Appointment?slot=Slot/${slotId}`);
    expect(appointments.body.total).toBe(1);
  });

  it('links the demo guardian to her two children as DESIGN.md describes', async () => {
    const guardianMrn = encodeURIComponent(`${mrnSystem}|${DEMO_PATIENTS.guardian.mrn}`);
    const guardian = await fhir.request<BundleJson>('GET', `/Patient?identifier=${guardianMrn}`);
    const links = guardian.body.entry?.[0]?.resource?.link as { other: { reference: string }; type: string }[];
    expect(links).toHaveLength(2);
    expect(links.every((link) => link.type === 'seealso' && link.other.reference.startsWith('RelatedPerson/'))).toBe(
      true,
    );
    const related = await fhir.request<BundleJson>(
      'GET',
      `/RelatedPerson?identifier=${guardianMrn}&active=true&_include=RelatedPerson:patient`,
    );
    expect(related.body.total).toBe(2);
    const children = related.body.entry
      ?.filter((entry) => entry.resource?.resourceType === 'Patient')
      .map((entry) => entry.resource?.birthDate);
    expect(children?.sort()).toEqual(DEMO_PATIENTS.dependents.map((child) => child.birthDate).sort());
  });

  it('has coverage for most patients', async () => {
    expect((await fhir.request<BundleJson>('GET', '/Coverage?_count=0')).body.total).toBeGreaterThan(30);
  });
});
