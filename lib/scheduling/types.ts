/**
 * Vendor-neutral scheduling types: what pages, routes and services see of the EHR. No FHIR here.
 * Times are instants (ISO 8601 with offset, UTC); presenting them in a clinic's time zone happens at
 * the edge. Versions are opaque strings from the EHR, used for optimistic concurrency.
 */
import type { ConnectionCheckDetail, ConnectionCheckText, ConnectionCheckTitle } from '@/lib/i18n/ehr-check-text';

export interface ContactPoint {
  kind: 'phone' | 'email';
  /** The real value: server-side only (sending codes and notices). Never send to a browser. */
  value: string;
  /** Safe to show: `***-***-1234`, `j***@example.com`. */
  masked: string;
}

export interface PersonName {
  given: string;
  family: string;
  /** "Given Family" for display. */
  display: string;
}

export interface PostalAddress {
  lines: string[];
  city: string | null;
  state: string | null;
  postalCode: string | null;
}

export interface PatientSummary {
  id: string;
  mrn: string | null;
  name: PersonName;
  /** YYYY-MM-DD */
  birthDate: string | null;
  gender: 'female' | 'male' | 'other' | 'unknown' | null;
  contacts: ContactPoint[];
  /** BCP 47, e.g. "es". */
  preferredLanguage: string | null;
  address: PostalAddress | null;
}

export type DependentRelationship = 'mother' | 'father' | 'guardian' | 'parent' | 'other';

export interface Dependent {
  patient: PatientSummary;
  relationship: DependentRelationship;
  /** The EHR's record of the link (FHIR: RelatedPerson id). */
  linkId: string;
}

/**
 * A clinician as patients choose one: who they are, what they do, the languages they speak and where
 * they work. Every profile field may be absent in the EHR (empty list or null).
 */
export interface Practitioner {
  id: string;
  displayName: string;
  /**
   * A portrait the browser may load from the app's own origin: a same-site path (`/clinicians/x.svg`)
   * or a `data:image/...` URL; null when there is none (show initials instead).
   */
  photoUrl: string | null;
  gender: 'female' | 'male' | 'other' | 'unknown' | null;
  /** Credentials as the EHR names them, e.g. "MD", "Nurse practitioner". */
  qualifications: string[];
  /** Languages spoken, as BCP 47 tags (e.g. `es`, `yue` for Cantonese, `cmn` for Mandarin), in the EHR's order. */
  languages: string[];
  /** What the clinician's roles say they do (specialty codes and names). */
  specialties: Service[];
  /** The locations the clinician's roles name. */
  locationIds: string[];
}

export interface Location {
  id: string;
  name: string;
  address: PostalAddress | null;
  position: { latitude: number; longitude: number } | null;
  phone: string | null;
}

export interface Service {
  code: string;
  display: string;
}

export type SlotStatus = 'free' | 'busy' | 'busy-unavailable' | 'busy-tentative' | 'entered-in-error';

export interface Slot {
  id: string;
  version: string;
  scheduleId: string;
  start: string;
  end: string;
  status: SlotStatus;
  serviceCode: string | null;
  practitionerId: string | null;
  locationId: string | null;
}

/**
 * A slot held for a patient while they review it (IHE ITI-116 `$hold`): nobody else can book it until
 * `expiresAt`; booking with `holdId` uses the hold, releasing it frees the slot at once.
 */
export interface SlotHold {
  /** The EHR's record of the hold (FHIR: the pending Appointment's id). */
  id: string;
  slotId: string;
  /** ISO instant. */
  expiresAt: string;
}

/** An appointment's status, as FHIR R4 names them (Appointment.status). */
export const APPOINTMENT_STATUSES = [
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface Appointment {
  id: string;
  version: string;
  status: AppointmentStatus;
  start: string;
  end: string;
  slotIds: string[];
  patientId: string | null;
  practitionerId: string | null;
  locationId: string | null;
  serviceCode: string | null;
  reason: string | null;
  cancellationReason: string | null;
  /** When the EHR last changed it (ISO instant), if it says: orders revisions (calendar SEQUENCE). */
  updatedAt?: string | null;
  /** When the patient confirmed they will come (ISO instant, e.g. a reply to a reminder); null: not confirmed. */
  confirmedAt?: string | null;
}

export interface CoverageSummary {
  id: string;
  version: string;
  status: 'active' | 'cancelled' | 'draft' | 'entered-in-error';
  payerId: string | null;
  payerName: string | null;
  memberId: string | null;
  groupNumber: string | null;
  relationship: 'self' | 'spouse' | 'child' | 'other' | null;
  /** The subscriber when not the beneficiary (e.g. a guardian), as a patient id in the EHR. */
  subscriberPatientId: string | null;
  /** When the EHR last changed it (ISO instant), if it says. */
  updatedAt: string | null;
}

/** One page of results; `next` is an opaque cursor for the following page, or null at the end. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface NewPatient {
  given: string;
  family: string;
  birthDate: string;
  gender: 'female' | 'male' | 'other' | 'unknown';
  phone?: string | undefined;
  email?: string | undefined;
  address?: PostalAddress | undefined;
  preferredLanguage?: string | undefined;
}

/**
 * A patient's own change of contact details. A field left out stays as it is; `phone` and `email`
 * replace the patient's mobile phone and email (verified by the app beforehand), `address` the home
 * address.
 */
export interface ContactDetailsChange {
  patientId: string;
  /** E.164. */
  phone?: string | undefined;
  email?: string | undefined;
  address?: PostalAddress | undefined;
}

export interface SlotQuery {
  serviceCode: string;
  practitionerId?: string | undefined;
  locationId?: string | undefined;
  /** Instants, inclusive start, exclusive end. */
  from: string;
  to: string;
  pageSize?: number | undefined;
  cursor?: string | undefined;
}

export interface CoverageInput {
  patientId: string;
  payerId: string;
  memberId: string;
  groupNumber?: string | undefined;
  relationship: 'self' | 'spouse' | 'child' | 'other';
  /** Subscriber when not the patient (e.g. the guardian for a child). */
  subscriberPatientId?: string | undefined;
  /** The coverage this one replaces (same payer, new details), at the version read: updated in place. */
  replaces?: { id: string; version: string } | undefined;
}

/** What every reported change carries: the record, the version that changed, and when (the EHR's clock). */
interface ChangeBase {
  id: string;
  version: string;
  /** The EHR's last-updated instant of this version. */
  updatedAt: string;
}

/** A schedule's state as change detection needs it (is it still open for booking). */
export interface ScheduleState {
  id: string;
  active: boolean;
  practitionerId: string | null;
  locationId: string | null;
}

/**
 * One version of a scheduling record that changed in the EHR (change detection, lib/sync), mapped to
 * the app's types; `unmappable` when the record could not be read as one (counted and skipped, never
 * logged with its content). The same version may be reported more than once (overlap windows).
 */
export type Change =
  | (ChangeBase & {
      kind: 'appointment';
      appointment: Appointment;
      /** Booked through this app (it carries the app's booking identifier). */
      bookedByApp: boolean;
    })
  | (ChangeBase & { kind: 'slot'; slot: Slot })
  | (ChangeBase & { kind: 'schedule'; schedule: ScheduleState })
  | (ChangeBase & { kind: 'unmappable'; resourceType: string; reason: string });

/** A read of the change feed: the changes in order of update, and the cursor to read on from. */
export interface ChangeBatch {
  changes: Change[];
  cursor: string;
  /** The instant up to which nothing can be missing any more (lag is now minus this). */
  caughtUpTo: string;
}

export interface ChangeFeedOptions {
  /** The app's clock (injected in tests). */
  now?: Date | undefined;
  /** Re-read this far behind the cursor, for clock difference and late commits (default 120 s). */
  overlapSeconds?: number | undefined;
  /** A gap longer than this is read in concurrent time windows (default 15 minutes). */
  pieceSeconds?: number | undefined;
  /** At most this many concurrent windows (default 8). */
  maxPieces?: number | undefined;
  /** Records per page asked of the EHR (default 200). */
  pageSize?: number | undefined;
}

/** The outcome of one item of a connection check: there and right, not there, or there but wrong. */
export type ConnectionCheckStatus = 'ok' | 'missing' | 'wrong' | 'skipped';

/**
 * One thing the app needs from a clinic's EHR, as checked by `SchedulingProvider.checkConnection`: its
 * title and what was found (then what to do about it) as codes with values, worded in the reader's
 * language where it is shown (connection-check.ts). A `required` item that is not `ok` (or `skipped`)
 * stops online booking.
 */
export interface ConnectionCheckItem {
  /** Stable per item: `capability-statement`, `credentials`, `scope`, `type:Slot`, `atomic`, ... */
  key: string;
  title: ConnectionCheckText<ConnectionCheckTitle>;
  status: ConnectionCheckStatus;
  required: boolean;
  /** Sentences in order: what was found, then what to do about it. */
  detail: ConnectionCheckText<ConnectionCheckDetail>[];
}
