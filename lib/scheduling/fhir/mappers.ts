/**
 * FHIR R4 resources <-> the app's scheduling types. The fields the app depends on are checked with
 * zod; a response without them is the EHR's failure ("unavailable"), never a crash. Odd but valid
 * FHIR (extra participants, missing optional fields, slots without serviceType) maps cleanly.
 */
import type {
  Appointment as FhirAppointment,
  Coverage as FhirCoverage,
  HumanName,
  Location as FhirLocation,
  Patient as FhirPatient,
  Attachment,
  Practitioner as FhirPractitioner,
  PractitionerRole,
  RelatedPerson,
  Schedule as FhirSchedule,
  Slot as FhirSlot,
} from 'fhir/r4';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { maskEmail, maskPhone } from '../mask';
import type {
  Appointment,
  AppointmentStatus,
  ContactPoint,
  CoverageSummary,
  DependentRelationship,
  Location,
  PatientSummary,
  PersonName,
  PostalAddress,
  Practitioner,
  Service,
  Slot,
  SlotStatus,
} from '../types';
import { APPOINTMENT_STATUSES } from '../types';

const versioned = z.object({ id: z.string().min(1), meta: z.object({ versionId: z.string().min(1) }) });
const slotSchema = versioned.extend({
  schedule: z.object({ reference: z.string().min(1) }),
  status: z.enum(['free', 'busy', 'busy-unavailable', 'busy-tentative', 'entered-in-error']),
  start: z.string().min(1),
  end: z.string().min(1),
});
/**
 * The patient's confirmation that they will come (a reply to a reminder): FHIR R4 has no element for it,
 * so the adapter writes the patient participant as `accepted` and this extension (valueDateTime) on the
 * Appointment, which any server keeps and the app reads back.
 */
export const CONFIRMED_EXTENSION = 'urn:fhir-scheduling:patient-confirmed';

const appointmentSchema = versioned.extend({
  status: z.enum(APPOINTMENT_STATUSES),
  start: z.string().min(1),
  end: z.string().min(1),
});

function incomplete(what: string, error: z.ZodError): AppError {
  return new AppError('unavailable', 'ehr.incompleteData', {
    cause: new Error(`${what}: ${error.issues.map((issue) => issue.path.join('.')).join(', ')}`),
  });
}

/** One pattern per resource type (a page of slots reads several references from each). */
const referencePatterns = new Map<string, RegExp>();

/** `Type/id` (or an absolute URL ending so) -> id, when the type matches. */
export function referenceId(reference: string | undefined, type: string): string | null {
  if (!reference) return null;
  let pattern = referencePatterns.get(type);
  if (!pattern) {
    pattern = new RegExp(`(?:^|/)${type}/([^/]+?)(?:/_history/[^/]+)?$`);
    referencePatterns.set(type, pattern);
  }
  const match = pattern.exec(reference);
  return match?.[1] ?? null;
}

export function personName(names: HumanName[] | undefined): PersonName {
  const name =
    names?.find((candidate) => candidate.use === 'official') ??
    names?.find((candidate) => candidate.use !== 'old') ??
    names?.[0];
  const given = name?.given?.join(' ') ?? '';
  const family = name?.family ?? '';
  const display = [given, family].filter(Boolean).join(' ') || name?.text || 'Unnamed';
  return { given, family, display };
}

function address(input: FhirPatient['address'] | FhirLocation['address']): PostalAddress | null {
  const first = Array.isArray(input) ? input[0] : input;
  if (!first) return null;
  return {
    lines: first.line ?? [],
    city: first.city ?? null,
    state: first.state ?? null,
    postalCode: first.postalCode ?? null,
  };
}

export function toPatientSummary(patient: FhirPatient, mrnSystem: string): PatientSummary {
  if (!patient.id) throw new AppError('unavailable', 'ehr.patientWithoutId');
  const contacts: ContactPoint[] = [];
  for (const telecom of patient.telecom ?? []) {
    if (!telecom.value || telecom.period?.end) continue;
    if (telecom.system === 'phone' || telecom.system === 'sms')
      contacts.push({ kind: 'phone', value: telecom.value, masked: maskPhone(telecom.value) });
    if (telecom.system === 'email')
      contacts.push({ kind: 'email', value: telecom.value, masked: maskEmail(telecom.value) });
  }
  const language = patient.communication?.find((entry) => entry.preferred) ?? patient.communication?.[0];
  return {
    id: patient.id,
    mrn: patient.identifier?.find((identifier) => identifier.system === mrnSystem)?.value ?? null,
    name: personName(patient.name),
    birthDate: patient.birthDate ?? null,
    gender: patient.gender ?? null,
    contacts,
    preferredLanguage: language?.language.coding?.[0]?.code ?? null,
    address: address(patient.address),
  };
}

const RELATIONSHIPS: Record<string, DependentRelationship> = {
  MTH: 'mother',
  FTH: 'father',
  GUARD: 'guardian',
  PRN: 'parent',
  NMTH: 'mother',
  NFTH: 'father',
  STPMTH: 'mother',
  STPFTH: 'father',
};
const RELATIONSHIP_CODES: Record<DependentRelationship, string> = {
  mother: 'MTH',
  father: 'FTH',
  guardian: 'GUARD',
  parent: 'PRN',
  other: 'GUARD',
};

export function relationshipOf(related: RelatedPerson): DependentRelationship {
  for (const concept of related.relationship ?? [])
    for (const coding of concept.coding ?? [])
      if (coding.code && RELATIONSHIPS[coding.code]) return RELATIONSHIPS[coding.code] as DependentRelationship;
  return 'other';
}

export function relationshipCode(relationship: DependentRelationship): string {
  return RELATIONSHIP_CODES[relationship];
}

export function toLocation(location: FhirLocation): Location {
  return {
    id: location.id ?? '',
    name: location.name ?? 'Clinic location',
    address: address(location.address),
    position:
      typeof location.position?.latitude === 'number' && typeof location.position.longitude === 'number'
        ? { latitude: location.position.latitude, longitude: location.position.longitude }
        : null,
    phone: location.telecom?.find((telecom) => telecom.system === 'phone')?.value ?? null,
  };
}

const SAFE_IMAGE_DATA = /^image\/(png|jpeg|gif|webp)$/;

/**
 * A portrait the browser may load under the app's content security policy (`img-src 'self' data:`):
 * inline data of a raster image, or a same-site path. Anything else (another host, SVG data) is left out.
 */
function photoUrl(photos: Attachment[] | undefined): string | null {
  for (const photo of photos ?? []) {
    if (
      photo.data &&
      photo.contentType &&
      SAFE_IMAGE_DATA.test(photo.contentType) &&
      /^[A-Za-z0-9+/=]+$/.test(photo.data)
    )
      return `data:${photo.contentType};base64,${photo.data}`;
    if (photo.url && /^\/(?!\/)[\w\-./]+$/.test(photo.url) && !photo.url.includes('..')) return photo.url;
  }
  return null;
}

function conceptText(
  concept: { text?: string; coding?: { code?: string; display?: string }[] } | undefined,
): string | null {
  return (
    concept?.text ?? concept?.coding?.find((coding) => coding.display)?.display ?? concept?.coding?.[0]?.code ?? null
  );
}

/**
 * A clinician's profile: Practitioner (name, photo, gender, qualification, communication) and the
 * PractitionerRoles that name them (specialty, location). Specialties are kept when their coding is in
 * `specialtySystem` (the clinic's service types), or all of them when the clinic sets none.
 */
export function toPractitioner(
  practitioner: FhirPractitioner,
  roles: PractitionerRole[] = [],
  specialtySystem?: string,
): Practitioner {
  const name = personName(practitioner.name);
  const prefix = practitioner.name?.[0]?.prefix?.[0];
  const id = practitioner.id ?? '';
  const own = roles.filter((role) => referenceId(role.practitioner?.reference, 'Practitioner') === id);
  const specialties = new Map<string, Service>();
  for (const role of own)
    for (const coding of role.specialty?.flatMap((concept) => concept.coding ?? []) ?? [])
      if (coding.code && (!specialtySystem || coding.system === specialtySystem) && !specialties.has(coding.code))
        specialties.set(coding.code, { code: coding.code, display: coding.display ?? coding.code });
  const languages = (practitioner.communication ?? [])
    .map((concept) => concept.coding?.find((coding) => coding.code)?.code ?? null)
    .filter((code): code is string => code !== null && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(code));
  return {
    id,
    displayName: prefix ? `${prefix} ${name.display}` : name.display,
    photoUrl: photoUrl(practitioner.photo),
    gender: practitioner.gender ?? null,
    qualifications: (practitioner.qualification ?? [])
      .filter((qualification) => !qualification.period?.end || qualification.period.end >= new Date().toISOString())
      .map((qualification) => conceptText(qualification.code))
      .filter((text): text is string => Boolean(text)),
    languages: [...new Set(languages)],
    specialties: [...specialties.values()],
    locationIds: [
      ...new Set(
        own.flatMap((role) => (role.location ?? []).map((location) => referenceId(location.reference, 'Location'))),
      ),
    ].filter((location): location is string => location !== null),
  };
}

function serviceCodeOf(
  concepts: { coding?: { system?: string; code?: string }[] }[] | undefined,
  system: string | undefined,
): string | null {
  for (const concept of concepts ?? [])
    for (const coding of concept.coding ?? [])
      if (coding.code && (!system || coding.system === system)) return coding.code;
  return null;
}

export function toSlot(slot: FhirSlot, schedule: FhirSchedule | undefined, serviceSystem?: string): Slot {
  const parsed = slotSchema.safeParse(slot);
  if (!parsed.success) throw incomplete('Slot', parsed.error);
  const actors = schedule?.actor ?? [];
  return {
    id: parsed.data.id,
    version: parsed.data.meta.versionId,
    scheduleId: referenceId(parsed.data.schedule.reference, 'Schedule') ?? parsed.data.schedule.reference,
    start: new Date(parsed.data.start).toISOString(),
    end: new Date(parsed.data.end).toISOString(),
    status: parsed.data.status satisfies SlotStatus,
    serviceCode: serviceCodeOf(slot.serviceType, serviceSystem) ?? serviceCodeOf(schedule?.serviceType, serviceSystem),
    practitionerId: actors.map((actor) => referenceId(actor.reference, 'Practitioner')).find(Boolean) ?? null,
    locationId: actors.map((actor) => referenceId(actor.reference, 'Location')).find(Boolean) ?? null,
  };
}

export function toAppointment(appointment: FhirAppointment, serviceSystem?: string): Appointment {
  const parsed = appointmentSchema.safeParse(appointment);
  if (!parsed.success) throw incomplete('Appointment', parsed.error);
  const actor = (type: string): string | null =>
    appointment.participant.map((participant) => referenceId(participant.actor?.reference, type)).find(Boolean) ?? null;
  return {
    id: parsed.data.id,
    version: parsed.data.meta.versionId,
    status: parsed.data.status satisfies AppointmentStatus,
    start: new Date(parsed.data.start).toISOString(),
    end: new Date(parsed.data.end).toISOString(),
    slotIds: (appointment.slot ?? [])
      .map((slot) => referenceId(slot.reference, 'Slot'))
      .filter((id): id is string => Boolean(id)),
    patientId: actor('Patient'),
    practitionerId: actor('Practitioner'),
    locationId: actor('Location'),
    serviceCode: serviceCodeOf(appointment.serviceType, serviceSystem),
    reason: appointment.reasonCode?.[0]?.text ?? appointment.comment ?? null,
    cancellationReason: appointment.cancelationReason?.text ?? null,
    updatedAt: appointment.meta?.lastUpdated ? new Date(appointment.meta.lastUpdated).toISOString() : null,
    confirmedAt: confirmedAtOf(appointment),
  };
}

function confirmedAtOf(appointment: FhirAppointment): string | null {
  const value = appointment.extension?.find((extension) => extension.url === CONFIRMED_EXTENSION)?.valueDateTime;
  const at = value ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
}

export function toCoverage(coverage: FhirCoverage, payerNames: Map<string, string>): CoverageSummary {
  const payerId = referenceId(coverage.payor[0]?.reference, 'Organization');
  const relationship = coverage.relationship?.coding?.[0]?.code;
  return {
    id: coverage.id ?? '',
    version: coverage.meta?.versionId ?? '',
    status: coverage.status,
    payerId,
    payerName: (payerId ? payerNames.get(payerId) : undefined) ?? coverage.payor[0]?.display ?? null,
    memberId: coverage.subscriberId ?? null,
    groupNumber:
      coverage.class?.find((entry) => entry.type.coding?.some((coding) => coding.code === 'group'))?.value ?? null,
    relationship:
      relationship === 'self' || relationship === 'spouse' || relationship === 'child'
        ? relationship
        : relationship
          ? 'other'
          : null,
    subscriberPatientId: referenceId(coverage.subscriber?.reference, 'Patient'),
    updatedAt: coverage.meta?.lastUpdated ?? null,
  };
}
