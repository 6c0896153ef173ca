/**
 * A realistic demo clinic, deterministic from a seed: three Chicago locations, practitioners in
 * primary care, pediatrics, dental and vaccination with roles, services and schedules, slots for the
 * coming days in working hours of the clinic's time zone (lunch breaks, some already booked), patients
 * with MRNs and contact details, guardians with dependents (RelatedPerson + Patient.link) and coverage.
 * The first twelve clinicians have full profiles (demo-clinicians.ts). Scales by options for benchmarks.
 */
import type { SandboxResourceType } from '../search-parameters';
import type { JsonObject } from '../values';
import { addDays, dayOfWeek, zonedTimeToInstant } from '@/lib/time/zoned';
import { clinicianProfile, DEMO_CLINICIANS } from './demo-clinicians';
import { luhnCheckDigit, SeededRandom } from './random';

export const SERVICE_TYPE_SYSTEM = 'https://lakeside-health.example/fhir/service-type';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

export const DEMO_SERVICES = [
  { code: 'primary-care', display: 'Primary care visit', minutes: 20 },
  { code: 'pediatrics', display: 'Pediatric visit', minutes: 30 },
  { code: 'dental', display: 'Dental cleaning', minutes: 30 },
  { code: 'vaccination', display: 'Vaccination', minutes: 15 },
] as const;

export const DEMO_LOCATIONS = [
  {
    key: 'loop',
    name: 'Lakeside Community Health – Loop',
    line: '55 E Washington St',
    postalCode: '60602',
    latitude: 41.8832,
    longitude: -87.6254,
  },
  {
    key: 'pilsen',
    name: 'Lakeside Community Health – Pilsen',
    line: '1713 S Ashland Ave',
    postalCode: '60608',
    latitude: 41.8584,
    longitude: -87.6664,
  },
  {
    key: 'rogers-park',
    name: 'Lakeside Community Health – Rogers Park',
    line: '1545 W Morse Ave',
    postalCode: '60626',
    latitude: 42.0079,
    longitude: -87.67,
  },
] as const;

/** Patients every demo and browser test can rely on (MRN and birth date are the login). */
export const DEMO_PATIENTS = {
  guardian: {
    mrn: '10000017',
    family: 'Lopez',
    given: 'Maria',
    birthDate: '1986-04-12',
    phone: '(312) 555-0101',
    email: 'maria.lopez@example.com',
  },
  dependents: [
    { mrn: '10000025', family: 'Lopez', given: 'Sofia', birthDate: '2017-08-03' },
    { mrn: '10000033', family: 'Lopez', given: 'Mateo', birthDate: '2020-01-22' },
  ],
  adult: {
    mrn: '10000041',
    family: 'Carter',
    given: 'James',
    birthDate: '1975-09-30',
    phone: '(312) 555-0102',
    email: 'james.carter@example.com',
  },
} as const;

export interface DemoClinicOptions {
  mrnSystem: string;
  timeZone: string;
  /** First local date with slots (YYYY-MM-DD). */
  startDate: string;
  days?: number;
  practitioners?: number;
  patients?: number;
  seed?: number;
}

export interface GeneratedResource {
  type: SandboxResourceType;
  id: string;
  resource: JsonObject;
}

const FAMILY = [
  'Nguyen',
  'Patel',
  'Johnson',
  'Garcia',
  'Kowalski',
  'Okafor',
  'Chen',
  'Williams',
  'Hernandez',
  'Brown',
  'Novak',
  'Ramirez',
  'Kim',
  'Davis',
  'Martinez',
  'Wang',
  'Murphy',
  'Singh',
  'Lee',
  'Walker',
];
const GIVEN_ADULT = [
  'Aisha',
  'Daniel',
  'Elena',
  'Marcus',
  'Priya',
  'Tomasz',
  'Grace',
  'Luis',
  'Mei',
  'Andre',
  'Fatima',
  'Ryan',
  'Hannah',
  'Carlos',
  'Yuki',
  'Olivia',
];
const GIVEN_CHILD = ['Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Leo', 'Zoe', 'Ethan', 'Isla', 'Diego', 'Lily'];
const PAYERS = [
  { id: 'payer-blue-prairie', name: 'Blue Prairie Health Plan', payerId: 'BPHP1' },
  { id: 'payer-great-lakes', name: 'Great Lakes Medicaid', payerId: 'GLMCD' },
  { id: 'payer-midwest-mutual', name: 'Midwest Mutual Insurance', payerId: 'MWMUT' },
] as const;

function mrn(sequence: number): string {
  const base = String(1000000 + sequence);
  return `${base}${luhnCheckDigit(base)}`;
}

/** A birth date between 1 January of `fromYear` and 28 December of `toYear`: year, then month, then day. */
function birthDate(random: SeededRandom, fromYear: number, toYear: number): string {
  const year = random.int(fromYear, toYear);
  const month = String(random.int(1, 12)).padStart(2, '0');
  const day = String(random.int(1, 28)).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

function phone(sequence: number): string {
  return `(312) 555-${String(100 + sequence).padStart(4, '0')}`;
}

export function generateDemoClinic(options: DemoClinicOptions): GeneratedResource[] {
  const random = new SeededRandom(options.seed ?? 20261124);
  const out: GeneratedResource[] = [];
  const add = (type: SandboxResourceType, resource: JsonObject, id = random.uuid()): string => {
    out.push({ type, id, resource: { resourceType: type, ...resource } });
    return id;
  };
  const practitionerCount = options.practitioners ?? 12;
  const days = options.days ?? 90;
  const patientCount = options.patients ?? 50;

  const organization = add('Organization', {
    active: true,
    name: 'Lakeside Community Health',
    telecom: [{ system: 'phone', value: '(312) 555-0142' }],
  });
  const payers = PAYERS.map((payer) => ({
    ...payer,
    ref: add(
      'Organization',
      {
        active: true,
        name: payer.name,
        identifier: [{ system: 'https://lakeside-health.example/fhir/payer-id', value: payer.payerId }],
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'ins' }] }],
      },
      payer.id,
    ),
  }));

  const locations = DEMO_LOCATIONS.map((location) => ({
    ...location,
    id: add('Location', {
      status: 'active',
      name: location.name,
      identifier: [{ system: 'https://lakeside-health.example/fhir/location', value: location.key }],
      telecom: [{ system: 'phone', value: '(312) 555-0142' }],
      address: { line: [location.line], city: 'Chicago', state: 'IL', postalCode: location.postalCode, country: 'US' },
      position: { latitude: location.latitude, longitude: location.longitude },
      managingOrganization: { reference: `Organization/${organization}` },
    }),
  }));

  const services = locations.flatMap((location) =>
    DEMO_SERVICES.map((service) => ({
      ...service,
      locationId: location.id,
      id: add('HealthcareService', {
        active: true,
        name: service.display,
        providedBy: { reference: `Organization/${organization}` },
        location: [{ reference: `Location/${location.id}` }],
        type: [{ coding: [{ system: SERVICE_TYPE_SYSTEM, code: service.code, display: service.display }] }],
      }),
    })),
  );

  const specialtyPlan = [
    'primary-care',
    'pediatrics',
    'dental',
    'primary-care',
    'pediatrics',
    'vaccination',
    'primary-care',
    'dental',
    'pediatrics',
    'primary-care',
    'vaccination',
    'dental',
  ];
  const schedules: {
    id: string;
    minutes: number;
    service: (typeof DEMO_SERVICES)[number];
    locationId: string;
    practitionerId: string;
    workdays: number[];
  }[] = [];
  for (let index = 0; index < practitionerCount; index += 1) {
    const serviceCode = specialtyPlan[index % specialtyPlan.length] as (typeof DEMO_SERVICES)[number]['code'];
    const service = DEMO_SERVICES.find((candidate) => candidate.code === serviceCode) ?? DEMO_SERVICES[0];
    const location = locations[index % locations.length] ?? locations[0];
    if (!location) continue;
    // The first ones are the demo's curated clinicians; more (for benchmarks) get generated names.
    const curated = DEMO_CLINICIANS[index];
    const family = FAMILY[(index * 7) % FAMILY.length] ?? 'Smith';
    const given = GIVEN_ADULT[(index * 5) % GIVEN_ADULT.length] ?? 'Alex';
    const practitionerId = add('Practitioner', {
      active: true,
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: String(1000000000 + index * 7919).slice(0, 10) }],
      ...(curated
        ? clinicianProfile(curated)
        : {
            name: [
              { family, given: [given], prefix: [service.code === 'dental' ? 'Dr.' : index % 3 === 0 ? 'Dr.' : 'NP'] },
            ],
            communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] }],
          }),
    });
    const healthcareService = services.find(
      (candidate) => candidate.code === service.code && candidate.locationId === location.id,
    );
    add('PractitionerRole', {
      active: true,
      practitioner: { reference: `Practitioner/${practitionerId}` },
      organization: { reference: `Organization/${organization}` },
      location: [{ reference: `Location/${location.id}` }],
      ...(healthcareService ? { healthcareService: [{ reference: `HealthcareService/${healthcareService.id}` }] } : {}),
      specialty: [{ coding: [{ system: SERVICE_TYPE_SYSTEM, code: service.code, display: service.display }] }],
    });
    const scheduleId = add('Schedule', {
      active: true,
      actor: [{ reference: `Practitioner/${practitionerId}` }, { reference: `Location/${location.id}` }],
      serviceType: [{ coding: [{ system: SERVICE_TYPE_SYSTEM, code: service.code, display: service.display }] }],
      planningHorizon: {
        start: `${options.startDate}T00:00:00Z`,
        end: `${addDays(options.startDate, days)}T00:00:00Z`,
      },
    });
    // Most work Monday to Friday; every third practitioner also does Saturday mornings.
    schedules.push({
      id: scheduleId,
      minutes: service.minutes,
      service,
      locationId: location.id,
      practitionerId,
      workdays: index % 3 === 0 ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5],
    });
  }

  // Patients: the well-known demo family first, then generated ones.
  const patients: {
    id: string;
    mrn: string;
    birthDate: string;
    adult: boolean;
    family: string;
    given: string;
    phone?: string;
    email?: string;
  }[] = [];
  const addPatient = (input: {
    mrn: string;
    family: string;
    given: string;
    birthDate: string;
    phone?: string;
    email?: string;
    gender: 'female' | 'male';
    language?: string;
  }): string => {
    const id = add('Patient', {
      active: true,
      identifier: [
        {
          use: 'usual',
          type: { coding: [{ system: V2_0203, code: 'MR', display: 'Medical record number' }] },
          system: options.mrnSystem,
          value: input.mrn,
        },
      ],
      name: [{ use: 'official', family: input.family, given: [input.given] }],
      gender: input.gender,
      birthDate: input.birthDate,
      telecom: [
        ...(input.phone ? [{ system: 'phone', value: input.phone, use: 'mobile' }] : []),
        ...(input.email ? [{ system: 'email', value: input.email }] : []),
      ],
      address: [
        {
          line: [
            `${random.int(100, 4999)} W ${random.pick(['Division', 'Cermak', 'Lawrence', 'Belmont', 'Madison'])} St`,
          ],
          city: 'Chicago',
          state: 'IL',
          postalCode: random.pick(['60608', '60614', '60622', '60626', '60640']),
          country: 'US',
        },
      ],
      ...(input.language
        ? {
            communication: [
              { language: { coding: [{ system: 'urn:ietf:bcp:47', code: input.language }] }, preferred: true },
            ],
          }
        : {}),
      managingOrganization: { reference: `Organization/${organization}` },
    });
    patients.push({
      id,
      mrn: input.mrn,
      birthDate: input.birthDate,
      adult: Number(input.birthDate.slice(0, 4)) < 2008,
      family: input.family,
      given: input.given,
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.email ? { email: input.email } : {}),
    });
    return id;
  };

  const linkGuardian = (guardianIndex: number, childIds: string[], code: 'MTH' | 'FTH' | 'GUARD'): void => {
    const guardian = patients[guardianIndex];
    const guardianEntry = out.find((entry) => entry.id === guardian?.id);
    if (!guardian || !guardianEntry) return;
    const links: JsonObject[] = [];
    for (const childId of childIds) {
      const relatedId = add('RelatedPerson', {
        active: true,
        patient: { reference: `Patient/${childId}` },
        relationship: [
          {
            coding: [
              { system: ROLE_CODE, code, display: code === 'MTH' ? 'mother' : code === 'FTH' ? 'father' : 'guardian' },
            ],
          },
        ],
        identifier: [
          { type: { coding: [{ system: V2_0203, code: 'MR' }] }, system: options.mrnSystem, value: guardian.mrn },
        ],
        name: [{ family: guardian.family, given: [guardian.given] }],
        telecom: [
          ...(guardian.phone ? [{ system: 'phone', value: guardian.phone }] : []),
          ...(guardian.email ? [{ system: 'email', value: guardian.email }] : []),
        ],
      });
      links.push({ other: { reference: `RelatedPerson/${relatedId}` }, type: 'seealso' });
    }
    guardianEntry.resource = { ...guardianEntry.resource, link: links };
  };

  const { guardian, dependents, adult } = DEMO_PATIENTS;
  addPatient({ ...guardian, gender: 'female', language: 'es' });
  const demoChildren = dependents.map((child, index) =>
    addPatient({ ...child, gender: index === 0 ? 'female' : 'male' }),
  );
  linkGuardian(0, demoChildren, 'MTH');
  addPatient({ ...adult, gender: 'male' });

  let sequence = 5;
  while (patients.length < patientCount) {
    const family = random.pick(FAMILY);
    const guardianIndex = patients.length;
    const isGuardian = random.chance(0.3);
    addPatient({
      mrn: mrn(sequence++),
      family,
      given: random.pick(GIVEN_ADULT),
      birthDate: birthDate(random, 1950, 2004),
      phone: phone(sequence),
      email: `patient${sequence}@example.com`,
      gender: random.pick(['female', 'male'] as const),
      ...(random.chance(0.2) ? { language: random.pick(['es', 'zh']) } : {}),
    });
    if (isGuardian && patients.length < patientCount) {
      const children: string[] = [];
      for (let child = random.int(1, 3); child > 0 && patients.length < patientCount; child -= 1) {
        children.push(
          addPatient({
            mrn: mrn(sequence++),
            family,
            given: random.pick(GIVEN_CHILD),
            birthDate: birthDate(random, 2010, 2024),
            gender: random.pick(['female', 'male'] as const),
          }),
        );
      }
      linkGuardian(guardianIndex, children, random.pick(['MTH', 'FTH', 'GUARD'] as const));
    }
  }

  // Coverage for most patients; the member id decides the sandbox's eligibility answer (see README).
  for (const [index, patient] of patients.entries()) {
    if (index !== 0 && index !== 3 && !random.chance(0.8)) continue;
    const payer = payers[index % payers.length] ?? payers[0];
    if (!payer) continue;
    add('Coverage', {
      status: 'active',
      beneficiary: { reference: `Patient/${patient.id}` },
      payor: [{ reference: `Organization/${payer.ref}` }],
      // Index 3 (James Carter) gets an INA... member id: the sandbox answers "not in force" for it.
      subscriberId: `${index === 3 ? 'INA' : payer.payerId}${String(100000 + index * 37).slice(-6)}`,
      relationship: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
            code: patient.adult ? 'self' : 'child',
          },
        ],
      },
      class: [
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'group' }] },
          value: `GRP-${payer.payerId}`,
          name: `${payer.name} PPO`,
        },
      ],
    });
  }

  // Slots in working hours (08:00-12:00 and 13:00-17:00 local, Saturdays 09:00-12:00), some booked.
  for (const schedule of schedules) {
    for (let day = 0; day < days; day += 1) {
      const date = addDays(options.startDate, day);
      const weekday = dayOfWeek(date);
      if (!schedule.workdays.includes(weekday)) continue;
      const blocks =
        weekday === 6
          ? [[9 * 60, 12 * 60]]
          : [
              [8 * 60, 12 * 60],
              [13 * 60, 17 * 60],
            ];
      for (const [from = 0, to = 0] of blocks) {
        for (let minute = from; minute + schedule.minutes <= to; minute += schedule.minutes) {
          const start = zonedTimeToInstant(date, Math.floor(minute / 60), minute % 60, options.timeZone);
          const end = new Date(start.getTime() + schedule.minutes * 60_000);
          const booked = random.chance(0.15);
          const slotId = add('Slot', {
            schedule: { reference: `Schedule/${schedule.id}` },
            status: booked ? 'busy' : 'free',
            start: start.toISOString(),
            end: end.toISOString(),
            serviceType: [
              {
                coding: [
                  { system: SERVICE_TYPE_SYSTEM, code: schedule.service.code, display: schedule.service.display },
                ],
              },
            ],
          });
          if (booked) {
            const eligible = patients.filter(
              (patient) =>
                (schedule.service.code === 'pediatrics' ? !patient.adult : patient.adult) &&
                patient.mrn !== guardian.mrn &&
                !dependents.some((child) => child.mrn === patient.mrn),
            );
            const patient = eligible.length > 0 ? random.pick(eligible) : null;
            if (!patient) continue;
            add('Appointment', {
              status: 'booked',
              serviceType: [
                {
                  coding: [
                    { system: SERVICE_TYPE_SYSTEM, code: schedule.service.code, display: schedule.service.display },
                  ],
                },
              ],
              start: start.toISOString(),
              end: end.toISOString(),
              minutesDuration: schedule.minutes,
              slot: [{ reference: `Slot/${slotId}` }],
              created: `${options.startDate}T00:00:00Z`,
              participant: [
                { actor: { reference: `Patient/${patient.id}` }, status: 'accepted' },
                { actor: { reference: `Practitioner/${schedule.practitionerId}` }, status: 'accepted' },
                { actor: { reference: `Location/${schedule.locationId}` }, status: 'accepted' },
              ],
            });
          }
        }
      }
    }
  }
  return out;
}
