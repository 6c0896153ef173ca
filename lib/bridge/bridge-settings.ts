/**
 * A bridged clinic's settings (ClinicBridge.settings): where its legacy EHR sends HL7 v2 (the MLLP
 * port the app listens on), where the app sends its SIU messages back, its CSV folder and column
 * mappings, and the identifier systems its records are matched by. Validated here, once.
 */
import { z } from 'zod';
import { CSV_DATE_FORMATS } from './legacy-dates';

export const CSV_KINDS = ['patients', 'appointments', 'slots'] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

/** The bridge's fields per CSV kind; each maps to a column header of the clinic's export. */
export const CSV_FIELDS = {
  patients: [
    'mrn',
    'family',
    'given',
    'birthDate',
    'gender',
    'phone',
    'email',
    'language',
    'guardianMrn',
    'guardianRelationship',
  ],
  appointments: ['appointmentId', 'mrn', 'start', 'end', 'status', 'practitioner', 'location', 'service', 'reason'],
  slots: ['practitioner', 'start', 'end', 'status'],
} as const satisfies Record<CsvKind, readonly string[]>;

/** Fields a row must have a column for (a file without one is refused before any row is read). */
export const CSV_REQUIRED = {
  patients: ['mrn', 'family'],
  appointments: ['appointmentId', 'mrn', 'start', 'end'],
  slots: ['practitioner', 'start', 'end'],
} as const satisfies Record<CsvKind, readonly string[]>;

const columnMapping = z.record(z.string().min(1).max(64), z.string().min(1).max(120));

const endpoint = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65_535),
});

export const bridgeSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** The port this clinic's EHR connects to (one listener per clinic); unset: no HL7 inbound. */
  mllp: z
    .object({ host: z.string().min(1).default('127.0.0.1'), port: z.number().int().min(1).max(65_535) })
    .optional(),
  /** MSH-4 the clinic's EHR sends; other senders are refused on this clinic's port. Unset: any. */
  sendingFacility: z.string().min(1).max(64).optional(),
  /** Identifier system of the EHR's appointment ids (SCH-2) on Appointment.identifier. */
  appointmentIdentifierSystem: z.string().min(4).default('urn:fhir-scheduling:legacy-appointment'),
  /** Identifier system of the clinicians' ids in AIP-3 (default NPI). */
  practitionerIdentifierSystem: z.string().min(4).default('http://hl7.org/fhir/sid/us-npi'),
  /** Identifier system of the locations' ids in AIL-3. */
  locationIdentifierSystem: z.string().min(4).optional(),
  /** Code system of AIS-3 service codes (the clinic's visit types). */
  serviceTypeSystem: z.string().min(4).optional(),
  /** Outbound: what the app books, moves or cancels, sent as SIU over MLLP or written as CSV files. */
  outbound: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('none') }),
      endpoint.extend({
        mode: z.literal('mllp'),
        receivingApplication: z.string().max(64).default('EHR'),
        receivingFacility: z.string().max(64).default(''),
        /** Seconds to wait for an ACK before trying again. */
        ackTimeoutSeconds: z.number().int().min(1).max(120).default(10),
      }),
      z.object({ mode: z.literal('csv'), folder: z.string().min(1) }),
    ])
    .default({ mode: 'none' }),
  csv: z
    .object({
      /** A folder the bridge watches for the EHR's exports (`patients*.csv`, `appointments*.csv`, `slots*.csv`). */
      watchFolder: z.string().min(1).optional(),
      dateFormat: z.enum(CSV_DATE_FORMATS).default('YYYY-MM-DD'),
      delimiter: z.string().length(1).default(','),
      /** Rows applied at once (a patient's, an appointment's or a clinician's rows stay in file order). */
      concurrency: z.number().int().min(1).max(32).default(8),
      /** Per kind: bridge field -> the export's column header. Unset fields use the field's own name. */
      columns: z
        .object({
          patients: columnMapping.optional(),
          appointments: columnMapping.optional(),
          slots: columnMapping.optional(),
        })
        .default({}),
    })
    .default({ dateFormat: 'YYYY-MM-DD', delimiter: ',', concurrency: 8, columns: {} }),
});
export type BridgeSettings = z.infer<typeof bridgeSettingsSchema>;
