/**
 * What the bridge takes from a legacy EHR, in its own words: the patients, appointments and slots an
 * HL7 v2 message or a CSV row carries, before they become FHIR resources (lib/bridge/fhir). Both inbound
 * formats map to these records, so validation, ordering, quarantine and auditing are written once.
 */

/** A guardian named on a patient's record (HL7 NK1 / a CSV guardian column). */
export interface GuardianRecord {
  /** The guardian's own MRN at the clinic (required: the app links guardians by MRN). */
  mrn: string;
  /** v3-RoleCode: GUARD, MTH, FTH, PRN. */
  relationship: 'GUARD' | 'MTH' | 'FTH' | 'PRN';
}

export interface PatientRecord {
  kind: 'patient';
  mrn: string;
  family: string;
  given: string[];
  /** YYYY-MM-DD. */
  birthDate: string | null;
  gender: 'male' | 'female' | 'other' | 'unknown' | null;
  phones: string[];
  emails: string[];
  address: { lines: string[]; city: string | null; state: string | null; postalCode: string | null } | null;
  /** BCP-47 language code (en, es, zh, ...). */
  language: string | null;
  guardians: GuardianRecord[];
}

export const APPOINTMENT_ACTIONS = ['book', 'move', 'modify', 'cancel', 'discontinue', 'delete', 'noshow'] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

/**
 * An appointment's time, clinician, place, visit type and reasons, as both directions carry them: an
 * inbound SIU or CSV row (AppointmentRecord), and what the app tells the EHR (AppointmentFacts, the
 * outbound SIU of hl7/build-hl7.ts).
 */
export interface AppointmentDetails {
  /** ISO instants. */
  start: string;
  end: string;
  /** The clinician's identifier in the clinic (AIP-3), in the clinic's practitioner identifier system. */
  practitionerKey: string | null;
  /** The location's identifier in the clinic (AIL-3). */
  locationKey: string | null;
  serviceCode: string | null;
  reason: string | null;
  cancelReason: string | null;
}

export interface AppointmentRecord extends AppointmentDetails {
  kind: 'appointment';
  action: AppointmentAction;
  /** The legacy EHR's appointment id (SCH-2 filler id). */
  fillerId: string;
  /** The app's appointment id when the EHR answers one of the app's bookings (SCH-1 placer id). */
  placerId: string | null;
  patientMrn: string;
}

export interface SlotRecord {
  kind: 'slot';
  practitionerKey: string;
  start: string;
  end: string;
  status: 'free' | 'busy' | 'busy-unavailable';
}

export type BridgeRecord = PatientRecord | AppointmentRecord | SlotRecord;

/**
 * Why a record was not applied, as a code the administrator page explains (en/es/zh catalogues,
 * `bridge.reason.*`), with the field it concerns (an HL7 position like `PID-7`, or a CSV column).
 */
export const REJECTION_CODES = [
  'malformed',
  'encoding',
  'unsupportedMessage',
  'missingField',
  'badDate',
  'badValue',
  'unknownPatient',
  'unknownPractitioner',
  'unknownLocation',
  'unknownAppointment',
  'outOfOrder',
  'missingColumn',
  'ehrRefused',
  'ehrUnavailable',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** A record the bridge refuses, whole: nothing of it is applied. */
export class BridgeRejection extends Error {
  override name = 'BridgeRejection';
  constructor(
    readonly code: RejectionCode,
    readonly field: string | null = null,
    /** A fix may make it pass (retry later): the EHR was down, or the patient is not there yet. */
    readonly retryable = false,
  ) {
    super(`${code}${field ? ` (${field})` : ''}`);
  }
}

/** The key records of one subject share: messages about it are applied in order. */
export function subjectKey(record: BridgeRecord): string {
  switch (record.kind) {
    case 'patient':
      return `patient:${record.mrn}`;
    case 'appointment':
      return `appointment:${record.fillerId}`;
    case 'slot':
      return `slot:${record.practitionerKey}:${record.start}`;
  }
}
