/**
 * The bridge's writes to a clinic's FHIR R4 repository (DESIGN.md, FHIR conventions): Patient with the
 * MRN identifier (v2-0203 MR, the clinic's system), guardians as RelatedPerson + the guardian's
 * Patient.link, Appointment with the legacy EHR's id as identifier, its Slots busy or free. Every record
 * is one transaction Bundle with If-Match on what it changes, so a record is applied whole or not at all.
 */
import type {
  Appointment,
  Bundle,
  BundleEntry,
  ContactPoint,
  FhirResource,
  Location,
  Patient,
  Practitioner,
  RelatedPerson,
  Schedule,
  Slot,
} from 'fhir/r4';
import { AppError } from '@/lib/errors';
import { TokenSource } from '@/lib/scheduling/fhir/auth';
import { checkTransactionResponse, resourcesOf, weakEtag, withoutMeta } from '@/lib/scheduling/fhir/bundles';
import { referenceId } from '@/lib/scheduling/fhir/mappers';
import { EndpointResilience } from '@/lib/scheduling/fhir/resilience';
import { FhirTransport } from '@/lib/scheduling/fhir/transport';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { BridgeSettings } from '../bridge-settings';
import type { AppointmentFacts, BridgeTarget } from '../bridge-target';
import { BridgeRejection, type AppointmentRecord, type PatientRecord, type SlotRecord } from '../records';

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
const BCP47 = 'urn:ietf:bcp:47';
const CANCEL_REASON = 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason';
const ACTIVE_STATUSES = 'proposed,pending,booked,arrived,checked-in';

type Entry = BundleEntry & { request: NonNullable<BundleEntry['request']> };

function put<T extends FhirResource & { id?: string; meta?: { versionId?: string } }>(resource: T): Entry {
  return {
    resource: withoutMeta(resource as never),
    request: {
      method: 'PUT',
      url: `${resource.resourceType}/${resource.id ?? ''}`,
      ifMatch: weakEtag(resource.meta?.versionId ?? ''),
    },
  };
}

function q(value: string): string {
  return encodeURIComponent(value);
}

function rejectionFor(error: unknown): never {
  if (error instanceof BridgeRejection) throw error;
  if (error instanceof AppError) {
    if (error.code === 'unavailable') throw new BridgeRejection('ehrUnavailable', null, true);
    // A stale version: the record changed in between; trying again reads it afresh.
    if (error.code === 'conflict') throw new BridgeRejection('ehrUnavailable', null, true);
    throw new BridgeRejection('ehrRefused');
  }
  throw error;
}

export class FhirBridgeTarget implements BridgeTarget {
  constructor(
    private readonly fhir: FhirTransport,
    private readonly mrnSystem: string,
    private readonly settings: BridgeSettings,
  ) {}

  private async search<T extends FhirResource>(type: T['resourceType'], query: string): Promise<T[]> {
    return resourcesOf<T>(await this.fhir.search(`${type}?${query}`), type, 'match');
  }

  private async patientByMrn(mrn: string): Promise<Patient | null> {
    return (await this.search<Patient>('Patient', `identifier=${q(`${this.mrnSystem}|${mrn}`)}`))[0] ?? null;
  }

  private async commit(entries: Entry[]): Promise<BundleEntry[]> {
    const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: entries };
    return checkTransactionResponse(await this.fhir.transaction(bundle), entries.length);
  }

  async applyPatient(record: PatientRecord): Promise<{ patientId: string }> {
    try {
      return await this.writePatient(record);
    } catch (error) {
      return rejectionFor(error);
    }
  }

  private async writePatient(record: PatientRecord): Promise<{ patientId: string }> {
    const existing = await this.patientByMrn(record.mrn);
    const urn = 'urn:uuid:bridge-patient';
    const telecom: ContactPoint[] = [
      ...record.phones.map((value, index): ContactPoint => ({
        system: 'phone',
        value,
        use: 'mobile',
        rank: index + 1,
      })),
      ...record.emails.map((value): ContactPoint => ({ system: 'email', value })),
    ];
    const patient: Patient = {
      ...(existing ?? { resourceType: 'Patient' }),
      resourceType: 'Patient',
      identifier: [
        ...(existing?.identifier ?? []).filter((identifier) => identifier.system !== this.mrnSystem),
        {
          use: 'usual',
          type: { coding: [{ system: V2_0203, code: 'MR' }] },
          system: this.mrnSystem,
          value: record.mrn,
        },
      ],
      active: true,
      name: [{ use: 'official', family: record.family, ...(record.given.length ? { given: record.given } : {}) }],
      ...(record.birthDate ? { birthDate: record.birthDate } : {}),
      ...(record.gender ? { gender: record.gender } : {}),
      ...(telecom.length ? { telecom } : {}),
      ...(record.address
        ? {
            address: [
              {
                use: 'home',
                line: record.address.lines,
                ...(record.address.city ? { city: record.address.city } : {}),
                ...(record.address.state ? { state: record.address.state } : {}),
                ...(record.address.postalCode ? { postalCode: record.address.postalCode } : {}),
              },
            ],
          }
        : {}),
      ...(record.language
        ? { communication: [{ language: { coding: [{ system: BCP47, code: record.language }] }, preferred: true }] }
        : {}),
    };
    const patientRef = existing?.id ? `Patient/${existing.id}` : urn;
    const entries: Entry[] = [];
    // Links this patient holds as a guardian (RelatedPersons carrying their MRN), kept and completed.
    const asGuardian = await this.search<RelatedPerson>(
      'RelatedPerson',
      `identifier=${q(`${this.mrnSystem}|${record.mrn}`)}&active=true`,
    );
    const links = [...(patient.link ?? [])];
    for (const related of asGuardian)
      if (related.id && !links.some((link) => link.other.reference === `RelatedPerson/${related.id}`))
        links.push({ other: { reference: `RelatedPerson/${related.id}` }, type: 'seealso' });
    // Guardians this patient's record names.
    const guardianUpdates = new Map<string, Patient>();
    for (const [index, guardian] of record.guardians.entries()) {
      if (guardian.mrn === record.mrn) throw new BridgeRejection('badValue', 'NK1-33');
      const known = existing?.id
        ? await this.search<RelatedPerson>(
            'RelatedPerson',
            `patient=${q(`Patient/${existing.id}`)}&identifier=${q(`${this.mrnSystem}|${guardian.mrn}`)}`,
          )
        : [];
      if (known.length > 0) continue;
      const relatedUrn = `urn:uuid:bridge-related-${index}`;
      const related: RelatedPerson = {
        resourceType: 'RelatedPerson',
        active: true,
        patient: { reference: patientRef },
        identifier: [
          { type: { coding: [{ system: V2_0203, code: 'MR' }] }, system: this.mrnSystem, value: guardian.mrn },
        ],
        relationship: [{ coding: [{ system: ROLE_CODE, code: guardian.relationship }] }],
      };
      entries.push({ fullUrl: relatedUrn, resource: related, request: { method: 'POST', url: 'RelatedPerson' } });
      const guardianPatient = guardianUpdates.get(guardian.mrn) ?? (await this.patientByMrn(guardian.mrn));
      if (guardianPatient?.id) {
        guardianUpdates.set(guardian.mrn, {
          ...guardianPatient,
          link: [...(guardianPatient.link ?? []), { other: { reference: relatedUrn }, type: 'seealso' }],
        });
      }
    }
    const written: Patient = { ...patient, ...(links.length ? { link: links } : {}) };
    entries.unshift(
      existing?.id
        ? put(written)
        : { fullUrl: urn, resource: withoutMeta(written), request: { method: 'POST', url: 'Patient' } },
    );
    for (const guardian of guardianUpdates.values()) entries.push(put(guardian));
    const response = await this.commit(entries);
    const patientId = existing?.id ?? referenceId(response[0]?.response?.location, 'Patient');
    if (!patientId) throw new BridgeRejection('ehrRefused');
    return { patientId };
  }

  private async practitioner(key: string | null): Promise<Practitioner | null> {
    if (!key) return null;
    const found = await this.search<Practitioner>(
      'Practitioner',
      `identifier=${q(`${this.settings.practitionerIdentifierSystem}|${key}`)}`,
    );
    if (!found[0]) throw new BridgeRejection('unknownPractitioner', 'AIP-3', true);
    return found[0];
  }

  private async location(key: string | null): Promise<Location | null> {
    if (!key) return null;
    const system = this.settings.locationIdentifierSystem;
    const found = await this.search<Location>('Location', `identifier=${q(system ? `${system}|${key}` : key)}`);
    if (!found[0]) throw new BridgeRejection('unknownLocation', 'AIL-3', true);
    return found[0];
  }

  private async existingAppointment(record: AppointmentRecord, patientId: string): Promise<Appointment | null> {
    const system = this.settings.appointmentIdentifierSystem;
    const byFiller = await this.search<Appointment>('Appointment', `identifier=${q(`${system}|${record.fillerId}`)}`);
    if (byFiller[0]) return byFiller[0];
    if (!record.placerId || !/^[A-Za-z0-9\-.]{1,64}$/.test(record.placerId)) return null;
    try {
      const own = (await this.fhir.read<Appointment>(`Appointment/${record.placerId}`)).body;
      const ownPatient = own.participant.map((p) => referenceId(p.actor?.reference, 'Patient')).find(Boolean);
      return ownPatient === patientId ? own : null;
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    }
  }

  private async slotsAt(practitionerId: string, start: string, end: string): Promise<Slot[]> {
    return this.search<Slot>(
      'Slot',
      `schedule.actor=${q(`Practitioner/${practitionerId}`)}&start=ge${q(start)}&start=lt${q(end)}&_count=50`,
    );
  }

  async applyAppointment(record: AppointmentRecord): Promise<{ patientId: string; appointmentId: string }> {
    try {
      return await this.writeAppointment(record);
    } catch (error) {
      return rejectionFor(error);
    }
  }

  private async writeAppointment(record: AppointmentRecord): Promise<{ patientId: string; appointmentId: string }> {
    const patient = await this.patientByMrn(record.patientMrn);
    if (!patient?.id) throw new BridgeRejection('unknownPatient', 'PID-3', true);
    const existing = await this.existingAppointment(record, patient.id);
    if (!existing && record.action !== 'book') throw new BridgeRejection('unknownAppointment', 'SCH-2', true);
    const practitioner = await this.practitioner(record.practitionerKey);
    const location = await this.location(record.locationKey);
    const cancelling = record.action === 'cancel' || record.action === 'delete' || record.action === 'discontinue';
    const entries: Entry[] = [];
    const keptSlots: string[] = [];
    const oldSlotIds = (existing?.slot ?? [])
      .map((slot) => referenceId(slot.reference, 'Slot'))
      .filter((id): id is string => id !== null);
    const timeChanged = !existing || existing.start !== record.start || existing.end !== record.end;
    const holdsTime = !cancelling && record.action !== 'noshow';
    // The slots the EHR's appointment now occupies: marked busy; a booking of the app that held one is
    // cancelled (the EHR owns the schedule), and change detection tells its patient.
    if (holdsTime && practitioner?.id && (timeChanged || oldSlotIds.length === 0)) {
      for (const slot of await this.slotsAt(practitioner.id, record.start, record.end)) {
        if (!slot.id) continue;
        keptSlots.push(slot.id);
        if (oldSlotIds.includes(slot.id)) continue;
        if (slot.status === 'free' || slot.status === 'busy-tentative') {
          entries.push(put({ ...slot, status: 'busy' }));
          continue;
        }
        const holders = await this.search<Appointment>(
          'Appointment',
          `slot=${q(`Slot/${slot.id}`)}&status=${ACTIVE_STATUSES}`,
        );
        for (const holder of holders)
          if (holder.id && holder.id !== existing?.id)
            entries.push(
              put({
                ...holder,
                status: 'cancelled',
                cancelationReason: {
                  coding: [{ system: CANCEL_REASON, code: 'prov' }],
                  text: 'The clinic gave this time to another visit.',
                },
              }),
            );
      }
    }
    if (!holdsTime || timeChanged) {
      // The slots it left (cancelled, or moved elsewhere) open again.
      for (const slotId of oldSlotIds) {
        if (keptSlots.includes(slotId)) continue;
        const slot = (await this.fhir.read<Slot>(`Slot/${slotId}`)).body;
        if (slot.status === 'busy') entries.push(put({ ...slot, status: 'free' }));
      }
    }
    const slotRefs = holdsTime && (timeChanged || oldSlotIds.length === 0) ? keptSlots : oldSlotIds;
    const system = this.settings.appointmentIdentifierSystem;
    const status: Appointment['status'] = cancelling ? 'cancelled' : record.action === 'noshow' ? 'noshow' : 'booked';
    const participants: Appointment['participant'] = [
      { actor: { reference: `Patient/${patient.id}` }, status: 'accepted' },
      ...(practitioner?.id
        ? [{ actor: { reference: `Practitioner/${practitioner.id}` }, status: 'accepted' as const }]
        : (existing?.participant ?? []).filter((p) => p.actor?.reference?.startsWith('Practitioner/'))),
      ...(location?.id
        ? [{ actor: { reference: `Location/${location.id}` }, status: 'accepted' as const }]
        : (existing?.participant ?? []).filter((p) => p.actor?.reference?.startsWith('Location/'))),
    ];
    const appointment: Appointment = {
      ...(existing ?? {}),
      resourceType: 'Appointment',
      identifier: [
        ...(existing?.identifier ?? []).filter((identifier) => identifier.system !== system),
        { system, value: record.fillerId },
      ],
      status,
      start: record.start,
      end: record.end,
      minutesDuration: Math.round((Date.parse(record.end) - Date.parse(record.start)) / 60_000),
      participant: participants,
      ...(slotRefs.length ? { slot: slotRefs.map((id) => ({ reference: `Slot/${id}` })) } : {}),
      ...(record.serviceCode
        ? {
            serviceType: [
              {
                coding: [
                  {
                    ...(this.settings.serviceTypeSystem ? { system: this.settings.serviceTypeSystem } : {}),
                    code: record.serviceCode,
                  },
                ],
              },
            ],
          }
        : {}),
      ...(record.reason ? { reasonCode: [{ text: record.reason }] } : {}),
      ...(cancelling
        ? {
            cancelationReason: {
              coding: [{ system: CANCEL_REASON, code: 'prov' }],
              ...(record.cancelReason ? { text: record.cancelReason } : {}),
            },
          }
        : {}),
    };
    const urn = 'urn:uuid:bridge-appointment';
    entries.unshift(
      existing?.id
        ? put(appointment)
        : { fullUrl: urn, resource: withoutMeta(appointment), request: { method: 'POST', url: 'Appointment' } },
    );
    const response = await this.commit(entries);
    const appointmentId = existing?.id ?? referenceId(response[0]?.response?.location, 'Appointment');
    if (!appointmentId) throw new BridgeRejection('ehrRefused');
    return { patientId: patient.id, appointmentId };
  }

  async applySlot(record: SlotRecord): Promise<{ slotIds: string[] }> {
    try {
      const practitioner = await this.practitioner(record.practitionerKey);
      if (!practitioner?.id) throw new BridgeRejection('unknownPractitioner', 'AIP-3', true);
      const slots = await this.slotsAt(practitioner.id, record.start, record.end);
      const entries: Entry[] = [];
      for (const slot of slots) {
        // A booked slot stays booked: blocking or opening time never drops an appointment.
        if (slot.status === 'busy' || slot.status === record.status) continue;
        entries.push(put({ ...slot, status: record.status }));
      }
      if (slots.length === 0 && record.status === 'free') {
        const schedule = (
          await this.search<Schedule>('Schedule', `actor=${q(`Practitioner/${practitioner.id}`)}&active=true`)
        )[0];
        if (!schedule?.id) throw new BridgeRejection('unknownPractitioner', 'AIP-3', true);
        const created: Slot = {
          resourceType: 'Slot',
          schedule: { reference: `Schedule/${schedule.id}` },
          status: 'free',
          start: record.start,
          end: record.end,
          ...(schedule.serviceType ? { serviceType: schedule.serviceType } : {}),
        };
        entries.push({ resource: created, request: { method: 'POST', url: 'Slot' } });
      }
      if (entries.length === 0) return { slotIds: slots.flatMap((slot) => (slot.id ? [slot.id] : [])) };
      const response = await this.commit(entries);
      return {
        slotIds: response.map((entry) => referenceId(entry.response?.location, 'Slot')).filter((id) => id !== null),
      };
    } catch (error) {
      return rejectionFor(error);
    }
  }

  async describeAppointment(appointmentId: string): Promise<AppointmentFacts> {
    const appointment = (await this.fhir.read<Appointment>(`Appointment/${q(appointmentId)}`)).body;
    const actor = (type: string): string | null =>
      appointment.participant.map((p) => referenceId(p.actor?.reference, type)).find(Boolean) ?? null;
    const patientId = actor('Patient');
    const patient = patientId ? (await this.fhir.read<Patient>(`Patient/${q(patientId)}`)).body : null;
    const practitionerId = actor('Practitioner');
    const practitioner = practitionerId
      ? (await this.fhir.read<Practitioner>(`Practitioner/${q(practitionerId)}`)).body
      : null;
    const locationId = actor('Location');
    const location = locationId ? (await this.fhir.read<Location>(`Location/${q(locationId)}`)).body : null;
    const system = this.settings.locationIdentifierSystem;
    const name = patient?.name?.find((n) => n.use === 'official') ?? patient?.name?.[0];
    return {
      appointmentId,
      status: appointment.status,
      fillerId:
        appointment.identifier?.find((identifier) => identifier.system === this.settings.appointmentIdentifierSystem)
          ?.value ?? null,
      mrn: patient?.identifier?.find((identifier) => identifier.system === this.mrnSystem)?.value ?? '',
      family: name?.family ?? '',
      given: name?.given?.join(' ') ?? '',
      birthDate: patient?.birthDate ?? null,
      start: appointment.start ?? '',
      end: appointment.end ?? '',
      practitionerKey:
        practitioner?.identifier?.find((i) => i.system === this.settings.practitionerIdentifierSystem)?.value ?? null,
      locationKey: location?.identifier?.find((i) => !system || i.system === system)?.value ?? null,
      serviceCode: appointment.serviceType?.[0]?.coding?.[0]?.code ?? null,
      reason: appointment.reasonCode?.[0]?.text ?? null,
      cancelReason: appointment.cancelationReason?.text ?? null,
    };
  }

  async cancelRefusedBooking(appointmentId: string, reason: string): Promise<void> {
    const appointment = (await this.fhir.read<Appointment>(`Appointment/${q(appointmentId)}`)).body;
    if (appointment.status === 'cancelled') return;
    const entries: Entry[] = [
      put({
        ...appointment,
        status: 'cancelled',
        cancelationReason: { coding: [{ system: CANCEL_REASON, code: 'prov' }], text: reason },
      }),
    ];
    for (const slot of appointment.slot ?? []) {
      const slotId = referenceId(slot.reference, 'Slot');
      if (!slotId) continue;
      const current = (await this.fhir.read<Slot>(`Slot/${q(slotId)}`)).body;
      if (current.status === 'busy') entries.push(put({ ...current, status: 'free' }));
    }
    await this.commit(entries);
  }
}

const cache = new Map<string, { fingerprint: string; target: FhirBridgeTarget }>();

/** The bridge's FHIR target for a clinic: its FHIR base URL and credentials, as the app's own adapter uses. */
export function fhirBridgeTarget(
  tenant: Pick<Tenant, 'id' | 'fhirBaseUrl' | 'fhirAuth' | 'mrnSystem' | 'providerSettings'>,
  settings: BridgeSettings,
): FhirBridgeTarget {
  const fingerprint = JSON.stringify([tenant.fhirBaseUrl, tenant.fhirAuth, tenant.mrnSystem, settings]);
  const cached = cache.get(tenant.id);
  if (cached?.fingerprint === fingerprint) return cached.target;
  const { requestTimeoutMs, attemptTimeoutMs } = tenant.providerSettings;
  const transport = new FhirTransport({
    baseUrl: tenant.fhirBaseUrl,
    tokens: new TokenSource(tenant.fhirAuth, attemptTimeoutMs, { fhirBaseUrl: tenant.fhirBaseUrl, checkScopes: true }),
    resilience: new EndpointResilience({ callTimeoutMs: requestTimeoutMs, attemptTimeoutMs }),
  });
  const target = new FhirBridgeTarget(transport, tenant.mrnSystem, settings);
  cache.set(tenant.id, { fingerprint, target });
  return target;
}
