/**
 * The one door to a clinic's EHR for scheduling work. The app never talks to an EHR any other way;
 * onboarding a new EHR means writing an implementation of this interface (see lib/scheduling/fhir for
 * FHIR R4) and registering it in get-provider.ts. Every implementation must pass provider.contract.ts.
 *
 * Errors are AppErrors (lib/errors.ts): `not_found`, `conflict` (slot no longer available, stale
 * version), `forbidden`, `invalid_input`, `unavailable` (EHR down, timed out or throttling; with
 * retryAfterSeconds when known). Nothing is left half-done when a write fails.
 */
import type {
  Appointment,
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
} from './types';

export interface SchedulingProvider {
  /** The patient with this MRN in the clinic's MRN system, or null. */
  findPatientByMrn(mrn: string): Promise<PatientSummary | null>;
  /** A patient by id; `not_found` when missing. */
  getPatient(id: string): Promise<PatientSummary>;
  /** The patients with these ids, in one request per page (unknown ids are left out). */
  getPatients(ids: string[]): Promise<PatientSummary[]>;
  /** Patients with this name and birth date (for duplicate checks at registration). */
  findPatientsByDemographics(query: { given: string; family: string; birthDate: string }): Promise<PatientSummary[]>;
  /** Creates a patient with an MRN (assigned by the EHR or by the app, per clinic settings). */
  createPatient(input: NewPatient): Promise<PatientSummary>;
  /**
   * Writes a patient's new mobile phone, email or home address (what the patient changed themselves);
   * everything else on the record is kept. Safe against concurrent edits in the EHR (read, then
   * write at that version: `conflict` when it changed in between). `not_found` when missing.
   */
  updateContactDetails(change: ContactDetailsChange): Promise<PatientSummary>;

  /** The dependents a guardian may act for: only those with an active guardian link. */
  listDependents(guardian: PatientSummary): Promise<Dependent[]>;
  /**
   * The guardians with an active link to this patient (the reverse of `listDependents`), so that a
   * visit the clinic books for a child reaches the parent who uses the app.
   */
  listGuardians(patientId: string): Promise<PatientSummary[]>;
  /** Creates a dependent patient and links the guardian to them. */
  addDependent(guardian: PatientSummary, input: NewPatient, relationship: DependentRelationship): Promise<Dependent>;

  listLocations(): Promise<Location[]>;
  listServices(): Promise<Service[]>;
  listPractitioners(filter?: { serviceCode?: string; locationId?: string }): Promise<Practitioner[]>;

  /** Free slots matching the query, earliest first, one page at a time (one EHR call per page). */
  searchFreeSlots(query: SlotQuery): Promise<Page<Slot>>;
  /** A slot by id; `not_found` when missing. */
  getSlot(id: string): Promise<Slot>;

  /**
   * Books the slot at the given version for the patient, atomically: the slot turns busy and the
   * appointment is created, or nothing happens. `conflict` when the slot was taken or changed.
   *
   * `requestKey` (the client's idempotency key) is recorded on the appointment, so that a booking
   * whose reply was lost is found, not guessed: a call with a key already booked returns that
   * appointment, and a call that failed without a reply looks for it before answering.
   */
  book(input: {
    slotId: string;
    slotVersion: string;
    patientId: string;
    reason?: string | undefined;
    requestKey?: string | undefined;
    /** A hold of this slot for this patient (holdSlot): booked as held; a hold that ran out books afresh. */
    holdId?: string | undefined;
  }): Promise<Appointment>;
  /**
   * Holds a free slot for the patient for about `seconds` (the EHR may shorten it), so that nobody else
   * books it while they review it; `conflict` when it was taken. Null when this clinic's EHR offers no
   * holds (then booking works as without one). A hold nobody books runs out by itself.
   */
  holdSlot(input: { slotId: string; patientId: string; seconds?: number | undefined }): Promise<SlotHold | null>;
  /** Ends the patient's hold at once, freeing the slot; nothing happens when it already ended or is not theirs. */
  releaseHold(input: { holdId: string; patientId: string }): Promise<void>;
  /** Moves an appointment to another slot atomically: the old slot is freed only if the new one is secured. */
  reschedule(input: {
    appointmentId: string;
    appointmentVersion: string;
    newSlotId: string;
    newSlotVersion: string;
  }): Promise<Appointment>;
  /** Cancels an appointment and frees its slot. */
  cancel(input: {
    appointmentId: string;
    appointmentVersion: string;
    reason: string;
    by: 'patient' | 'clinic';
  }): Promise<Appointment>;
  getAppointment(id: string): Promise<Appointment>;
  /** Appointments of these patients starting in [from, to), earliest first. */
  listAppointments(query: { patientIds: string[]; from: string; to: string }): Promise<Appointment[]>;
  /** A location's appointments starting in [from, to) (a clinic day, computed by the caller in its time zone). */
  listLocationAppointments(query: { locationId: string; from: string; to: string }): Promise<Appointment[]>;
  /** Arrival workflow: arrived (patient), checked-in or noshow (front desk). */
  setAppointmentStatus(input: {
    appointmentId: string;
    appointmentVersion: string;
    status: 'arrived' | 'checked-in' | 'noshow' | 'booked';
  }): Promise<Appointment>;

  /**
   * Records that the patient confirmed they will come (a reply to a reminder), at this version of the
   * appointment (`conflict` when it changed meanwhile). The appointment keeps its status.
   */
  confirmAppointment(input: { appointmentId: string; appointmentVersion: string; at: string }): Promise<Appointment>;

  /** The patient's coverage (not entered-in-error), most recently changed first. */
  listCoverage(patientId: string): Promise<CoverageSummary[]>;
  /**
   * Records a coverage; with `replaces`, updates that coverage in place (`conflict` if it changed since it was
   * read).
   */
  saveCoverage(input: CoverageInput): Promise<CoverageSummary>;

  /**
   * The change feed (lib/sync): appointments, slots and schedules changed since an opaque cursor (null:
   * start now, nothing reported), oldest first, every page, each version at least once (re-read inside
   * the overlap window; consumers de-duplicate by version). A long gap (catch-up after an outage) is
   * read in concurrent time windows within the provider's request budget.
   */
  changesSince(cursor: string | null, options?: ChangeFeedOptions): Promise<ChangeBatch>;
  /** Every appointment starting in [from, to), read in concurrent time windows (a clinic's first sync). */
  listAppointmentsStarting(query: { from: string; to: string; pieces?: number }): Promise<Appointment[]>;
  /**
   * Asks the EHR to notify `endpoint` (with `headers`) of scheduling changes, where it offers rest-hook
   * Subscriptions; returns the ids of the subscriptions made there, none when it offers none (then poll).
   */
  subscribeToChanges(input: { endpoint: string; headers: string[] }): Promise<string[]>;

  /**
   * The onboarding check (`npm run tenant:check`): everything the app needs from this EHR, each item ok,
   * missing or wrong, probed for real where a declaration is not enough (credentials, granted access,
   * atomic writes). May write a probe record that it marks as such; never touches patients' data.
   */
  checkConnection(): Promise<ConnectionCheckItem[]>;

  /**
   * Of the subscriptions `subscribeToChanges` made, those the EHR still has active. None when it no
   * longer offers Subscriptions; a subscription it removed, turned off or put in error is left out (the
   * sync then falls back to polling).
   */
  activeSubscriptions(ids: readonly string[]): Promise<string[]>;

  /**
   * Of the given appointment ids, those the EHR still has (in any status). An appointment deleted in
   * the EHR, not cancelled, appears in no change feed; change detection compares the appointments it
   * follows with this to notice it.
   */
  existingAppointmentIds(ids: readonly string[]): Promise<string[]>;
}
