/**
 * Every search parameter the app relies on, exercised over HTTP: a resource that should match and one
 * that should not, for each. References are searched as `Type/id` and a parameter the server does not
 * declare is skipped (reported). Runs against both sandbox profiles, or FHIR_CONTRACT_BASE_URL when set,
 * like the main suite.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContractClient } from './fhir-client';
import { contractTargetKinds, openContractTargets, type ContractTargets } from './targets';

type Json = Record<string, unknown>;
type BundleJson = { total?: number; entry?: { resource?: Json & { id: string } }[] };

describe.each(contractTargetKinds())('search parameters (%s)', (kind) => {
  let targets: ContractTargets;
  let fhir: ContractClient;
  const ids: Record<string, string> = {};
  const tag = Math.random().toString(36).slice(2, 8);
  const svc = 'https://contract.example/service';

  async function create(key: string, resource: Json): Promise<string> {
    const reply = await fhir.request<{ id: string }>('POST', `/${String(resource.resourceType)}`, { body: resource });
    if (reply.status !== 201) throw new Error(`${key}: ${reply.status} ${JSON.stringify(reply.body)}`);
    ids[key] = reply.body.id;
    return reply.body.id;
  }

  beforeAll(async () => {
    targets = await openContractTargets(inject('databaseServerUrl'), kind);
    fhir = targets.fhir;
    const org = await create('org', {
      resourceType: 'Organization',
      name: `Payer ${tag}`,
      identifier: [{ system: 'https://contract.example/payer', value: `PAY-${tag}` }],
    });
    const loc = await create('loc', {
      resourceType: 'Location',
      name: `Riverside ${tag}`,
      identifier: [{ system: 'https://contract.example/loc', value: `LOC-${tag}` }],
    });
    await create('otherLoc', { resourceType: 'Location', name: `Hillcrest ${tag}` });
    const prac = await create('prac', {
      resourceType: 'Practitioner',
      name: [{ family: `Zhou${tag}`, given: ['Wen'] }],
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: `NPI${tag}` }],
    });
    const hs = await create('hs', {
      resourceType: 'HealthcareService',
      active: true,
      location: [{ reference: `Location/${loc}` }],
      type: [{ coding: [{ system: svc, code: `dental-${tag}` }] }],
    });
    await create('role', {
      resourceType: 'PractitionerRole',
      practitioner: { reference: `Practitioner/${prac}` },
      location: [{ reference: `Location/${loc}` }],
      specialty: [{ coding: [{ system: svc, code: `dental-${tag}` }] }],
      healthcareService: [{ reference: `HealthcareService/${hs}` }],
    });
    const sched = await create('sched', {
      resourceType: 'Schedule',
      active: true,
      actor: [{ reference: `Practitioner/${prac}` }],
      serviceType: [{ coding: [{ system: svc, code: `dental-${tag}` }] }],
    });
    const child = await create('child', {
      resourceType: 'Patient',
      name: [{ family: `Ortiz${tag}`, given: ['Lucía'] }],
      birthDate: '2016-06-01',
      identifier: [{ system: 'https://contract.example/mrn', value: `C-${tag}` }],
    });
    const related = await create('related', {
      resourceType: 'RelatedPerson',
      active: true,
      patient: { reference: `Patient/${child}` },
      relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'MTH' }] }],
      identifier: [{ system: 'https://contract.example/mrn', value: `G-${tag}` }],
    });
    await create('guardian', {
      resourceType: 'Patient',
      name: [{ family: `Ortiz${tag}`, given: ['Rosa'] }],
      birthDate: '1988-02-14',
      identifier: [{ system: 'https://contract.example/mrn', value: `G-${tag}` }],
      telecom: [
        { system: 'phone', value: `(312) 555-${tag.slice(0, 4).replace(/\D/g, '7').padEnd(4, '7')}` },
        { system: 'email', value: `Rosa.${tag}@Example.com` },
      ],
      link: [{ other: { reference: `RelatedPerson/${related}` }, type: 'seealso' }],
    });
    const slot = await create('slot', {
      resourceType: 'Slot',
      schedule: { reference: `Schedule/${sched}` },
      status: 'free',
      start: '2032-05-04T14:00:00Z',
      end: '2032-05-04T14:30:00Z',
      serviceType: [{ coding: [{ system: svc, code: `dental-${tag}` }] }],
    });
    await create('appt', {
      resourceType: 'Appointment',
      status: 'booked',
      identifier: [{ system: 'https://contract.example/appt', value: `A-${tag}` }],
      start: '2032-05-04T14:00:00Z',
      end: '2032-05-04T14:30:00Z',
      slot: [{ reference: `Slot/${slot}` }],
      participant: [
        { actor: { reference: `Patient/${child}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${prac}` }, status: 'accepted' },
        { actor: { reference: `Location/${loc}` }, status: 'accepted' },
      ],
    });
    await create('coverage', {
      resourceType: 'Coverage',
      status: 'active',
      beneficiary: { reference: `Patient/${child}` },
      payor: [{ reference: `Organization/${org}` }],
    });
  });

  afterAll(async () => {
    await targets.close();
  });

  const cases: [string, () => string, string][] = [
    [
      'Patient identifier',
      () => `/Patient?identifier=${encodeURIComponent(`https://contract.example/mrn|G-${tag}`)}`,
      'guardian',
    ],
    ['Patient birthdate', () => `/Patient?birthdate=1988-02-14&family=Ortiz${tag}`, 'guardian'],
    ['Patient name (accent-insensitive prefix)', () => `/Patient?name=lucia&family=ortiz${tag}`, 'child'],
    ['Patient family', () => `/Patient?family=Ortiz${tag}&given=Rosa`, 'guardian'],
    ['Patient given', () => `/Patient?given=Luc&family=ortiz${tag}`, 'child'],
    [
      'Patient phone (digits only)',
      () => `/Patient?phone=${encodeURIComponent(`312555${tag.slice(0, 4).replace(/\D/g, '7').padEnd(4, '7')}`)}`,
      'guardian',
    ],
    [
      'Patient email (case-insensitive)',
      () => `/Patient?email=${encodeURIComponent(`rosa.${tag}@example.com`)}`,
      'guardian',
    ],
    ['Patient telecom', () => `/Patient?telecom=${encodeURIComponent(`rosa.${tag}@example.com`)}`, 'guardian'],
    ['Patient link', () => `/Patient?link=RelatedPerson/${ids.related ?? ''}`, 'guardian'],
    ['RelatedPerson patient', () => `/RelatedPerson?patient=Patient/${ids.child ?? ''}`, 'related'],
    [
      'RelatedPerson identifier',
      () => `/RelatedPerson?identifier=${encodeURIComponent(`https://contract.example/mrn|G-${tag}`)}`,
      'related',
    ],
    [
      'RelatedPerson relationship',
      () => `/RelatedPerson?relationship=MTH&patient=Patient/${ids.child ?? ''}`,
      'related',
    ],
    ['RelatedPerson active', () => `/RelatedPerson?active=true&patient=Patient/${ids.child ?? ''}`, 'related'],
    ['Practitioner identifier', () => `/Practitioner?identifier=NPI${tag}`, 'prac'],
    ['Practitioner name', () => `/Practitioner?name=zhou${tag}`, 'prac'],
    ['PractitionerRole practitioner', () => `/PractitionerRole?practitioner=Practitioner/${ids.prac ?? ''}`, 'role'],
    ['PractitionerRole location', () => `/PractitionerRole?location=Location/${ids.loc ?? ''}`, 'role'],
    [
      'PractitionerRole specialty',
      () => `/PractitionerRole?specialty=${encodeURIComponent(`${svc}|dental-${tag}`)}`,
      'role',
    ],
    ['PractitionerRole service', () => `/PractitionerRole?service=HealthcareService/${ids.hs ?? ''}`, 'role'],
    ['Location name', () => `/Location?name=riverside ${tag}`, 'loc'],
    ['Location identifier', () => `/Location?identifier=LOC-${tag}`, 'loc'],
    ['HealthcareService location', () => `/HealthcareService?location=Location/${ids.loc ?? ''}`, 'hs'],
    ['HealthcareService service-type', () => `/HealthcareService?service-type=dental-${tag}`, 'hs'],
    ['HealthcareService active', () => `/HealthcareService?active=true&location=Location/${ids.loc ?? ''}`, 'hs'],
    ['Schedule actor', () => `/Schedule?actor=Practitioner/${ids.prac ?? ''}`, 'sched'],
    ['Schedule service-type', () => `/Schedule?service-type=${encodeURIComponent(`${svc}|dental-${tag}`)}`, 'sched'],
    ['Schedule active', () => `/Schedule?active=true&actor=Practitioner/${ids.prac ?? ''}`, 'sched'],
    ['Slot schedule', () => `/Slot?schedule=Schedule/${ids.sched ?? ''}`, 'slot'],
    ['Slot start', () => `/Slot?start=2032-05-04&schedule=Schedule/${ids.sched ?? ''}`, 'slot'],
    ['Slot status', () => `/Slot?status=free&schedule=Schedule/${ids.sched ?? ''}`, 'slot'],
    ['Slot service-type', () => `/Slot?service-type=dental-${tag}`, 'slot'],
    ['Slot schedule.actor', () => `/Slot?schedule.actor=Practitioner/${ids.prac ?? ''}`, 'slot'],
    ['Appointment patient', () => `/Appointment?patient=Patient/${ids.child ?? ''}`, 'appt'],
    ['Appointment actor', () => `/Appointment?actor=Location/${ids.loc ?? ''}`, 'appt'],
    ['Appointment practitioner', () => `/Appointment?practitioner=Practitioner/${ids.prac ?? ''}`, 'appt'],
    ['Appointment location', () => `/Appointment?location=Location/${ids.loc ?? ''}`, 'appt'],
    [
      'Appointment date',
      () => `/Appointment?date=ge2032-05-04T00:00:00Z&date=lt2032-05-05&location=Location/${ids.loc ?? ''}`,
      'appt',
    ],
    ['Appointment status', () => `/Appointment?status=booked&location=Location/${ids.loc ?? ''}`, 'appt'],
    ['Appointment slot', () => `/Appointment?slot=Slot/${ids.slot ?? ''}`, 'appt'],
    ['Appointment identifier', () => `/Appointment?identifier=A-${tag}`, 'appt'],
    ['Coverage beneficiary', () => `/Coverage?beneficiary=Patient/${ids.child ?? ''}`, 'coverage'],
    ['Coverage patient', () => `/Coverage?patient=Patient/${ids.child ?? ''}`, 'coverage'],
    ['Coverage payor', () => `/Coverage?payor=Organization/${ids.org ?? ''}`, 'coverage'],
    ['_id', () => `/Location?_id=${ids.loc ?? ''}`, 'loc'],
    ['_lastUpdated', () => `/Location?_lastUpdated=gt2020-01-01&name=riverside ${tag}`, 'loc'],
  ];

  describe('every declared search parameter', () => {
    it.for(cases)('%s finds exactly the expected resource', async ([, path, expected], context) => {
      const [type = '', query = ''] = path().slice(1).split('?');
      const param = (query.split('=')[0] ?? '').split(/[:.]/)[0] ?? '';
      if (!(await fhir.declaresSearchParam(type, param))) context.skip(`${type}?${param} is not declared`);
      const reply = await fhir.request<BundleJson>('GET', path());
      expect(reply.status).toBe(200);
      expect(reply.body.entry?.map((entry) => entry.resource?.id)).toEqual([ids[expected]]);
    });

    it('negates a token with :not, and matches nothing for a wrong value', async () => {
      expect(await fhir.count(`/Slot?schedule=Schedule/${ids.sched ?? ''}&status:not=free`)).toBe(0);
      expect(await fhir.count(`/Location?name=nowhere-${tag}`)).toBe(0);
    });

    it('includes Appointment participants and Schedule actors', async () => {
      const appointments = await fhir.request<BundleJson>(
        'GET',
        `/Appointment?slot=Slot/${ids.slot ?? ''}&_include=Appointment:patient&_include=Appointment:actor`,
      );
      expect(appointments.body.entry?.map((entry) => entry.resource?.id).sort()).toEqual(
        [ids.appt, ids.child, ids.prac, ids.loc].sort(),
      );
      const schedules = await fhir.request<BundleJson>(
        'GET',
        `/Schedule?_id=${ids.sched ?? ''}&_include=Schedule:actor`,
      );
      expect(schedules.body.entry?.map((entry) => entry.resource?.id)).toEqual([ids.sched, ids.prac]);
    });

    it('sorts by -_lastUpdated, newest first', async () => {
      const both = await fhir.request<BundleJson>(
        'GET',
        `/Location?_id=${ids.loc ?? ''},${ids.otherLoc ?? ''}&_sort=-_lastUpdated`,
      );
      expect(both.body.entry?.map((entry) => entry.resource?.id)).toEqual([ids.otherLoc, ids.loc]);
    });
  });
});
