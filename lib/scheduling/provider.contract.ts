/**
 * The contract every SchedulingProvider must pass, whatever EHR it talks to. An adapter's integration
 * test calls `describeProviderContract` with a factory that returns the provider over a freshly seeded
 * demo clinic (see lib/fhir-server/seed/demo-clinic.ts for the data it expects) and a hook to revoke a
 * guardian link in the EHR.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { outcomeCode } from '@/lib/testing/error-code';
import type { SchedulingProvider } from './provider';
import type { PatientSummary, Practitioner, Slot } from './types';

export interface ContractFixture {
  provider: SchedulingProvider;
  guardianMrn: string;
  adultMrn: string;
  dependentBirthDates: string[];
  serviceCode: string;
  /** A window with free slots of `serviceCode`. */
  from: string;
  to: string;
  /** Whether the EHR offers holds (holdSlot answers a hold, not null). */
  holds?: boolean;
  /** Ends a guardian link in the EHR (e.g. RelatedPerson.active = false). */
  revokeLink: (linkId: string) => Promise<void>;
  /** Two clinicians the EHR holds: one with every profile field, one with a name and nothing else. */
  clinicians: {
    complete: {
      displayName: string;
      gender: Practitioner['gender'];
      qualification: string;
      languages: string[];
      specialtyCode: string;
    };
    bare: { displayName: string };
  };
}

export function describeProviderContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(`SchedulingProvider contract: ${name}`, () => {
    let fixture: ContractFixture;
    let provider: SchedulingProvider;
    let guardian: PatientSummary;
    let adult: PatientSummary;
    const used = new Set<string>();

    /** Free slots nobody else in this suite has used. */
    async function freeSlots(count: number): Promise<Slot[]> {
      const found: Slot[] = [];
      let cursor: string | undefined;
      do {
        const page = await provider.searchFreeSlots({
          serviceCode: fixture.serviceCode,
          from: fixture.from,
          to: fixture.to,
          pageSize: 50,
          cursor,
        });
        for (const slot of page.items) if (!used.has(slot.id) && found.length < count) found.push(slot);
        cursor = page.next ?? undefined;
      } while (found.length < count && cursor);
      found.forEach((slot) => used.add(slot.id));
      if (found.length < count) throw new Error('the fixture has too few free slots');
      return found;
    }

    beforeAll(async () => {
      fixture = await setup();
      provider = fixture.provider;
      const [foundGuardian, foundAdult] = await Promise.all([
        provider.findPatientByMrn(fixture.guardianMrn),
        provider.findPatientByMrn(fixture.adultMrn),
      ]);
      if (!foundGuardian || !foundAdult) throw new Error('fixture patients missing');
      guardian = foundGuardian;
      adult = foundAdult;
    }, 120_000);

    describe('patients and dependents', () => {
      it('finds a patient by MRN with masked contact points, and nobody for an unknown MRN', async () => {
        expect(guardian.mrn).toBe(fixture.guardianMrn);
        expect(guardian.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(guardian.contacts.map((contact) => contact.masked)).toEqual(
          expect.arrayContaining([expect.stringMatching(/^\*\*\*-\*\*\*-\d{4}$/), expect.stringMatching(/^\w\*\*\*@/)]),
        );
        expect(await provider.findPatientByMrn('00000000')).toBeNull();
        expect((await provider.getPatient(guardian.id)).id).toBe(guardian.id);
        expect(await outcomeCode(provider.getPatient('no-such-patient'))).toBe('not_found');
      });

      it('reads several patients at once, leaving out ids it does not know', async () => {
        const patients = await provider.getPatients([guardian.id, adult.id, 'no-such-patient', guardian.id]);
        expect(patients.map((patient) => patient.id).sort()).toEqual([guardian.id, adult.id].sort());
        expect(patients.find((patient) => patient.id === adult.id)?.name.display).toBe(adult.name.display);
        expect(await provider.getPatients([])).toEqual([]);
      });

      it('lists a guardian’s dependents, and drops one whose link was revoked', async () => {
        const dependents = await provider.listDependents(guardian);
        expect(dependents.map((dependent) => dependent.patient.birthDate).sort()).toEqual(
          [...fixture.dependentBirthDates].sort(),
        );
        expect(await provider.listDependents(adult)).toEqual([]);
        const added = await provider.addDependent(
          guardian,
          { given: 'Revoked', family: 'Link', birthDate: '2019-05-05', gender: 'female' },
          'guardian',
        );
        expect((await provider.listDependents(guardian)).map((dependent) => dependent.patient.id)).toContain(
          added.patient.id,
        );
        await fixture.revokeLink(added.linkId);
        expect((await provider.listDependents(guardian)).map((dependent) => dependent.patient.id)).not.toContain(
          added.patient.id,
        );
      });

      it('lists a dependent’s guardians, and none for an adult without links or after a link is revoked', async () => {
        const [child] = await provider.listDependents(guardian);
        if (!child) throw new Error('fixture dependent missing');
        expect((await provider.listGuardians(child.patient.id)).map((person) => person.id)).toEqual([guardian.id]);
        expect(await provider.listGuardians(adult.id)).toEqual([]);
        const added = await provider.addDependent(
          adult,
          { given: 'Ivy', family: 'Carter', birthDate: '2020-02-02', gender: 'female' },
          'guardian',
        );
        expect((await provider.listGuardians(added.patient.id)).map((person) => person.id)).toEqual([adult.id]);
        await fixture.revokeLink(added.linkId);
        expect(await provider.listGuardians(added.patient.id)).toEqual([]);
      });

      it('adds a dependent with a new MRN, linked to the guardian', async () => {
        const dependent = await provider.addDependent(
          adult,
          { given: 'Nora', family: 'Carter', birthDate: '2021-07-14', gender: 'female' },
          'father',
        );
        expect(dependent.patient.mrn).toMatch(/\S+/);
        expect(dependent.relationship).toBe('father');
        const listed = await provider.listDependents(adult);
        expect(listed.map((entry) => entry.patient.id)).toEqual([dependent.patient.id]);
        expect((await provider.findPatientByMrn(dependent.patient.mrn ?? ''))?.id).toBe(dependent.patient.id);
      });

      it('writes a patient’s new mobile phone, email and home address, keeping the rest of the record', async () => {
        const before = await provider.getPatient(adult.id);
        const updated = await provider.updateContactDetails({
          patientId: adult.id,
          phone: '+13125550177',
          email: 'new.address@example.org',
          address: { lines: ['700 N Clark St', 'Apt 4'], city: 'Chicago', state: 'IL', postalCode: '60654' },
        });
        const reread = await provider.getPatient(adult.id);
        for (const patient of [updated, reread]) {
          expect(
            patient.contacts.filter((contact) => contact.kind === 'phone').map((contact) => contact.value),
          ).toEqual(['+13125550177']);
          expect(
            patient.contacts.filter((contact) => contact.kind === 'email').map((contact) => contact.value),
          ).toEqual(['new.address@example.org']);
          expect(patient.address).toEqual({
            lines: ['700 N Clark St', 'Apt 4'],
            city: 'Chicago',
            state: 'IL',
            postalCode: '60654',
          });
          expect({ mrn: patient.mrn, name: patient.name, birthDate: patient.birthDate }).toEqual({
            mrn: before.mrn,
            name: before.name,
            birthDate: before.birthDate,
          });
        }
        // Only the address: the phone and email just written stay.
        await provider.updateContactDetails({
          patientId: adult.id,
          address: { lines: ['1 E Erie St'], city: 'Chicago', state: null, postalCode: null },
        });
        const moved = await provider.getPatient(adult.id);
        expect(moved.address?.lines).toEqual(['1 E Erie St']);
        expect(moved.contacts.map((contact) => contact.value)).toEqual(
          expect.arrayContaining(['+13125550177', 'new.address@example.org']),
        );
        expect(
          await outcomeCode(provider.updateContactDetails({ patientId: 'no-such-patient', email: 'a@b.example' })),
        ).toBe('not_found');
      });

      it('finds likely duplicates by name and birth date', async () => {
        const matches = await provider.findPatientsByDemographics({
          given: adult.name.given,
          family: adult.name.family,
          birthDate: adult.birthDate ?? '',
        });
        expect(matches.map((patient) => patient.id)).toContain(adult.id);
      });
    });

    describe('catalogue', () => {
      it('lists locations with positions, services and practitioners per service', async () => {
        const locations = await provider.listLocations();
        expect(locations.length).toBeGreaterThan(0);
        expect(locations.every((location) => location.position !== null)).toBe(true);
        expect((await provider.listServices()).map((service) => service.code)).toContain(fixture.serviceCode);
        const practitioners = await provider.listPractitioners({ serviceCode: fixture.serviceCode });
        expect(practitioners.length).toBeGreaterThan(0);
        expect(practitioners.length).toBeLessThan((await provider.listPractitioners()).length + 1);
      });

      it('gives clinician profiles: photo, gender, qualification, languages, specialty and locations', async () => {
        const [practitioners, locations] = await Promise.all([provider.listPractitioners(), provider.listLocations()]);
        const expected = fixture.clinicians.complete;
        const complete = practitioners.find((practitioner) => practitioner.displayName === expected.displayName);
        expect(complete).toMatchObject({
          gender: expected.gender,
          qualifications: [expected.qualification],
          languages: expected.languages,
          specialties: [expect.objectContaining({ code: expected.specialtyCode })],
        });
        expect(complete?.photoUrl).toMatch(/^(\/|data:image\/)/);
        expect(complete?.locationIds.length).toBeGreaterThan(0);
        const known = new Set(locations.map((location) => location.id));
        expect(complete?.locationIds.every((id) => known.has(id))).toBe(true);
      });

      it('gives a clinician with only a name empty profile fields, not made-up ones', async () => {
        const bare = (await provider.listPractitioners()).find(
          (practitioner) => practitioner.displayName === fixture.clinicians.bare.displayName,
        );
        expect(bare).toMatchObject({ photoUrl: null, gender: null, qualifications: [], languages: [] });
      });
    });

    describe('slots', () => {
      it('pages free slots earliest first, without overlap, all free and in range', async () => {
        const first = await provider.searchFreeSlots({
          serviceCode: fixture.serviceCode,
          from: fixture.from,
          to: fixture.to,
          pageSize: 10,
        });
        expect(first.items).toHaveLength(10);
        expect(first.next).not.toBeNull();
        const second = await provider.searchFreeSlots({
          serviceCode: fixture.serviceCode,
          from: fixture.from,
          to: fixture.to,
          pageSize: 10,
          cursor: first.next ?? undefined,
        });
        const all = [...first.items, ...second.items];
        expect(new Set(all.map((slot) => slot.id)).size).toBe(20);
        expect(all.map((slot) => slot.start)).toEqual([...all.map((slot) => slot.start)].sort());
        expect(
          all.every(
            (slot) =>
              slot.status === 'free' &&
              slot.start >= fixture.from &&
              slot.start < fixture.to &&
              slot.serviceCode === fixture.serviceCode,
          ),
        ).toBe(true);
      });

      it('filters by practitioner and location', async () => {
        const [some] = await freeSlots(1);
        if (!some?.practitionerId || !some.locationId) throw new Error('slot without practitioner or location');
        const byPractitioner = await provider.searchFreeSlots({
          serviceCode: fixture.serviceCode,
          practitionerId: some.practitionerId,
          locationId: some.locationId,
          from: fixture.from,
          to: fixture.to,
          pageSize: 20,
        });
        expect(byPractitioner.items.length).toBeGreaterThan(0);
        expect(
          byPractitioner.items.every(
            (slot) => slot.practitionerId === some.practitionerId && slot.locationId === some.locationId,
          ),
        ).toBe(true);
      });

      it('refuses a page link that points elsewhere', async () => {
        const cursor = Buffer.from('https://evil.example/Slot').toString('base64url');
        expect(
          await outcomeCode(
            provider.searchFreeSlots({ serviceCode: fixture.serviceCode, from: fixture.from, to: fixture.to, cursor }),
          ),
        ).toBe('invalid_input');
      });

      it('answers not_found for a slot that does not exist', async () => {
        expect(await outcomeCode(provider.getSlot('no-such-slot'))).toBe('not_found');
      });
    });

    describe('booking', () => {
      it('books: the appointment is booked and the slot busy; the same slot again is a conflict', async () => {
        const [slot] = await freeSlots(1);
        if (!slot) throw new Error('no slot');
        const appointment = await provider.book({
          slotId: slot.id,
          slotVersion: slot.version,
          patientId: adult.id,
          reason: 'Annual check-up',
        });
        expect(appointment).toMatchObject({
          status: 'booked',
          patientId: adult.id,
          slotIds: [slot.id],
          start: slot.start,
          reason: 'Annual check-up',
        });
        expect((await provider.getSlot(slot.id)).status).toBe('busy');
        expect(
          await outcomeCode(provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: guardian.id })),
        ).toBe('conflict');
        const listed = await provider.listAppointments({ patientIds: [adult.id], from: fixture.from, to: fixture.to });
        expect(listed.map((entry) => entry.id)).toContain(appointment.id);
      });

      it('lets exactly one of 50 concurrent bookings of one slot succeed', async () => {
        const [slot] = await freeSlots(1);
        if (!slot) throw new Error('no slot');
        const results = await Promise.all(
          Array.from({ length: 50 }, () =>
            outcomeCode(provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adult.id })),
          ),
        );
        expect(results.filter((result) => result === 'ok')).toHaveLength(1);
        expect(results.filter((result) => result === 'conflict')).toHaveLength(49);
        const appointments = (
          await provider.listAppointments({ patientIds: [adult.id], from: fixture.from, to: fixture.to })
        ).filter((appointment) => appointment.slotIds.includes(slot.id));
        expect(appointments).toHaveLength(1);
        expect((await provider.getSlot(slot.id)).status).toBe('busy');
      });

      it('reschedules atomically: the new slot busy, the old one free, the same appointment moved', async () => {
        const [first, second] = await freeSlots(2);
        if (!first || !second) throw new Error('no slots');
        const booked = await provider.book({ slotId: first.id, slotVersion: first.version, patientId: adult.id });
        const moved = await provider.reschedule({
          appointmentId: booked.id,
          appointmentVersion: booked.version,
          newSlotId: second.id,
          newSlotVersion: second.version,
        });
        expect(moved).toMatchObject({ id: booked.id, slotIds: [second.id], start: second.start, status: 'booked' });
        expect((await provider.getSlot(first.id)).status).toBe('free');
        expect((await provider.getSlot(second.id)).status).toBe('busy');
        expect(
          await outcomeCode(
            provider.reschedule({
              appointmentId: moved.id,
              appointmentVersion: moved.version,
              newSlotId: second.id,
              newSlotVersion: (await provider.getSlot(second.id)).version,
            }),
          ),
        ).toBe('invalid_input');
      });

      it('leaves the original appointment intact when a reschedule loses the race for the new slot', async () => {
        const [first, contested] = await freeSlots(2);
        if (!first || !contested) throw new Error('no slots');
        const booked = await provider.book({ slotId: first.id, slotVersion: first.version, patientId: adult.id });
        const [rescheduled, competitor] = await Promise.all([
          outcomeCode(
            provider.reschedule({
              appointmentId: booked.id,
              appointmentVersion: booked.version,
              newSlotId: contested.id,
              newSlotVersion: contested.version,
            }),
          ),
          outcomeCode(provider.book({ slotId: contested.id, slotVersion: contested.version, patientId: guardian.id })),
        ]);
        expect([rescheduled, competitor].sort()).toEqual(['conflict', 'ok']);
        const after = await provider.getAppointment(booked.id);
        if (rescheduled === 'conflict') {
          expect(after).toMatchObject({ slotIds: [first.id], start: first.start, status: 'booked' });
          expect((await provider.getSlot(first.id)).status).toBe('busy');
        } else {
          expect(after.slotIds).toEqual([contested.id]);
          expect((await provider.getSlot(first.id)).status).toBe('free');
        }
        expect((await provider.getSlot(contested.id)).status).toBe('busy');
      });

      it('cancels: the appointment cancelled with its reason, the slot free again', async () => {
        const [slot] = await freeSlots(1);
        if (!slot) throw new Error('no slot');
        const booked = await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adult.id });
        const cancelled = await provider.cancel({
          appointmentId: booked.id,
          appointmentVersion: booked.version,
          reason: 'Feeling better',
          by: 'patient',
        });
        expect(cancelled).toMatchObject({ id: booked.id, status: 'cancelled', cancellationReason: 'Feeling better' });
        expect((await provider.getSlot(slot.id)).status).toBe('free');
        expect(
          await outcomeCode(
            provider.cancel({
              appointmentId: booked.id,
              appointmentVersion: booked.version,
              reason: '',
              by: 'patient',
            }),
          ),
        ).toBe('conflict');
      });

      it('moves an appointment through arrival statuses, refusing a stale version', async () => {
        const [slot] = await freeSlots(1);
        if (!slot) throw new Error('no slot');
        const booked = await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adult.id });
        const arrived = await provider.setAppointmentStatus({
          appointmentId: booked.id,
          appointmentVersion: booked.version,
          status: 'arrived',
        });
        expect(arrived.status).toBe('arrived');
        expect(
          await outcomeCode(
            provider.setAppointmentStatus({
              appointmentId: booked.id,
              appointmentVersion: booked.version,
              status: 'noshow',
            }),
          ),
        ).toBe('conflict');
        const checkedIn = await provider.setAppointmentStatus({
          appointmentId: booked.id,
          appointmentVersion: arrived.version,
          status: 'checked-in',
        });
        expect(checkedIn.status).toBe('checked-in');
        if (slot.locationId) {
          const day = await provider.listLocationAppointments({
            locationId: slot.locationId,
            from: new Date(new Date(slot.start).getTime() - 3_600_000).toISOString(),
            to: new Date(new Date(slot.start).getTime() + 3_600_000).toISOString(),
          });
          expect(day.map((appointment) => appointment.id)).toContain(booked.id);
        }
      });

      it("records a patient's confirmation at the appointment's version, keeping its status", async () => {
        const [slot] = await freeSlots(1);
        if (!slot) throw new Error('no slot');
        const booked = await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adult.id });
        expect(booked.confirmedAt ?? null).toBeNull();
        const at = '2030-01-02T03:04:05.000Z';
        const confirmed = await provider.confirmAppointment({
          appointmentId: booked.id,
          appointmentVersion: booked.version,
          at,
        });
        expect(confirmed).toMatchObject({ status: 'booked', confirmedAt: at, slotIds: booked.slotIds });
        expect((await provider.getAppointment(booked.id)).confirmedAt).toBe(at);
        expect(
          await outcomeCode(
            provider.confirmAppointment({ appointmentId: booked.id, appointmentVersion: booked.version, at }),
          ),
        ).toBe('conflict');
      });

      it('holds a slot for one patient: nobody else books it, the holder books it; a release frees it', async () => {
        const [slot, other] = await freeSlots(2);
        if (!slot || !other) throw new Error('no slots');
        const hold = await provider.holdSlot({ slotId: slot.id, patientId: adult.id });
        if (!fixture.holds) {
          // No holds at this EHR: booking works as without one.
          expect(hold).toBeNull();
          await provider.releaseHold({ holdId: 'no-such-hold', patientId: adult.id });
          return;
        }
        if (!hold) throw new Error('no hold');
        expect(hold.slotId).toBe(slot.id);
        const seconds = (Date.parse(hold.expiresAt) - Date.now()) / 1000;
        expect(seconds).toBeGreaterThan(60);
        expect(seconds).toBeLessThanOrEqual(901);
        expect((await provider.getSlot(slot.id)).status).toBe('busy-tentative');
        expect(
          (
            await provider.searchFreeSlots({ serviceCode: fixture.serviceCode, from: slot.start, to: slot.end })
          ).items.map((free) => free.id),
        ).not.toContain(slot.id);
        expect(await outcomeCode(provider.holdSlot({ slotId: slot.id, patientId: guardian.id }))).toBe('conflict');
        expect(
          await outcomeCode(provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: guardian.id })),
        ).toBe('conflict');
        // A hold is not a visit: the patient's list does not show it.
        expect(
          (await provider.listAppointments({ patientIds: [adult.id], from: slot.start, to: slot.end })).map(
            (appointment) => appointment.id,
          ),
        ).not.toContain(hold.id);
        const booked = await provider.book({
          slotId: slot.id,
          slotVersion: slot.version,
          patientId: adult.id,
          holdId: hold.id,
          requestKey: `held-${hold.id}`,
        });
        expect(booked).toMatchObject({ status: 'booked', patientId: adult.id, slotIds: [slot.id] });
        expect((await provider.getSlot(slot.id)).status).toBe('busy');
        // Releasing a hold that was booked changes nothing.
        await provider.releaseHold({ holdId: hold.id, patientId: adult.id });
        expect((await provider.getAppointment(booked.id)).status).toBe('booked');

        const released = await provider.holdSlot({ slotId: other.id, patientId: adult.id });
        if (!released) throw new Error('no hold');
        // Someone else's release of it does nothing.
        await provider.releaseHold({ holdId: released.id, patientId: guardian.id });
        expect((await provider.getSlot(other.id)).status).toBe('busy-tentative');
        await provider.releaseHold({ holdId: released.id, patientId: adult.id });
        expect((await provider.getSlot(other.id)).status).toBe('free');
        const taken = await provider.book({ slotId: other.id, slotVersion: other.version, patientId: guardian.id });
        expect(taken.status).toBe('booked');
      });

      it('lets a hold run out: the slot is free again and another patient books it', async () => {
        const [slot] = await freeSlots(1);
        if (!slot) throw new Error('no slot');
        const hold = await provider.holdSlot({ slotId: slot.id, patientId: adult.id, seconds: 1 });
        if (!fixture.holds) {
          expect(hold).toBeNull();
          return;
        }
        if (!hold) throw new Error('no hold');
        expect(Date.parse(hold.expiresAt) - Date.now()).toBeLessThan(5000);
        await vi.waitFor(
          async () => {
            expect((await provider.getSlot(slot.id)).status).toBe('free');
          },
          { timeout: 15_000, interval: 500 },
        );
        const booked = await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: guardian.id });
        expect(booked.status).toBe('booked');
        // The holder confirming late books afresh only if the time is still free: here it is not.
        expect(
          await outcomeCode(
            provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adult.id, holdId: hold.id }),
          ),
        ).toBe('conflict');
      });

      it('answers not_found for an appointment that does not exist', async () => {
        expect(await outcomeCode(provider.getAppointment('no-such-appointment'))).toBe('not_found');
      });
    });

    describe('coverage and changes', () => {
      it('reads and writes coverage', async () => {
        const before = await provider.listCoverage(adult.id);
        const payerId = before[0]?.payerId;
        if (!payerId) throw new Error('fixture patient without coverage');
        const saved = await provider.saveCoverage({
          patientId: adult.id,
          payerId,
          memberId: 'ZZ998877',
          groupNumber: 'G-1',
          relationship: 'self',
        });
        expect(saved).toMatchObject({
          memberId: 'ZZ998877',
          groupNumber: 'G-1',
          relationship: 'self',
          status: 'active',
        });
        expect((await provider.listCoverage(adult.id)).map((coverage) => coverage.memberId)).toContain('ZZ998877');
      });

      it('replaces a coverage in place, and refuses a replacement of a version that has changed', async () => {
        const [current] = await provider.listCoverage(adult.id);
        if (!current?.payerId) throw new Error('fixture patient without coverage');
        const count = (await provider.listCoverage(adult.id)).length;
        const replaced = await provider.saveCoverage({
          patientId: adult.id,
          payerId: current.payerId,
          memberId: 'ZZ112233',
          relationship: 'self',
          replaces: { id: current.id, version: current.version },
        });
        expect(replaced).toMatchObject({ id: current.id, memberId: 'ZZ112233' });
        expect(replaced.version).not.toBe(current.version);
        expect(await provider.listCoverage(adult.id)).toHaveLength(count);
        expect(
          await outcomeCode(
            provider.saveCoverage({
              patientId: adult.id,
              payerId: current.payerId,
              memberId: 'ZZ445566',
              relationship: 'self',
              replaces: { id: current.id, version: current.version },
            }),
          ),
        ).toBe('conflict');
      });

      it('reports changes since a cursor across several pages, each version once, the latest included', async () => {
        const { cursor } = await provider.changesSince(null);
        const slots = await freeSlots(3);
        const booked = [];
        for (const slot of slots)
          booked.push(await provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adult.id }));
        const [first] = booked;
        if (!first) throw new Error('nothing booked');
        const cancelled = await provider.cancel({
          appointmentId: first.id,
          appointmentVersion: first.version,
          reason: 'contract',
          by: 'clinic',
        });
        // Two records a page: the three appointments and slots come over several pages. (No overlap:
        // the fixture was just seeded, and re-reading it two by two would take long.)
        const batch = await provider.changesSince(cursor, { pageSize: 2, overlapSeconds: 0 });
        const appointments = batch.changes.flatMap((change) => (change.kind === 'appointment' ? [change] : []));
        const slotChanges = batch.changes.flatMap((change) => (change.kind === 'slot' ? [change] : []));
        for (const appointment of booked) expect(appointments.map((change) => change.id)).toContain(appointment.id);
        for (const slot of slots) expect(slotChanges.map((change) => change.id)).toContain(slot.id);
        const keys = batch.changes.map((change) => `${change.kind}/${change.id}/${change.version}`);
        expect(new Set(keys).size).toBe(keys.length);
        const latest = appointments.find((change) => change.id === first.id && change.version === cancelled.version);
        expect(latest?.appointment.status).toBe('cancelled');
        expect(latest?.bookedByApp).toBe(false);
        const freed = slotChanges.find((change) => change.id === slots[0]?.id);
        expect(freed?.slot.status).toBe('free');
        expect([...batch.changes].map((change) => change.updatedAt)).toEqual(
          batch.changes.map((change) => change.updatedAt).sort(),
        );
        // Read on from the new cursor: what was read comes again only inside the overlap window.
        const again = await provider.changesSince(batch.cursor, { overlapSeconds: 0 });
        expect(
          again.changes.filter((change) => change.id === first.id && change.version !== cancelled.version),
        ).toEqual([]);
      });

      it('takes the EHR as it is at the first cursor: an earlier change is none, even inside the overlap', async () => {
        const [before, after] = await freeSlots(2);
        if (!before || !after) throw new Error('no free slots');
        const early = await provider.book({ slotId: before.id, slotVersion: before.version, patientId: adult.id });
        await new Promise((resolve) => setTimeout(resolve, 5));
        const { cursor } = await provider.changesSince(null);
        const later = await provider.book({ slotId: after.id, slotVersion: after.version, patientId: adult.id });
        const batch = await provider.changesSince(cursor, { overlapSeconds: 120 });
        const reported = batch.changes.map((change) => change.id);
        expect(reported).toContain(later.id);
        expect(reported).toContain(after.id);
        expect(reported).not.toContain(early.id);
        expect(reported).not.toContain(before.id);
        // The floor stays with the cursor: a later read with the overlap still starts after it.
        const again = await provider.changesSince(batch.cursor, { overlapSeconds: 120 });
        expect(again.changes.map((change) => change.id)).not.toContain(early.id);
      });

      it('answers invalid_input for a cursor it did not write', async () => {
        expect(await provider.changesSince('not-a-cursor').catch((error: unknown) => error)).toMatchObject({
          code: 'invalid_input',
          reason: 'sync.cursorInvalid',
        });
      });
    });

    describe('Subscriptions (change detection)', () => {
      it('reports the subscriptions it made as active, and one it does not know as not', async () => {
        const ids = await provider.subscribeToChanges({
          // Nothing listens there: the EHR's notifications fail, the subscriptions stay.
          endpoint: 'http://127.0.0.1:9/api/sync/notifications/contract',
          headers: ['Authorization: Bearer contract'],
        });
        expect(await provider.activeSubscriptions(ids)).toEqual(ids);
        expect(await provider.activeSubscriptions([...ids, 'no-such-subscription'])).toEqual(ids);
        expect(await provider.activeSubscriptions([])).toEqual([]);
      });
    });

    describe('deletions (change detection)', () => {
      it('tells which of the given appointments the EHR still has, cancelled ones included', async () => {
        const slots = await freeSlots(2);
        const [kept, cancelled] = await Promise.all(
          slots.map((slot) => provider.book({ slotId: slot.id, slotVersion: slot.version, patientId: adult.id })),
        );
        if (!kept || !cancelled) throw new Error('nothing booked');
        await provider.cancel({
          appointmentId: cancelled.id,
          appointmentVersion: cancelled.version,
          reason: 'contract',
          by: 'clinic',
        });
        const unknown = 'no-such-appointment';
        const existing = await provider.existingAppointmentIds([kept.id, unknown, cancelled.id, kept.id]);
        expect(existing.sort()).toEqual([kept.id, cancelled.id].sort());
        expect(await provider.existingAppointmentIds([])).toEqual([]);
        expect(await provider.existingAppointmentIds([unknown])).toEqual([]);
      });
    });
  });
}
