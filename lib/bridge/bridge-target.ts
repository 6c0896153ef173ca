/**
 * Where the bridge writes: the clinic's FHIR repository, reached over FHIR HTTP with the clinic's own
 * credentials (lib/bridge/fhir). Each call applies one record whole (one transaction) or refuses it
 * with a BridgeRejection; nothing is left half written.
 */
import type { AppointmentDetails, AppointmentRecord, PatientRecord, SlotRecord } from './records';

/** What an outbound SIU says about one of the app's appointments. */
export interface AppointmentFacts extends AppointmentDetails {
  appointmentId: string;
  status: string;
  /** The EHR's own id of it, once the EHR has sent one (SCH-2). */
  fillerId: string | null;
  mrn: string;
  family: string;
  given: string;
  birthDate: string | null;
}

export interface BridgeTarget {
  applyPatient(record: PatientRecord): Promise<{ patientId: string }>;
  applyAppointment(record: AppointmentRecord): Promise<{ patientId: string; appointmentId: string }>;
  applySlot(record: SlotRecord): Promise<{ slotIds: string[] }>;
  describeAppointment(appointmentId: string): Promise<AppointmentFacts>;
  /** Cancels one of the app's bookings the legacy EHR refused (its slot freed); no-op when already cancelled. */
  cancelRefusedBooking(appointmentId: string, reason: string): Promise<void>;
}
