/**
 * The SchedulingProvider for FHIR R4 servers (HAPI, Smile CDR, Medplum, Epic, the embedded sandbox),
 * following DESIGN.md's FHIR conventions. Ids are server-assigned, versions opaque, paging follows
 * `next` links, Bundle.total is never relied on, and the references the app depends on are checked.
 */
import type {
  Appointment as FhirAppointment,
  Bundle,
  ContactPoint,
  Coverage as FhirCoverage,
  FhirResource,
  HealthcareService,
  Location as FhirLocation,
  Organization,
  Patient as FhirPatient,
  Practitioner as FhirPractitioner,
  PractitionerRole,
  RelatedPerson,
  Schedule as FhirSchedule,
  Slot as FhirSlot,
  Subscription as FhirSubscription,
} from 'fhir/r4';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/logger';
import type { ProviderSettings } from '@/lib/tenancy/tenant-settings';
import { newCheckDigitMrn } from '../mrn';
import type { SchedulingProvider } from '../provider';
import type {
  Appointment,
  Change,
  ChangeBatch,
  ChangeFeedOptions,
  ConnectionCheckItem,
  ContactDetailsChange,
  CoverageInput,
  CoverageSummary,
  Dependent,
  DependentRelationship,
  Location,
  NewPatient,
  Page,
  PatientSummary,
  Practitioner,
  Service,
  Slot,
  SlotHold,
  SlotQuery,
} from '../types';
import {
  decodeFeedCursor,
  encodeFeedCursor,
  FEED_TYPES,
  feedWindows,
  type FeedCursor,
  type FeedType,
} from './change-feed';
import { checkTransactionResponse, nextLink, resourcesOf, weakEtag, withoutMeta, withSlotStatus } from './bundles';
import {
  CONFIRMED_EXTENSION,
  referenceId,
  relationshipCode,
  relationshipOf,
  toAppointment,
  toCoverage,
  toLocation,
  toPatientSummary,
  toPractitioner,
  toSlot,
} from './mappers';
import { ServerCapabilities } from './capabilities';
import { chooseBookingMode, declaredSchedulingOperations, type BookingModeChoice } from './booking-mode';
import { isHoldOnly, SchedulingOperations } from './scheduling-operations';
import { checkFhirConnection } from './check-connection';
import type { FhirTransport } from './transport';

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
const MAX_PAGES = 20;
/** Pages of one change-feed window (200 each) before the read gives up and is tried again. */
const MAX_FEED_PAGES = 500;

/**
 * What a booking transaction's answer shows as written when some of its entries failed (a server
 * running the transaction as a batch): the slot (entry 0) and the created appointment (entry 1); null
 * when it was all or nothing.
 */
function partiallyApplied(
  response: Bundle,
  slotId: string,
): { slot: string | null; appointment: string | null } | null {
  const entries = response.entry ?? [];
  const ok = entries.map((entry) => /^2\d\d/.test(entry.response?.status ?? ''));
  if (!ok.includes(true) || !ok.includes(false)) return null;
  const created = entries[1];
  const appointmentId =
    (created?.resource?.resourceType === 'Appointment' ? created.resource.id : undefined) ??
    referenceId(created?.response?.location?.replace(/\/_history\/.*$/, ''), 'Appointment');
  return { slot: ok[0] ? slotId : null, appointment: ok[1] ? (appointmentId ?? null) : null };
}

/** The identifier value a booking request's key leaves on its appointment (no PHI: a random key). */
function bookingIdentifier(requestKey: string): string {
  return `book-${requestKey}`;
}

export interface FhirProviderOptions {
  transport: FhirTransport;
  mrnSystem: string;
  settings: ProviderSettings;
}

function q(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, item);
  return search.toString();
}

/**
 * The appointment on another slot: its times and slot, and its clinician and place those of the new
 * slot (the patient and anyone else taking part stay as they were).
 */
function appointmentMovedTo(appointment: FhirAppointment, newSlot: Slot): FhirAppointment {
  const others = appointment.participant.filter(
    (participant) => !/^(Practitioner|Location)\//.test(participant.actor?.reference ?? ''),
  );
  return {
    ...appointment,
    start: newSlot.start,
    end: newSlot.end,
    slot: [{ reference: `Slot/${newSlot.id}` }],
    participant: [
      ...others,
      ...(newSlot.practitionerId
        ? [{ actor: { reference: `Practitioner/${newSlot.practitionerId}` }, status: 'accepted' as const }]
        : []),
      ...(newSlot.locationId
        ? [{ actor: { reference: `Location/${newSlot.locationId}` }, status: 'accepted' as const }]
        : []),
    ],
  };
}

export class FhirSchedulingProvider implements SchedulingProvider {
  private readonly fhir: FhirTransport;
  private readonly mrnSystem: string;
  private readonly settings: ProviderSettings;
  private readonly capabilities: ServerCapabilities;
  private readonly operations: SchedulingOperations;

  constructor(options: FhirProviderOptions) {
    this.fhir = options.transport;
    this.capabilities = new ServerCapabilities(options.transport);
    this.operations = new SchedulingOperations(options.transport, options.settings);
    this.mrnSystem = options.mrnSystem;
    this.settings = options.settings;
  }

  /** How this clinic books (booking-mode.ts): the clinic's setting, or what the EHR declares. */
  async bookingMode(): Promise<BookingModeChoice> {
    return chooseBookingMode(this.settings, declaredSchedulingOperations(await this.capabilities.statement()));
  }

  private async byOperations(): Promise<boolean> {
    return (await this.bookingMode()).mode === 'operations';
  }

  private serviceToken(code: string): string {
    return this.settings.serviceTypeSystem ? `${this.settings.serviceTypeSystem}|${code}` : code;
  }

  /** Every page of a search (bounded), following `next` links. */
  private async searchAll(path: string, maxPages = MAX_PAGES): Promise<Bundle[]> {
    const pages: Bundle[] = [];
    let next: string | null = path;
    while (next && pages.length < maxPages) {
      const page: Bundle = await this.fhir.search(next);
      pages.push(page);
      next = nextLink(page);
    }
    return pages;
  }

  async findPatientByMrn(mrn: string): Promise<PatientSummary | null> {
    const bundle = await this.fhir.search(
      await this.capabilities.searchPath('Patient', { identifier: `${this.mrnSystem}|${mrn}` }),
    );
    const matches = resourcesOf<FhirPatient>(bundle, 'Patient', 'match').filter(
      (patient) =>
        patient.active !== false &&
        patient.identifier?.some((identifier) => identifier.system === this.mrnSystem && identifier.value === mrn),
    );
    if (matches.length > 1) throw new AppError('unavailable', 'ehr.duplicateMrn');
    return matches[0] ? toPatientSummary(matches[0], this.mrnSystem) : null;
  }

  async getPatient(id: string): Promise<PatientSummary> {
    return toPatientSummary(
      (await this.fhir.read<FhirPatient>(`Patient/${encodeURIComponent(id)}`)).body,
      this.mrnSystem,
    );
  }

  async getPatients(ids: string[]): Promise<PatientSummary[]> {
    const unique = [...new Set(ids)];
    const patients: PatientSummary[] = [];
    // A search by _id per 50 ids keeps URLs short; one request per page instead of one per patient.
    for (let index = 0; index < unique.length; index += 50) {
      const pages = await this.searchAll(
        await this.capabilities.searchPath('Patient', { _id: unique.slice(index, index + 50).join(','), _count: '50' }),
      );
      patients.push(
        ...pages
          .flatMap((page) => resourcesOf<FhirPatient>(page, 'Patient', 'match'))
          .map((patient) => toPatientSummary(patient, this.mrnSystem)),
      );
    }
    return patients;
  }

  async findPatientsByDemographics(query: {
    given: string;
    family: string;
    birthDate: string;
  }): Promise<PatientSummary[]> {
    const bundle = await this.fhir.search(
      await this.capabilities.searchPath('Patient', {
        family: query.family,
        given: query.given,
        birthdate: query.birthDate,
      }),
    );
    return resourcesOf<FhirPatient>(bundle, 'Patient', 'match').map((patient) =>
      toPatientSummary(patient, this.mrnSystem),
    );
  }

  private patientResource(input: NewPatient, mrn: string | null): FhirPatient {
    return {
      resourceType: 'Patient',
      active: true,
      ...(mrn
        ? {
            identifier: [
              { use: 'usual', type: { coding: [{ system: V2_0203, code: 'MR' }] }, system: this.mrnSystem, value: mrn },
            ],
          }
        : {}),
      name: [{ use: 'official', family: input.family, given: [input.given] }],
      gender: input.gender,
      birthDate: input.birthDate,
      telecom: [
        ...(input.phone ? [{ system: 'phone' as const, value: input.phone, use: 'mobile' as const }] : []),
        ...(input.email ? [{ system: 'email' as const, value: input.email }] : []),
      ],
      ...(input.address
        ? {
            address: [
              {
                line: input.address.lines,
                ...(input.address.city ? { city: input.address.city } : {}),
                ...(input.address.state ? { state: input.address.state } : {}),
                ...(input.address.postalCode ? { postalCode: input.address.postalCode } : {}),
              },
            ],
          }
        : {}),
      ...(input.preferredLanguage
        ? {
            communication: [
              { language: { coding: [{ system: 'urn:ietf:bcp:47', code: input.preferredLanguage }] }, preferred: true },
            ],
          }
        : {}),
    };
  }

  async createPatient(input: NewPatient): Promise<PatientSummary> {
    if (this.settings.mrnAssignment === 'server') {
      const created = toPatientSummary(
        (await this.fhir.create(this.patientResource(input, null))).body,
        this.mrnSystem,
      );
      if (!created.mrn) throw new AppError('unavailable', 'ehr.mrnNotAssigned');
      return created;
    }
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const mrn = newCheckDigitMrn();
      const result = await this.fhir.create(this.patientResource(input, mrn), {
        'if-none-exist': q({ identifier: `${this.mrnSystem}|${mrn}` }),
      });
      const patient = toPatientSummary(result.body, this.mrnSystem);
      // A conditional create that found an existing record returns it: that MRN was taken, try another.
      if (patient.name.family === input.family && patient.birthDate === input.birthDate && patient.mrn === mrn)
        return patient;
    }
    throw new AppError('unavailable', 'ehr.mrnAssignFailed');
  }

  async updateContactDetails(change: ContactDetailsChange): Promise<PatientSummary> {
    const current = (await this.fhir.read<FhirPatient>(`Patient/${encodeURIComponent(change.patientId)}`)).body;
    const telecom = [...(current.telecom ?? [])];
    /** The new value replaces the first of its kind (the mobile for phones) and drops the rest of that kind. */
    const replace = (system: 'phone' | 'email', value: string | undefined): void => {
      if (value === undefined) return;
      const same = (point: ContactPoint): boolean =>
        point.system === system && (system === 'email' || point.use === 'mobile' || point.use === undefined);
      const at = telecom.findIndex(same);
      const point: ContactPoint = { system, value, ...(system === 'phone' ? { use: 'mobile' as const } : {}) };
      const kept = telecom.filter((candidate) => !same(candidate));
      kept.splice(at < 0 ? kept.length : Math.min(at, kept.length), 0, point);
      telecom.splice(0, telecom.length, ...kept);
    };
    replace('phone', change.phone);
    replace('email', change.email);
    const address = change.address
      ? [
          {
            use: 'home' as const,
            line: change.address.lines,
            ...(change.address.city ? { city: change.address.city } : {}),
            ...(change.address.state ? { state: change.address.state } : {}),
            ...(change.address.postalCode ? { postalCode: change.address.postalCode } : {}),
          },
          ...(current.address ?? []).filter((entry) => entry.use !== 'home' && entry.use !== undefined),
        ]
      : current.address;
    const updated = await this.fhir.update(
      {
        ...withoutMeta(current),
        id: change.patientId,
        ...(telecom.length > 0 ? { telecom } : {}),
        ...(address ? { address } : {}),
      },
      weakEtag(current.meta?.versionId ?? ''),
    );
    return toPatientSummary(updated.body, this.mrnSystem);
  }

  async listDependents(guardian: PatientSummary): Promise<Dependent[]> {
    if (!guardian.mrn) return [];
    const pages = await this.searchAll(
      await this.capabilities.searchPath('RelatedPerson', {
        identifier: `${this.mrnSystem}|${guardian.mrn}`,
        active: 'true',
        _include: 'RelatedPerson:patient',
        _count: '50',
      }),
    );
    const patients = new Map(
      pages.flatMap((page) => resourcesOf<FhirPatient>(page, 'Patient')).map((patient) => [patient.id, patient]),
    );
    const dependents: Dependent[] = [];
    for (const related of pages.flatMap((page) => resourcesOf<RelatedPerson>(page, 'RelatedPerson', 'match'))) {
      // Only links that really name this guardian and are active; never trust the search alone.
      const namesGuardian = related.identifier?.some(
        (identifier) => identifier.system === this.mrnSystem && identifier.value === guardian.mrn,
      );
      const patientId = referenceId(related.patient.reference, 'Patient');
      const patient = patientId ? patients.get(patientId) : undefined;
      if (!namesGuardian || related.active === false || !patient || !related.id || patientId === guardian.id) continue;
      dependents.push({
        patient: toPatientSummary(patient, this.mrnSystem),
        relationship: relationshipOf(related),
        linkId: related.id,
      });
    }
    return dependents.sort((a, b) => (a.patient.birthDate ?? '').localeCompare(b.patient.birthDate ?? ''));
  }

  async listGuardians(patientId: string): Promise<PatientSummary[]> {
    const pages = await this.searchAll(
      await this.capabilities.searchPath('RelatedPerson', {
        patient: `Patient/${patientId}`,
        active: 'true',
        _count: '50',
      }),
    );
    // Only active links that really name this patient, and the guardian MRNs they carry.
    const mrns = new Set(
      pages
        .flatMap((page) => resourcesOf<RelatedPerson>(page, 'RelatedPerson', 'match'))
        .filter(
          (related) => related.active !== false && referenceId(related.patient.reference, 'Patient') === patientId,
        )
        .flatMap((related) =>
          (related.identifier ?? []).flatMap((identifier) =>
            identifier.system === this.mrnSystem && identifier.value ? [identifier.value] : [],
          ),
        ),
    );
    const guardians: PatientSummary[] = [];
    for (const mrn of mrns) {
      const guardian = await this.findPatientByMrn(mrn);
      if (guardian && guardian.id !== patientId) guardians.push(guardian);
    }
    return guardians;
  }

  async addDependent(
    guardian: PatientSummary,
    input: NewPatient,
    relationship: DependentRelationship,
  ): Promise<Dependent> {
    if (!guardian.mrn) throw new AppError('invalid_input', 'ehr.noMrnForDependent');
    const current = await this.fhir.read<FhirPatient>(`Patient/${encodeURIComponent(guardian.id)}`);
    const dependent = await this.createPatient(input);
    const relatedUrn = `urn:uuid:${crypto.randomUUID()}`;
    const related: RelatedPerson = {
      resourceType: 'RelatedPerson',
      active: true,
      patient: { reference: `Patient/${dependent.id}` },
      relationship: [{ coding: [{ system: ROLE_CODE, code: relationshipCode(relationship) }] }],
      identifier: [
        { type: { coding: [{ system: V2_0203, code: 'MR' }] }, system: this.mrnSystem, value: guardian.mrn },
      ],
      name: [{ family: guardian.name.family, given: [guardian.name.given] }],
    };
    const { meta: _meta, ...guardianBody } = current.body;
    const linkedGuardian: FhirPatient = {
      ...guardianBody,
      link: [...(current.body.link ?? []), { other: { reference: relatedUrn }, type: 'seealso' }],
    };
    const response = await this.fhir.transaction({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: relatedUrn, resource: related, request: { method: 'POST', url: 'RelatedPerson' } },
        {
          resource: linkedGuardian,
          request: {
            method: 'PUT',
            url: `Patient/${guardian.id}`,
            ifMatch: weakEtag(current.body.meta?.versionId ?? ''),
          },
        },
      ],
    });
    const entries = checkTransactionResponse(response, 2);
    const linkId =
      (entries[0]?.resource as RelatedPerson | undefined)?.id ??
      referenceId(entries[0]?.response?.location, 'RelatedPerson') ??
      '';
    return { patient: dependent, relationship, linkId };
  }

  async listLocations(): Promise<Location[]> {
    const pages = await this.searchAll(await this.capabilities.searchPath('Location', { _count: '100' }));
    return pages
      .flatMap((page) => resourcesOf<FhirLocation>(page, 'Location', 'match'))
      .filter((location) => location.status !== 'inactive')
      .map(toLocation);
  }

  async listServices(): Promise<Service[]> {
    const pages = await this.searchAll(
      await this.capabilities.searchPath('HealthcareService', { active: 'true', _count: '100' }),
    );
    const services = new Map<string, Service>();
    for (const service of pages.flatMap((page) => resourcesOf<HealthcareService>(page, 'HealthcareService', 'match'))) {
      for (const coding of service.type?.flatMap((type) => type.coding ?? []) ?? []) {
        if (coding.code && (!this.settings.serviceTypeSystem || coding.system === this.settings.serviceTypeSystem))
          services.set(coding.code, { code: coding.code, display: coding.display ?? service.name ?? coding.code });
      }
    }
    return [...services.values()].sort((a, b) => a.display.localeCompare(b.display));
  }

  async listPractitioners(filter: { serviceCode?: string; locationId?: string } = {}): Promise<Practitioner[]> {
    const pages = await this.searchAll(
      await this.capabilities.searchPath('PractitionerRole', {
        specialty: filter.serviceCode ? this.serviceToken(filter.serviceCode) : undefined,
        location: filter.locationId ? `Location/${filter.locationId}` : undefined,
        _include: 'PractitionerRole:practitioner',
        _count: '100',
      }),
    );
    const roles = pages.flatMap((page) => resourcesOf<PractitionerRole>(page, 'PractitionerRole', 'match'));
    const practitioners = new Map(
      pages
        .flatMap((page) => resourcesOf<FhirPractitioner>(page, 'Practitioner'))
        .map((practitioner) => [
          practitioner.id,
          toPractitioner(practitioner, roles, this.settings.serviceTypeSystem || undefined),
        ]),
    );
    return [...practitioners.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  async searchFreeSlots(query: SlotQuery): Promise<Page<Slot>> {
    if (await this.byOperations()) return this.operations.find(query);
    const pageSize = String(Math.min(Math.max(query.pageSize ?? 30, 1), 100));
    let path: string;
    if (query.cursor) {
      path = Buffer.from(query.cursor, 'base64url').toString('utf8');
      // A cursor is a `next` link this adapter handed out: an absolute URL (followed only when it is on
      // this server) or a relative Slot search. Anything else is a forged or damaged cursor.
      if (!/^https?:\/\/\S+$/i.test(path) && !/^Slot\?\S+$/.test(path))
        throw new AppError('invalid_input', 'request.invalidCursor');
    } else {
      const actors = [
        query.practitionerId ? `Practitioner/${query.practitionerId}` : undefined,
        query.locationId ? `Location/${query.locationId}` : undefined,
      ].filter((actor): actor is string => Boolean(actor));
      path = await this.capabilities.searchPath('Slot', {
        'service-type': this.serviceToken(query.serviceCode),
        status: 'free',
        start: [`ge${query.from}`, `lt${query.to}`],
        'schedule.actor': actors,
        _sort: 'start',
        _include: 'Slot:schedule',
        _count: pageSize,
      });
    }
    const bundle = await this.fhir.search(path);
    const schedules = new Map(resourcesOf<FhirSchedule>(bundle, 'Schedule').map((schedule) => [schedule.id, schedule]));
    const slots = resourcesOf<FhirSlot>(bundle, 'Slot', 'match')
      .map((slot) =>
        toSlot(
          slot,
          schedules.get(referenceId(slot.schedule.reference, 'Schedule') ?? ''),
          this.settings.serviceTypeSystem,
        ),
      )
      // Servers may ignore parameters they do not support; never offer a slot that is not free and in range.
      .filter(
        (slot) =>
          slot.status === 'free' &&
          (slot.serviceCode === null || slot.serviceCode === query.serviceCode) &&
          (!query.practitionerId || slot.practitionerId === query.practitionerId) &&
          (!query.locationId || slot.locationId === query.locationId) &&
          (query.cursor ||
            (slot.start >= new Date(query.from).toISOString() && slot.start < new Date(query.to).toISOString())),
      );
    const next = nextLink(bundle);
    return { items: slots, next: next ? Buffer.from(next, 'utf8').toString('base64url') : null };
  }

  async getSlot(id: string): Promise<Slot> {
    const bundle = await this.fhir.search(
      await this.capabilities.searchPath('Slot', { _id: id, _include: 'Slot:schedule' }),
    );
    const slot = resourcesOf<FhirSlot>(bundle, 'Slot', 'match')[0];
    if (!slot) throw new AppError('not_found', 'booking.slotGone');
    return toSlot(slot, resourcesOf<FhirSchedule>(bundle, 'Schedule')[0], this.settings.serviceTypeSystem);
  }

  private async readSlotResource(id: string): Promise<FhirSlot & { id: string }> {
    const slot = (await this.fhir.read<FhirSlot>(`Slot/${encodeURIComponent(id)}`)).body;
    return { ...slot, id };
  }

  /** The appointment a booking request with this key made, if any (lost-reply reconciliation). */
  private async bookedWithKey(requestKey: string, patientId: string): Promise<Appointment | null> {
    const bundle = await this.fhir.search(
      await this.capabilities.searchPath('Appointment', {
        identifier: `${this.settings.requestIdentifierSystem}|${bookingIdentifier(requestKey)}`,
      }),
    );
    const found = resourcesOf<FhirAppointment>(bundle, 'Appointment', 'match').find(
      (appointment) =>
        appointment.status !== 'entered-in-error' &&
        appointment.status !== 'cancelled' &&
        appointment.participant.some((participant) => participant.actor?.reference === `Patient/${patientId}`) &&
        appointment.identifier?.some(
          (identifier) =>
            identifier.system === this.settings.requestIdentifierSystem &&
            identifier.value === bookingIdentifier(requestKey),
        ),
    );
    return found ? toAppointment(found, this.settings.serviceTypeSystem) : null;
  }

  async book(input: {
    slotId: string;
    slotVersion: string;
    patientId: string;
    reason?: string | undefined;
    requestKey?: string | undefined;
    holdId?: string | undefined;
  }): Promise<Appointment> {
    const { requestKey } = input;
    if (requestKey) {
      const already = await this.bookedWithKey(requestKey, input.patientId);
      if (already) return already;
    }
    try {
      return await this.bookOnce(input);
    } catch (error) {
      // No reply (a timeout, a dropped connection) or a conflict on a retry: the booking may have been
      // made. Look before answering, so it is reported once and its slot is never orphaned.
      if (requestKey && error instanceof AppError && (error.code === 'unavailable' || error.code === 'conflict')) {
        const made = await this.bookedWithKey(requestKey, input.patientId).catch(() => null);
        if (made) return made;
      }
      throw error;
    }
  }

  /** The Appointment the app books on this slot (status booked; `$book` takes it at status pending). */
  private newAppointment(
    slot: Slot,
    input: { patientId: string; reason?: string | undefined; requestKey?: string | undefined },
  ): FhirAppointment {
    return {
      resourceType: 'Appointment',
      ...(input.requestKey
        ? {
            identifier: [{ system: this.settings.requestIdentifierSystem, value: bookingIdentifier(input.requestKey) }],
          }
        : {}),
      status: 'booked',
      start: slot.start,
      end: slot.end,
      created: new Date().toISOString(),
      slot: [{ reference: `Slot/${slot.id}` }],
      ...(slot.serviceCode
        ? {
            serviceType: [
              {
                coding: [
                  {
                    ...(this.settings.serviceTypeSystem ? { system: this.settings.serviceTypeSystem } : {}),
                    code: slot.serviceCode,
                  },
                ],
              },
            ],
          }
        : {}),
      ...(input.reason ? { reasonCode: [{ text: input.reason }] } : {}),
      participant: [
        { actor: { reference: `Patient/${input.patientId}` }, status: 'accepted', required: 'required' },
        ...(slot.practitionerId
          ? [
              {
                actor: { reference: `Practitioner/${slot.practitionerId}` },
                status: 'accepted' as const,
                required: 'required' as const,
              },
            ]
          : []),
        ...(slot.locationId
          ? [
              {
                actor: { reference: `Location/${slot.locationId}` },
                status: 'accepted' as const,
                required: 'required' as const,
              },
            ]
          : []),
      ],
    };
  }

  private async bookOnce(input: {
    slotId: string;
    slotVersion: string;
    patientId: string;
    reason?: string | undefined;
    requestKey?: string | undefined;
    holdId?: string | undefined;
  }): Promise<Appointment> {
    const [slot, patient, operations] = await Promise.all([
      this.getSlot(input.slotId),
      this.fhir.read<FhirPatient>(`Patient/${encodeURIComponent(input.patientId)}`),
      this.byOperations(),
    ]);
    if (patient.body.active === false) throw new AppError('invalid_input', 'booking.patientInactive');
    if (operations) return this.bookByOperation(slot, input);
    if (slot.status !== 'free' || slot.version !== input.slotVersion)
      throw new AppError('conflict', 'booking.slotJustTaken');
    const slotResource = await this.readSlotResource(input.slotId);
    const appointment = this.newAppointment(slot, input);
    const response = await this.fhir
      .transaction({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: withSlotStatus(slotResource, 'busy'),
            request: { method: 'PUT', url: `Slot/${slot.id}`, ifMatch: weakEtag(input.slotVersion) },
          },
          {
            fullUrl: `urn:uuid:${crypto.randomUUID()}`,
            resource: appointment,
            request: { method: 'POST', url: 'Appointment' },
          },
        ],
      })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'conflict')
          throw new AppError('conflict', 'booking.slotJustTaken', { cause: error });
        throw error;
      });
    const applied = partiallyApplied(response, slot.id);
    if (applied) {
      await this.undoPartialBooking(applied);
      throw new AppError('conflict', 'booking.slotJustTaken', {
        cause: new Error('the EHR applied the booking transaction partially; the applied part was undone'),
      });
    }
    return this.appointmentFrom(checkTransactionResponse(response, 2)[1]);
  }

  /**
   * Operations mode: `$book` of a new Appointment at status pending (the hold's id when the patient
   * holds the slot). A hold that ran out meanwhile is booked afresh, if the time is still free.
   */
  private async bookByOperation(
    slot: Slot,
    input: {
      patientId: string;
      reason?: string | undefined;
      requestKey?: string | undefined;
      holdId?: string | undefined;
    },
  ): Promise<Appointment> {
    // Busy is taken; busy-tentative may be this patient's own hold, which the EHR decides.
    if (slot.status !== 'free' && slot.status !== 'busy-tentative')
      throw new AppError('conflict', 'booking.slotJustTaken');
    const appointment: FhirAppointment = { ...this.newAppointment(slot, input), status: 'pending' };
    const attempt = (holdId: string | undefined): Promise<FhirAppointment> =>
      this.operations.book({ ...appointment, ...(holdId ? { id: holdId } : {}) });
    const booked = await attempt(input.holdId)
      .catch((error: unknown) => {
        if (input.holdId && error instanceof AppError && error.code === 'conflict') return attempt(undefined);
        throw error;
      })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'conflict')
          throw new AppError('conflict', 'booking.slotJustTaken', { cause: error });
        throw error;
      });
    return toAppointment(booked, this.settings.serviceTypeSystem);
  }

  async holdSlot(input: { slotId: string; patientId: string; seconds?: number | undefined }): Promise<SlotHold | null> {
    const choice = await this.bookingMode();
    if (choice.mode !== 'operations' || !choice.declared.includes('hold')) return null;
    const slot = await this.getSlot(input.slotId);
    if (slot.status !== 'free') throw new AppError('conflict', 'booking.slotJustTaken');
    const seconds = Math.min(Math.max(input.seconds ?? this.settings.holdSeconds, 1), 900);
    return this.operations.hold(slot, input.patientId, seconds);
  }

  async releaseHold(input: { holdId: string; patientId: string }): Promise<void> {
    if (!(await this.byOperations())) return;
    const held = await this.fhir
      .read<FhirAppointment>(`Appointment/${encodeURIComponent(input.holdId)}`)
      .then((result) => result.body)
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') return null;
        throw error;
      });
    // Only the patient's own hold, and only while it is one: never a booked appointment.
    const own = held?.participant.some((participant) => participant.actor?.reference === `Patient/${input.patientId}`);
    if (!held || !own || held.status !== 'pending' || !isHoldOnly(held)) return;
    await this.operations
      .book({
        ...withoutMeta(held),
        id: input.holdId,
        meta: { versionId: held.meta?.versionId ?? '' },
        status: 'cancelled',
        cancelationReason: { text: 'Hold released' },
      })
      .catch((error: unknown) => {
        // Ended meanwhile (ran out, or booked): nothing left to release.
        if (error instanceof AppError && (error.code === 'conflict' || error.code === 'not_found')) return;
        throw error;
      });
  }

  /**
   * A server that runs a transaction as a batch (while declaring `transaction`) may apply the slot
   * update without the appointment or the appointment without the slot. Each applied part is undone:
   * a created appointment becomes `entered-in-error`, a slot made busy is freed again. Logged for the
   * integrator: `tenant:check` reports such a server and the clinic should not book online.
   */
  private async undoPartialBooking(applied: { slot: string | null; appointment: string | null }): Promise<void> {
    log().error(
      { applied: { slot: applied.slot !== null, appointment: applied.appointment !== null } },
      'the EHR applied a booking transaction partially (its transactions are not atomic); undoing the applied part',
    );
    const undo = async (): Promise<void> => {
      if (applied.appointment) {
        const created = await this.fhir.read<FhirAppointment>(`Appointment/${encodeURIComponent(applied.appointment)}`);
        await this.fhir.update(
          { ...withoutMeta(created.body), id: applied.appointment, status: 'entered-in-error' },
          weakEtag(created.body.meta?.versionId ?? ''),
        );
      }
      if (applied.slot) {
        const slot = await this.readSlotResource(applied.slot);
        await this.fhir.update(withSlotStatus(slot, 'free'), weakEtag(slot.meta?.versionId ?? ''));
      }
    };
    await undo().catch((error: unknown) => {
      log().error({ err: error }, 'could not undo a partially applied booking in the EHR');
    });
  }

  private async appointmentFrom(
    entry: { resource?: unknown; response?: { location?: string } } | undefined,
  ): Promise<Appointment> {
    const resource = entry?.resource as FhirAppointment | undefined;
    if (resource?.resourceType === 'Appointment' && resource.meta?.versionId)
      return toAppointment(resource, this.settings.serviceTypeSystem);
    const id = referenceId(entry?.response?.location?.replace(/\/_history\/.*$/, ''), 'Appointment');
    if (!id) throw new AppError('unavailable', 'ehr.appointmentUnconfirmed');
    return this.getAppointment(id);
  }

  async reschedule(input: {
    appointmentId: string;
    appointmentVersion: string;
    newSlotId: string;
    newSlotVersion: string;
  }): Promise<Appointment> {
    const current = (await this.fhir.read<FhirAppointment>(`Appointment/${encodeURIComponent(input.appointmentId)}`))
      .body;
    const oldSlotId = referenceId(current.slot?.[0]?.reference, 'Slot');
    if (oldSlotId === input.newSlotId) throw new AppError('invalid_input', 'booking.sameTime');
    const newSlot = await this.getSlot(input.newSlotId);
    if (await this.byOperations()) return this.rescheduleByOperation(current, newSlot, input);
    if (newSlot.status !== 'free' || newSlot.version !== input.newSlotVersion)
      throw new AppError('conflict', 'booking.slotJustTaken');
    const [newSlotResource, oldSlotResource] = await Promise.all([
      this.readSlotResource(input.newSlotId),
      oldSlotId ? this.readSlotResource(oldSlotId) : Promise.resolve(null),
    ]);
    const moved = appointmentMovedTo(withoutMeta(current), newSlot);
    const entries = [
      {
        resource: withSlotStatus(newSlotResource, 'busy'),
        request: { method: 'PUT' as const, url: `Slot/${newSlot.id}`, ifMatch: weakEtag(input.newSlotVersion) },
      },
      ...(oldSlotResource
        ? [
            {
              resource: withSlotStatus(oldSlotResource, 'free'),
              request: {
                method: 'PUT' as const,
                url: `Slot/${oldSlotResource.id}`,
                ifMatch: weakEtag(oldSlotResource.meta?.versionId ?? ''),
              },
            },
          ]
        : []),
      {
        resource: moved,
        request: {
          method: 'PUT' as const,
          url: `Appointment/${input.appointmentId}`,
          ifMatch: weakEtag(input.appointmentVersion),
        },
      },
    ];
    const response = await this.fhir
      .transaction({ resourceType: 'Bundle', type: 'transaction', entry: entries })
      .catch(async (error: unknown) => {
        // No reply: the move may have been made. Look before answering.
        const made = await this.afterLostReply(
          error,
          input.appointmentId,
          (appointment) => appointment.slot?.some((slot) => slot.reference === `Slot/${newSlot.id}`) === true,
        );
        if (made) return made;
        throw error;
      });
    if (response.resourceType === 'Appointment') return toAppointment(response, this.settings.serviceTypeSystem);
    return this.appointmentFrom(checkTransactionResponse(response, entries.length).at(-1));
  }

  /** Operations mode: `$book` of the same Appointment at status booked, on the new slot. */
  private async rescheduleByOperation(
    current: FhirAppointment,
    newSlot: Slot,
    input: { appointmentId: string; appointmentVersion: string },
  ): Promise<Appointment> {
    if (newSlot.status !== 'free' && newSlot.status !== 'busy-tentative')
      throw new AppError('conflict', 'booking.slotJustTaken');
    const moved: FhirAppointment = {
      ...appointmentMovedTo(withoutMeta(current), newSlot),
      id: input.appointmentId,
      meta: { versionId: input.appointmentVersion },
      status: 'booked',
    };
    const result = await this.operations.book(moved).catch(async (error: unknown) => {
      const made = await this.afterLostReply(
        error,
        input.appointmentId,
        (appointment) => appointment.slot?.some((slot) => slot.reference === `Slot/${newSlot.id}`) === true,
      );
      if (made) return made;
      if (error instanceof AppError && error.code === 'conflict')
        throw new AppError('conflict', 'booking.slotJustTaken', { cause: error });
      throw error;
    });
    return toAppointment(result, this.settings.serviceTypeSystem);
  }

  /**
   * After a write that got no reply (`unavailable`): the appointment as it now is, if `done` says the
   * write took effect; null otherwise (or when the EHR cannot be read either).
   */
  private async afterLostReply(
    error: unknown,
    appointmentId: string,
    done: (appointment: FhirAppointment) => boolean,
  ): Promise<FhirAppointment | null> {
    if (!(error instanceof AppError) || error.code !== 'unavailable') return null;
    const current = await this.fhir
      .read<FhirAppointment>(`Appointment/${encodeURIComponent(appointmentId)}`)
      .catch(() => null);
    return current && done(current.body) ? current.body : null;
  }

  async cancel(input: {
    appointmentId: string;
    appointmentVersion: string;
    reason: string;
    by: 'patient' | 'clinic';
  }): Promise<Appointment> {
    const current = (await this.fhir.read<FhirAppointment>(`Appointment/${encodeURIComponent(input.appointmentId)}`))
      .body;
    const slotId = referenceId(current.slot?.[0]?.reference, 'Slot');
    const operations = await this.byOperations();
    const slot = slotId && !operations ? await this.readSlotResource(slotId) : null;
    const cancelled: FhirAppointment = {
      ...withoutMeta(current),
      status: 'cancelled',
      cancelationReason: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason',
            code: input.by === 'patient' ? 'pat' : 'prov',
          },
        ],
        ...(input.reason ? { text: input.reason } : {}),
      },
    };
    if (operations) {
      const result = await this.operations
        .book({ ...cancelled, id: input.appointmentId, meta: { versionId: input.appointmentVersion } })
        .catch(async (error: unknown) => {
          const made = await this.afterLostReply(
            error,
            input.appointmentId,
            (appointment) => appointment.status === 'cancelled',
          );
          if (made) return made;
          throw error;
        });
      return toAppointment(result, this.settings.serviceTypeSystem);
    }
    const entries = [
      {
        resource: cancelled,
        request: {
          method: 'PUT' as const,
          url: `Appointment/${input.appointmentId}`,
          ifMatch: weakEtag(input.appointmentVersion),
        },
      },
      ...(slot
        ? [
            {
              resource: withSlotStatus(slot, 'free'),
              request: {
                method: 'PUT' as const,
                url: `Slot/${slot.id}`,
                ifMatch: weakEtag(slot.meta?.versionId ?? ''),
              },
            },
          ]
        : []),
    ];
    const response = await this.fhir
      .transaction({ resourceType: 'Bundle', type: 'transaction', entry: entries })
      .catch(async (error: unknown) => {
        // No reply: the cancellation may have been made. Look before answering.
        const made = await this.afterLostReply(
          error,
          input.appointmentId,
          (appointment) => appointment.status === 'cancelled',
        );
        if (made) return made;
        throw error;
      });
    if (response.resourceType === 'Appointment') return toAppointment(response, this.settings.serviceTypeSystem);
    return this.appointmentFrom(checkTransactionResponse(response, entries.length)[0]);
  }

  async getAppointment(id: string): Promise<Appointment> {
    return toAppointment(
      (await this.fhir.read<FhirAppointment>(`Appointment/${encodeURIComponent(id)}`)).body,
      this.settings.serviceTypeSystem,
    );
  }

  async listAppointments(query: { patientIds: string[]; from: string; to: string }): Promise<Appointment[]> {
    if (query.patientIds.length === 0) return [];
    const pages = await this.searchAll(
      await this.capabilities.searchPath('Appointment', {
        patient: query.patientIds.map((id) => `Patient/${id}`).join(','),
        date: [`ge${query.from}`, `lt${query.to}`],
        _sort: 'date',
        _count: '100',
      }),
    );
    const wanted = new Set(query.patientIds);
    const inRange = (appointment: Appointment): boolean =>
      appointment.start >= new Date(query.from).toISOString() && appointment.start < new Date(query.to).toISOString();
    return (
      pages
        .flatMap((page) => resourcesOf<FhirAppointment>(page, 'Appointment', 'match'))
        // A slot held while a patient reviewed it is not a visit.
        .filter((appointment) => !isHoldOnly(appointment))
        .map((appointment) => toAppointment(appointment, this.settings.serviceTypeSystem))
        .filter(
          (appointment) => appointment.patientId !== null && wanted.has(appointment.patientId) && inRange(appointment),
        )
        .sort((a, b) => a.start.localeCompare(b.start))
    );
  }

  async listLocationAppointments(query: { locationId: string; from: string; to: string }): Promise<Appointment[]> {
    const pages = await this.searchAll(
      await this.capabilities.searchPath('Appointment', {
        location: `Location/${query.locationId}`,
        date: [`ge${query.from}`, `lt${query.to}`],
        _sort: 'date',
        _count: '100',
      }),
    );
    return pages
      .flatMap((page) => resourcesOf<FhirAppointment>(page, 'Appointment', 'match'))
      .filter((appointment) => !isHoldOnly(appointment))
      .map((appointment) => toAppointment(appointment, this.settings.serviceTypeSystem))
      .sort((a, b) => a.start.localeCompare(b.start));
  }

  async setAppointmentStatus(input: {
    appointmentId: string;
    appointmentVersion: string;
    status: 'arrived' | 'checked-in' | 'noshow' | 'booked';
  }): Promise<Appointment> {
    const current = (await this.fhir.read<FhirAppointment>(`Appointment/${encodeURIComponent(input.appointmentId)}`))
      .body;
    const updated = await this.fhir.update(
      { ...withoutMeta(current), id: input.appointmentId, status: input.status },
      weakEtag(input.appointmentVersion),
    );
    return toAppointment(updated.body, this.settings.serviceTypeSystem);
  }

  async confirmAppointment(input: {
    appointmentId: string;
    appointmentVersion: string;
    at: string;
  }): Promise<Appointment> {
    const current = (await this.fhir.read<FhirAppointment>(`Appointment/${encodeURIComponent(input.appointmentId)}`))
      .body;
    const confirmed: FhirAppointment = {
      ...withoutMeta(current),
      id: input.appointmentId,
      extension: [
        ...(current.extension ?? []).filter((extension) => extension.url !== CONFIRMED_EXTENSION),
        { url: CONFIRMED_EXTENSION, valueDateTime: input.at },
      ],
      participant: current.participant.map((participant) =>
        referenceId(participant.actor?.reference, 'Patient') ? { ...participant, status: 'accepted' } : participant,
      ),
    };
    const updated = await this.fhir.update(confirmed, weakEtag(input.appointmentVersion));
    return toAppointment(updated.body, this.settings.serviceTypeSystem);
  }

  async listCoverage(patientId: string): Promise<CoverageSummary[]> {
    const bundle = await this.fhir.search(
      await this.capabilities.searchPath('Coverage', {
        beneficiary: `Patient/${patientId}`,
        _include: 'Coverage:payor',
      }),
    );
    const payers = new Map(
      resourcesOf<Organization>(bundle, 'Organization').map((organization) => [
        organization.id ?? '',
        organization.name ?? '',
      ]),
    );
    return resourcesOf<FhirCoverage>(bundle, 'Coverage', 'match')
      .filter((coverage) => coverage.status !== 'entered-in-error')
      .map((coverage) => toCoverage(coverage, payers))
      .sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  }

  async saveCoverage(input: CoverageInput): Promise<CoverageSummary> {
    const coverage: FhirCoverage = {
      resourceType: 'Coverage',
      status: 'active',
      beneficiary: { reference: `Patient/${input.patientId}` },
      payor: [{ reference: `Organization/${input.payerId}` }],
      subscriberId: input.memberId,
      ...(input.subscriberPatientId ? { subscriber: { reference: `Patient/${input.subscriberPatientId}` } } : {}),
      relationship: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: input.relationship }],
      },
      ...(input.groupNumber
        ? {
            class: [
              {
                type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'group' }] },
                value: input.groupNumber,
              },
            ],
          }
        : {}),
    };
    const saved = input.replaces
      ? await this.fhir.update({ ...coverage, id: input.replaces.id }, weakEtag(input.replaces.version))
      : await this.fhir.create(coverage);
    return toCoverage(saved.body, new Map());
  }

  /**
   * The change feed: per type the app follows (Appointment, Slot, Schedule) a search
   * `_lastUpdated=ge{cursor - overlap}&_sort=_lastUpdated`, oldest first, following every `next` link,
   * since many servers offer no system `_history`. A gap longer than `pieceSeconds` (a catch-up after
   * an outage) is read as concurrent `_lastUpdated` windows, within the transport's request budget.
   * The cursor holds one instant per type: the newest `lastUpdated` read, or the app's clock at the
   * read when that is later (every page was read); the overlap re-reads that far behind it, so a clock
   * difference or a late commit inside it loses nothing (consumers de-duplicate by version), but never
   * behind the first cursor's instant: the EHR as it was then is the starting state, not changes.
   * Deletions are not visible to a search (a deleted record stops changing; its slot or appointment
   * was already reported as it was before).
   */
  async changesSince(cursor: string | null, options: ChangeFeedOptions = {}): Promise<ChangeBatch> {
    const now = options.now ?? new Date();
    const startedAt = now.toISOString();
    if (cursor === null) {
      // The first cursor takes the EHR as it is now: what changed before is the starting state (a
      // clinic's freshly loaded schedule is no flood of opened slots), what changes after is reported.
      const at = Object.fromEntries(FEED_TYPES.map((type) => [type, startedAt])) as FeedCursor;
      return { changes: [], cursor: encodeFeedCursor({ at, from: startedAt }), caughtUpTo: startedAt };
    }
    const { at, from } = decodeFeedCursor(cursor);
    const overlapMs = (options.overlapSeconds ?? 120) * 1000;
    const perType = await Promise.all(
      FEED_TYPES.map(async (type) => {
        const since = new Date(Math.max(Date.parse(at[type]) - overlapMs, from ? Date.parse(from) : -Infinity));
        const windows = feedWindows(since, now, (options.pieceSeconds ?? 900) * 1000, options.maxPieces ?? 8);
        const pageSize = String(Math.min(Math.max(options.pageSize ?? 200, 1), 200));
        const pages = (await Promise.all(windows.map((window) => this.changedIn(type, window, pageSize)))).flat();
        let newest = at[type];
        for (const entry of pages.flatMap((page) => page.entry ?? [])) {
          const updated = entry.resource?.meta?.lastUpdated;
          if (entry.search?.mode !== 'include' && updated && updated > newest) newest = updated;
        }
        return { type, pages, next: newest > startedAt ? newest : startedAt };
      }),
    );
    const changes = new Map<string, Change>();
    for (const { type, pages } of perType)
      for (const change of pages.flatMap((page) => this.changesOn(type, page)))
        changes.set(`${type}/${change.id}/${change.version}`, change);
    const next = Object.fromEntries(perType.map(({ type, next: instant }) => [type, instant])) as FeedCursor;
    return {
      changes: [...changes.values()].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)),
      cursor: encodeFeedCursor({ at: next, from }),
      caughtUpTo: Object.values(next).sort()[0] ?? startedAt,
    };
  }

  /** Every page of one `_lastUpdated` window of a type, oldest first. */
  private async changedIn(
    type: FeedType,
    window: { from: string; to: string | null },
    pageSize: string,
  ): Promise<Bundle[]> {
    const path = await this.capabilities.searchPath(type, {
      _lastUpdated: [`ge${window.from}`, ...(window.to ? [`lt${window.to}`] : [])],
      _sort: '_lastUpdated',
      _include: type === 'Slot' ? 'Slot:schedule' : undefined,
      _count: pageSize,
    });
    const pages: Bundle[] = [];
    for (let next: string | null = path; next && pages.length < MAX_FEED_PAGES;) {
      const page: Bundle = await this.fhir.search(next);
      pages.push(page);
      next = nextLink(page);
    }
    if (pages.length === MAX_FEED_PAGES && nextLink(pages.at(-1) ?? { resourceType: 'Bundle', type: 'searchset' }))
      throw new AppError('unavailable', 'ehr.unavailable', {
        cause: new Error(`more than ${MAX_FEED_PAGES} pages of ${type} changes in one window`),
      });
    return pages;
  }

  /** The changes one page reports, mapped; what cannot be mapped is reported as such (no content kept). */
  private changesOn(type: FeedType, page: Bundle): Change[] {
    const schedules = new Map(resourcesOf<FhirSchedule>(page, 'Schedule').map((schedule) => [schedule.id, schedule]));
    const changes: Change[] = [];
    for (const entry of page.entry ?? []) {
      const resource = entry.resource as FhirResource | undefined;
      if (entry.search?.mode === 'include' || resource?.resourceType !== type) continue;
      // A slot held while a patient reviewed it is no visit: change detection does not report it.
      if (resource.resourceType === 'Appointment' && isHoldOnly(resource)) continue;
      const base = {
        id: resource.id ?? '',
        version: resource.meta?.versionId ?? '',
        updatedAt: resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated).toISOString() : '',
      };
      try {
        if (!base.id || !base.version || !base.updatedAt) throw new Error('no id, version or lastUpdated');
        if (resource.resourceType === 'Appointment')
          changes.push({
            ...base,
            kind: 'appointment',
            appointment: toAppointment(resource, this.settings.serviceTypeSystem),
            bookedByApp:
              resource.identifier?.some((identifier) => identifier.system === this.settings.requestIdentifierSystem) ===
              true,
          });
        else if (resource.resourceType === 'Slot')
          changes.push({
            ...base,
            kind: 'slot',
            slot: toSlot(
              resource,
              schedules.get(referenceId(resource.schedule.reference, 'Schedule') ?? ''),
              this.settings.serviceTypeSystem,
            ),
          });
        else if (resource.resourceType === 'Schedule') {
          const actors = resource.actor ?? [];
          changes.push({
            ...base,
            kind: 'schedule',
            schedule: {
              id: base.id,
              active: resource.active !== false,
              practitionerId: actors.map((actor) => referenceId(actor.reference, 'Practitioner')).find(Boolean) ?? null,
              locationId: actors.map((actor) => referenceId(actor.reference, 'Location')).find(Boolean) ?? null,
            },
          });
        }
      } catch (error) {
        changes.push({
          ...base,
          kind: 'unmappable',
          resourceType: type,
          reason: error instanceof AppError ? error.reason : 'unreadable',
        });
      }
    }
    return changes;
  }

  async listAppointmentsStarting(query: { from: string; to: string; pieces?: number }): Promise<Appointment[]> {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const pieces = Math.max(1, Math.min(query.pieces ?? 8, 64));
    const step = Math.ceil((to - from) / pieces);
    const windows = Array.from({ length: pieces }, (_, index) => ({
      from: new Date(from + index * step).toISOString(),
      to: new Date(Math.min(to, from + (index + 1) * step)).toISOString(),
    })).filter((window) => window.from < window.to);
    const found = await Promise.all(
      windows.map(async (window) => {
        const pages = await this.searchAll(
          await this.capabilities.searchPath('Appointment', {
            date: [`ge${window.from}`, `lt${window.to}`],
            _sort: 'date',
            _count: '200',
          }),
          MAX_FEED_PAGES,
        );
        return pages.flatMap((page) => resourcesOf<FhirAppointment>(page, 'Appointment', 'match'));
      }),
    );
    const appointments = new Map<string, Appointment>();
    for (const resource of found.flat().filter((appointment) => !isHoldOnly(appointment))) {
      try {
        const appointment = toAppointment(resource, this.settings.serviceTypeSystem);
        if (appointment.start >= new Date(from).toISOString() && appointment.start < new Date(to).toISOString())
          appointments.set(appointment.id, appointment);
      } catch {
        // An appointment the app cannot read is left out here; the change feed counts such records.
      }
    }
    return [...appointments.values()].sort((a, b) => a.start.localeCompare(b.start));
  }

  async subscribeToChanges(input: { endpoint: string; headers: string[] }): Promise<string[]> {
    if (!(await this.capabilities.offers('Subscription', 'create'))) return [];
    const ids: string[] = [];
    for (const type of FEED_TYPES) {
      const subscription: FhirSubscription = {
        resourceType: 'Subscription',
        status: 'requested',
        reason: 'Scheduling change detection (fhir-scheduling app)',
        criteria: type,
        channel: { type: 'rest-hook', endpoint: input.endpoint, header: input.headers },
      };
      const created = await this.fhir.create(subscription);
      if (created.body.id) ids.push(created.body.id);
    }
    return ids;
  }

  checkConnection(): Promise<ConnectionCheckItem[]> {
    return checkFhirConnection({ transport: this.fhir, settings: this.settings });
  }

  async activeSubscriptions(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0 || !(await this.capabilities.offers('Subscription', 'read'))) return [];
    const states = await Promise.all(
      ids.map(async (id) => {
        try {
          const { body } = await this.fhir.read<FhirSubscription>(`Subscription/${encodeURIComponent(id)}`);
          return body.status === 'active';
        } catch (error) {
          // Removed from the EHR (404, 410): no longer notifying.
          if (error instanceof AppError && error.code === 'not_found') return false;
          throw error;
        }
      }),
    );
    return ids.filter((_, index) => states[index]);
  }

  async existingAppointmentIds(ids: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(ids)];
    const chunks = Array.from({ length: Math.ceil(wanted.length / 50) }, (_, index) =>
      wanted.slice(index * 50, index * 50 + 50),
    );
    const found = await Promise.all(
      chunks.map(async (chunk) => {
        const path = await this.capabilities.searchPath('Appointment', { _id: chunk.join(','), _count: '50' });
        const pages = await this.searchAll(path, MAX_FEED_PAGES);
        return pages.flatMap((page) => resourcesOf<FhirAppointment>(page, 'Appointment', 'match'));
      }),
    );
    const existing = new Set(found.flat().flatMap((resource) => (resource.id ? [resource.id] : [])));
    return wanted.filter((id) => existing.has(id));
  }
}
