import type { Appointment, Attachment, Patient, PractitionerRole, Schedule, Slot } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { generateDemoClinic } from '@/lib/fhir-server/seed/demo-clinic';
import { formatLocalTime } from '@/lib/time/format';
import { relationshipOf, toAppointment, toPatientSummary, toPractitioner, toSlot } from './mappers';

const mrnSystem = 'https://clinic.example/mrn';

describe('FHIR to scheduling types', () => {
  it('maps a patient: MRN from the clinic system only, official name, masked current contacts', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      id: 'p1',
      identifier: [
        { system: 'https://other.example/mrn', value: 'X1' },
        { system: mrnSystem, value: '10000017' },
      ],
      name: [
        { use: 'old', family: 'Maiden', given: ['Maria'] },
        { use: 'official', family: 'Lopez', given: ['Maria', 'Elena'] },
      ],
      birthDate: '1986-04-12',
      telecom: [
        { system: 'phone', value: '(312) 555-0101' },
        { system: 'email', value: 'maria.lopez@example.com' },
        { system: 'phone', value: '(312) 555-9999', period: { end: '2020-01-01' } },
        { system: 'fax', value: '(312) 555-0000' },
      ],
      communication: [{ language: { coding: [{ code: 'es' }] }, preferred: true }],
    };
    expect(toPatientSummary(patient, mrnSystem)).toMatchObject({
      id: 'p1',
      mrn: '10000017',
      name: { given: 'Maria Elena', family: 'Lopez', display: 'Maria Elena Lopez' },
      contacts: [
        { kind: 'phone', value: '(312) 555-0101', masked: '***-***-0101' },
        { kind: 'email', value: 'maria.lopez@example.com', masked: 'm***@example.com' },
      ],
      preferredLanguage: 'es',
    });
  });

  it('maps a patient with nothing optional', () => {
    expect(toPatientSummary({ resourceType: 'Patient', id: 'bare' }, mrnSystem)).toEqual({
      id: 'bare',
      mrn: null,
      name: { given: '', family: '', display: 'Unnamed' },
      birthDate: null,
      gender: null,
      contacts: [],
      preferredLanguage: null,
      address: null,
    });
  });

  it('maps a slot without serviceType from its schedule, with practitioner and location from the actors', () => {
    const schedule: Schedule = {
      resourceType: 'Schedule',
      id: 's1',
      actor: [{ reference: 'Location/l1' }, { reference: 'https://ehr.example/fhir/Practitioner/pr1' }],
      serviceType: [{ coding: [{ system: 'https://svc', code: 'dental' }] }],
    };
    const slot: Slot = {
      resourceType: 'Slot',
      id: 'sl1',
      meta: { versionId: 'abc' },
      schedule: { reference: 'Schedule/s1' },
      status: 'free',
      start: '2031-01-06T09:00:00-06:00',
      end: '2031-01-06T09:30:00-06:00',
    };
    expect(toSlot(slot, schedule, 'https://svc')).toEqual({
      id: 'sl1',
      version: 'abc',
      scheduleId: 's1',
      start: '2031-01-06T15:00:00.000Z',
      end: '2031-01-06T15:30:00.000Z',
      status: 'free',
      serviceCode: 'dental',
      practitionerId: 'pr1',
      locationId: 'l1',
    });
  });

  it('treats a slot without a version or start as the EHR’s failure, not a crash', () => {
    const error = (() => {
      try {
        toSlot(
          { resourceType: 'Slot', id: 'x', schedule: { reference: 'Schedule/s' }, status: 'free', start: '', end: '' },
          undefined,
        );
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unavailable');
  });

  it('maps an appointment with extra participants and no slot', () => {
    const appointment: Appointment = {
      resourceType: 'Appointment',
      id: 'a1',
      meta: { versionId: '7' },
      status: 'arrived',
      start: '2031-01-06T15:00:00Z',
      end: '2031-01-06T15:30:00Z',
      participant: [
        { actor: { reference: 'RelatedPerson/r1' }, status: 'accepted' },
        { actor: { reference: 'Device/d1' }, status: 'accepted' },
        { actor: { reference: 'Patient/p1' }, status: 'accepted' },
        { type: [{ text: 'interpreter' }], status: 'needs-action' },
      ],
      cancelationReason: { text: 'n/a' },
    };
    expect(toAppointment(appointment)).toMatchObject({
      id: 'a1',
      version: '7',
      status: 'arrived',
      patientId: 'p1',
      practitionerId: null,
      locationId: null,
      slotIds: [],
      serviceCode: null,
      cancellationReason: 'n/a',
    });
  });

  it('reads guardian relationships from v3-RoleCode', () => {
    expect(
      relationshipOf({
        resourceType: 'RelatedPerson',
        patient: { reference: 'Patient/c' },
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'FTH' }] }],
      }),
    ).toBe('father');
    expect(
      relationshipOf({
        resourceType: 'RelatedPerson',
        patient: { reference: 'Patient/c' },
        relationship: [{ text: 'neighbour' }],
      }),
    ).toBe('other');
  });
});

describe('demo slots across a daylight-saving change', () => {
  it('start at 8:00 local on both sides of the spring-forward weekend', () => {
    // 2031-03-09 is the US spring-forward Sunday.
    const resources = generateDemoClinic({
      mrnSystem,
      timeZone: 'America/Chicago',
      startDate: '2031-03-07',
      days: 4,
      practitioners: 2,
      patients: 5,
    });
    const starts = resources
      .filter((entry) => entry.type === 'Slot')
      .map((entry) => (typeof entry.resource.start === 'string' ? entry.resource.start : ''));
    const friday = starts.filter((start) => start.startsWith('2031-03-07')).sort()[0] ?? '';
    const monday = starts.filter((start) => start.startsWith('2031-03-10')).sort()[0] ?? '';
    expect(friday).toBe('2031-03-07T14:00:00.000Z');
    expect(monday).toBe('2031-03-10T13:00:00.000Z');
    expect(formatLocalTime(friday, 'America/Chicago')).toBe('8:00 AM');
    expect(formatLocalTime(monday, 'America/Chicago')).toBe('8:00 AM');
    expect(starts.some((start) => start.startsWith('2031-03-09'))).toBe(false);
  });
});

describe('clinician profiles', () => {
  const role = (practitioner: string, code: string, location: string): PractitionerRole => ({
    resourceType: 'PractitionerRole',
    practitioner: { reference: `Practitioner/${practitioner}` },
    specialty: [{ coding: [{ system: 'urn:services', code, display: code.toUpperCase() }] }],
    location: [{ reference: `Location/${location}` }],
  });

  it('joins the practitioner with its own roles: specialties in the clinic system, locations once each', () => {
    const profile = toPractitioner(
      {
        resourceType: 'Practitioner',
        id: 'p1',
        name: [{ family: 'Ramírez', given: ['Lucía'], prefix: ['Dr.'] }],
        gender: 'female',
        qualification: [
          { code: { coding: [{ code: 'MD', display: 'Doctor of Medicine' }] } },
          { code: { text: 'Retired licence' }, period: { end: '2001-01-01' } },
        ],
        communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }, { text: 'Sign language' }],
        photo: [{ url: 'https://elsewhere.example/p1.jpg' }, { url: '/clinicians/p1.svg' }],
      },
      [
        role('p1', 'pediatrics', 'l1'),
        role('p1', 'vaccination', 'l1'),
        role('p2', 'dental', 'l2'),
        {
          resourceType: 'PractitionerRole',
          practitioner: { reference: 'Practitioner/p1' },
          specialty: [{ coding: [{ system: 'urn:other', code: 'x' }] }],
        },
      ],
      'urn:services',
    );
    expect(profile).toEqual({
      id: 'p1',
      displayName: 'Dr. Lucía Ramírez',
      photoUrl: '/clinicians/p1.svg',
      gender: 'female',
      qualifications: ['Doctor of Medicine'],
      languages: ['es'],
      specialties: [
        { code: 'pediatrics', display: 'PEDIATRICS' },
        { code: 'vaccination', display: 'VACCINATION' },
      ],
      locationIds: ['l1'],
    });
  });

  it('keeps inline raster photos and refuses SVG data and paths that leave the site', () => {
    const photoOf = (photo: Attachment): string | null =>
      toPractitioner({ resourceType: 'Practitioner', id: 'p', photo: [photo] }).photoUrl;
    expect(photoOf({ contentType: 'image/png', data: 'iVBORw0KGgo=' })).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(photoOf({ contentType: 'image/svg+xml', data: 'PHN2Zz4=' })).toBeNull();
    expect(photoOf({ url: '//evil.example/x.png' })).toBeNull();
    expect(photoOf({ url: '/a/../../x.png' })).toBeNull();
    expect(photoOf({ url: 'javascript:alert(1)' })).toBeNull();
  });

  it('maps a practitioner with only a name to empty fields', () => {
    expect(toPractitioner({ resourceType: 'Practitioner', id: 'p', name: [{ text: 'Jordan Lee' }] })).toEqual({
      id: 'p',
      displayName: 'Jordan Lee',
      photoUrl: null,
      gender: null,
      qualifications: [],
      languages: [],
      specialties: [],
      locationIds: [],
    });
  });
});
