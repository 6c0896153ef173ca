/**
 * Zod schemas for a tenant's settings: the one place that says what a valid clinic configuration is.
 * Used by the tenant CLI, the seed, and whenever settings are read back from the database.
 */
import { z } from 'zod';
import { dateTimeFormat } from '@/lib/time/zoned';

/** Path segments the app itself uses; a clinic cannot take them as its slug. */
export const RESERVED_SLUGS = new Set([
  'api',
  'fhir',
  'dev',
  'admin',
  'auth',
  'static',
  'public',
  '_next',
  'favicon.ico',
  'health',
  'webhooks',
  'staff',
]);

export const tenantSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'use 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen',
  )
  .refine((slug) => !RESERVED_SLUGS.has(slug), { message: 'this name is reserved by the app' });

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(
    (zone) => {
      try {
        dateTimeFormat('en-US', { timeZone: zone });
        return zone.includes('/') || zone === 'UTC';
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as America/New_York' },
  );

export const fhirAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.object({
    type: z.literal('smart-client-secret'),
    tokenUrl: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /**
     * The scope to ask for. Unset: one scope covering everything the app reads and writes
     * (`system/*.cruds` where the server speaks SMART v2 scopes, else `system/*.*`); servers that honour
     * only the first scope matching a type make `system/*.read system/*.write` read-only.
     */
    scope: z.string().trim().min(1).optional(),
  }),
  z.object({
    type: z.literal('smart-private-key-jwt'),
    tokenUrl: z.url(),
    clientId: z.string().min(1),
    /** PEM-encoded PKCS#8 private key. */
    privateKeyPem: z.string().min(1),
    keyId: z.string().min(1),
    algorithm: z.enum(['RS384', 'ES384']),
    /**
     * The scope to ask for. Unset: one scope covering everything the app reads and writes
     * (`system/*.cruds` where the server speaks SMART v2 scopes, else `system/*.*`); servers that honour
     * only the first scope matching a type make `system/*.read system/*.write` read-only.
     */
    scope: z.string().trim().min(1).optional(),
  }),
]);
export type FhirAuthSettings = z.infer<typeof fhirAuthSchema>;

export const checkInSettingsSchema = z.object({
  /** Geofence radius around Location.position, metres. */
  radiusMeters: z.number().int().min(10).max(5000).default(175),
  /** Reported GPS accuracy counted in the patient's favour, capped at this many metres. */
  accuracyCapMeters: z.number().int().min(0).max(2000).default(150),
  /** Check-in opens this many minutes before the start... */
  windowBeforeMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(60),
  /** ...and closes this many minutes after it. */
  windowAfterMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** Per-location overrides, keyed by the EHR's Location id; unset fields follow the clinic's values. */
  locations: z
    .record(
      z.string().min(1).max(64),
      z.object({
        radiusMeters: z.number().int().min(10).max(5000).optional(),
        accuracyCapMeters: z.number().int().min(0).max(2000).optional(),
        windowBeforeMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .optional(),
        windowAfterMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .optional(),
        /** The location's IANA time zone when it differs from the clinic's. */
        timeZone: timeZoneSchema.optional(),
      }),
    )
    .optional(),
});
export type CheckInSettings = z.infer<typeof checkInSettingsSchema>;
export type LocationCheckInOverride = NonNullable<CheckInSettings['locations']>[string];

export const notificationSettingsSchema = z.object({
  /** Twilio sender for this clinic: a messaging service SID or an E.164 from-number. Unset: the global default. */
  smsFrom: z.string().trim().min(1).optional(),
  /** Dedicated sender for one-time codes, so that codes never queue behind reminders at the carrier. */
  smsOtpFrom: z.string().trim().min(1).optional(),
  /** From address of this clinic's emails. Unset: the global default. */
  emailFrom: z.string().trim().min(3).optional(),
  /** ISO 3166 country used to read phone numbers written without a country code. */
  defaultCountry: z.string().length(2).toUpperCase().default('US'),
  /**
   * ISO 3166 countries whose phone numbers the clinic texts (registration, codes, notices); unset:
   * the default country only. Numbers elsewhere are refused (400), which also stops SMS toll fraud.
   */
  smsCountries: z.array(z.string().length(2).toUpperCase()).min(1).max(50).optional(),
  /**
   * Text messages a day (UTC) the clinic sends at most; past it texts are refused and the clinic's
   * administrators get one email about it that day.
   */
  smsDailyBudget: z.number().int().min(1).max(1_000_000).default(2000),
  /**
   * Quiet hours, in the clinic's time zone: scheduled messages (reminders, waitlist offers, the clinic's
   * own changes) due outside [start, end) wait until `start`. One-time codes and the replies to what
   * the patient just did (booking confirmations, check-in confirmations...) go at once.
   */
  quietHours: z
    .object({
      /** HH:MM, the first minute messages may go. */
      start: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM')
        .default('08:00'),
      /** HH:MM, the first minute they wait again. */
      end: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM')
        .default('20:00'),
    })
    .default({ start: '08:00', end: '20:00' }),
  /** Clinic wording for messages, per language and template (see lib/notify/templates.ts); defaults otherwise. */
  templates: z
    .record(
      z.enum(['en', 'es', 'zh']),
      z.record(
        z.string(),
        z.object({ sms: z.string().min(1), subject: z.string().min(1), email: z.string().min(1) }).partial(),
      ),
    )
    .optional(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const bookingRulesSchema = z.object({
  /** A slot must start at least this many minutes from now to be booked online. */
  minimumNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 60)
    .default(120),
  /** Slots further out than this many days cannot be booked online. */
  horizonDays: z.number().int().min(1).max(730).default(90),
  /** Patients may cancel or reschedule online until this many hours before the start; after that they call. */
  cancellationCutoffHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 14)
    .default(24),
  /** At most this many upcoming appointments per patient for one service. */
  maxUpcomingPerService: z.number().int().min(1).max(50).default(2),
  /** Age at which a patient counts as an adult (for age-restricted services and dependents). */
  adultAge: z.number().int().min(14).max(25).default(18),
  /** Services (by service code) open only to minors or only to adults. */
  ageRestrictedServices: z.record(z.string().min(1), z.enum(['minors', 'adults'])).default({}),
  /** Whether guardians may act for adult dependents (where the EHR holds such a link). */
  allowAdultDependents: z.boolean().default(false),
  /**
   * The clinic's own names for its visit types (by service code) in the patient languages; a
   * language left out shows the EHR's name.
   */
  serviceNames: z
    .record(
      z.string().min(1).max(64),
      z
        .object({ en: z.string().min(1).max(80), es: z.string().min(1).max(80), zh: z.string().min(1).max(80) })
        .partial(),
    )
    .default({}),
  /** Visit types (by service code) only existing patients may book online; new patients are asked to call. */
  existingPatientsOnly: z.array(z.string().min(1).max(64)).max(50).default([]),
  /**
   * The reasons a patient may pick for a visit type (by service code), each in the patient languages
   * (English required); "something else" is always offered as free text. The choice is written to the
   * appointment in the EHR (`Appointment.reasonCode.text`) and shown on the desk board.
   */
  visitReasons: z
    .record(
      z.string().min(1).max(64),
      z
        .array(
          z
            .object({ en: z.string().min(1).max(80), es: z.string().min(1).max(80), zh: z.string().min(1).max(80) })
            .partial({
              es: true,
              zh: true,
            }),
        )
        .max(12),
    )
    .default({}),
});
export type BookingRules = z.infer<typeof bookingRulesSchema>;

export const providerSettingsSchema = z.object({
  /** The adapter that talks to this clinic's EHR (lib/scheduling/get-provider.ts). */
  kind: z.enum(['fhir']).default('fhir'),
  /** Who assigns MRNs to new patients: the EHR, or the app (digits with a Luhn check digit). */
  mrnAssignment: z.enum(['server', 'app-check-digit']).default('app-check-digit'),
  /** Budget for one call to the EHR, retries included. */
  requestTimeoutMs: z.number().int().min(500).max(60_000).default(8000),
  /**
   * Budget for one attempt of a call (connecting, the token, the first byte and the body): a server that
   * accepts connections and never answers fails this fast, and a read may then be tried once more
   * within `requestTimeoutMs`.
   */
  attemptTimeoutMs: z.number().int().min(200).max(60_000).default(5000),
  /** Code system of the visit types (Schedule/Slot serviceType, HealthcareService.type). */
  serviceTypeSystem: z.string().min(1).optional(),
  /**
   * The system of the identifier every appointment the app books carries (made from the request's
   * idempotency key), by which a booking whose reply was lost is found again.
   */
  requestIdentifierSystem: z.string().min(1).default('urn:fhir-scheduling:booking-request'),
  /**
   * How bookings are made in the EHR (lib/scheduling/fhir/booking-mode.ts): `auto` takes the IHE ITI
   * Scheduling operations ($find, $hold, $book) when the EHR's CapabilityStatement declares them, else
   * writes Slot and Appointment in a transaction; `slot-transactions` or `operations` force one.
   */
  bookingMode: z.enum(['auto', 'slot-transactions', 'operations']).default('auto'),
  /** How long a slot is held while the patient reviews it, where the EHR offers holds ($hold). */
  holdSeconds: z.number().int().min(30).max(900).default(300),
  /** Change detection (lib/sync): how this clinic's EHR is followed. */
  changeDetection: z
    .object({
      /** Off: nothing is read from the EHR's change feed for this clinic. */
      enabled: z.boolean().default(true),
      /** Seconds between polls (a backstop when the EHR sends Subscription notifications). */
      pollIntervalSeconds: z.number().int().min(1).max(3600).default(30),
      /** With Subscriptions in use, seconds between backstop polls. */
      subscriptionPollIntervalSeconds: z.number().int().min(5).max(86_400).default(300),
      /** Re-read this far behind the cursor: must exceed the clock difference between EHR and app. */
      overlapSeconds: z.number().int().min(0).max(3600).default(120),
      /** The change feed's share of the EHR's rate limit: requests per second and in flight. */
      requestsPerSecond: z.number().min(0.1).max(1000).default(10),
      concurrency: z.number().int().min(1).max(64).default(4),
      /** Use rest-hook Subscriptions where the EHR's CapabilityStatement offers them. */
      useSubscriptions: z.boolean().default(true),
    })
    .default({
      enabled: true,
      pollIntervalSeconds: 30,
      subscriptionPollIntervalSeconds: 300,
      overlapSeconds: 120,
      requestsPerSecond: 10,
      concurrency: 4,
      useSubscriptions: true,
    }),
});
export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

/** Letters, digits and hyphens: what payer ids and member ids consist of at every US payer. */
export const PAYER_ID_PATTERN = /^[A-Za-z0-9-]{1,30}$/;

export const insurancePayerSchema = z.object({
  /** The payer id the clinic's clearinghouse knows the payer by (X12 NM1*PR / CEL payer id), e.g. "BPHP1". */
  payerId: z.string().trim().regex(PAYER_ID_PATTERN, 'use 1-30 letters, digits and hyphens'),
  /** Name shown to patients. */
  name: z.string().trim().min(2).max(120),
  /** The payer's record in the EHR (FHIR: Organization id), referenced by Coverage.payor. */
  ehrPayerId: z.string().trim().min(1).max(64),
});
export type InsurancePayer = z.infer<typeof insurancePayerSchema>;

/** How eligibility is checked (lib/insurance/get-eligibility-provider.ts): not at all, FHIR, or X12 270/271. */
export const eligibilityAdapterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('fhir'),
    /** FHIR R4 base URL that accepts CoverageEligibilityRequest (a payer's endpoint, or the sandbox). */
    baseUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
    auth: fhirAuthSchema.default({ type: 'none' }),
    /** Organization id of the clinic (the requesting provider) at that endpoint, when it wants one. */
    providerOrganizationId: z.string().trim().min(1).optional(),
  }),
  z.object({
    kind: z.literal('x12'),
    /** Clearinghouse URL that takes a 270 as the POST body and answers a 271 (text/plain or application/edi-x12). */
    endpoint: z.url({ protocol: /^https?$/ }),
    /** Optional HTTP Basic credentials at the clearinghouse. */
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** ISA06/GS02 sender id and ISA08/GS03 receiver id agreed with the clearinghouse. */
    senderId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9 ]{1,15}$/),
    receiverId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9 ]{1,15}$/),
    /** The clinic as information receiver (2100B NM1*1P): name and NPI. */
    providerName: z.string().trim().min(1).max(60),
    providerNpi: z
      .string()
      .trim()
      .regex(/^\d{10}$/, 'must be a 10-digit NPI'),
    /** ISA15: P (production) or T (test). */
    usage: z.enum(['P', 'T']).default('T'),
  }),
]);
export type EligibilityAdapterSettings = z.infer<typeof eligibilityAdapterSchema>;

export const insuranceSettingsSchema = z.object({
  /** The payers patients may choose from; empty means the clinic takes no insurance details online. */
  payers: z.array(insurancePayerSchema).max(200).default([]),
  eligibility: eligibilityAdapterSchema.default({ kind: 'none' }),
  /** Per-check timeout towards the payer or clearinghouse. */
  requestTimeoutMs: z.number().int().min(500).max(60_000).default(10_000),
  /** Local hour (clinic time zone) at which the nightly job checks the next day's appointments. */
  nightlyHour: z.number().int().min(0).max(23).default(18),
});
export type InsuranceSettings = z.infer<typeof insuranceSettingsSchema>;

/**
 * Publishing the clinic's open times as SMART Scheduling Links (lib/publication), for public slot
 * finders: off unless the clinic opts in, and only the visit types it chooses.
 */
export const publicationSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** Service codes (as in the EHR's Slot.serviceType) whose free times are published. */
  services: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  /** How many days ahead are published (never past the booking horizon). */
  days: z.number().int().min(1).max(90).default(28),
});
export type PublicationSettings = z.infer<typeof publicationSettingsSchema>;

/**
 * The waitlist (lib/waitlist): off unless the clinic turns it on. Freed slots are offered to matching
 * entries in the order they were made, `groupSize` at a time with `pauseMinutes` between groups; an
 * offer stays open `offerMinutes`; no offer goes out later than `stopBeforeMinutes` before the slot.
 */
export const waitlistSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  groupSize: z.number().int().min(1).max(50).default(3),
  pauseMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  offerMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(60),
  stopBeforeMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(120),
});
export type WaitlistSettings = z.infer<typeof waitlistSettingsSchema>;

/**
 * Staff sign-in (NIST SP 800-63B AAL2, OWASP ASVS 2.x level 2): who needs a passkey as a second
 * factor after the password. Administrators always do; `everyone` asks it of the front desk too.
 */
export const staffSecuritySchema = z.object({
  passkeysRequiredFor: z.enum(['admins', 'everyone']).default('admins'),
});
export type StaffSecurity = z.infer<typeof staffSecuritySchema>;

/** Everything needed to onboard a clinic. */
export const newTenantSchema = z.object({
  slug: tenantSlugSchema,
  displayName: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(120)
    .regex(/^\P{Cc}*$/u, 'must not contain control characters'),
  timeZone: timeZoneSchema,
  contactPhone: z
    .string()
    .trim()
    .min(3)
    .max(40)
    .regex(/^\P{Cc}*$/u, 'must not contain control characters')
    .optional(),
  fhirBaseUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  fhirAuth: fhirAuthSchema.default({ type: 'none' }),
  mrnSystem: z
    .string()
    .trim()
    .min(4, 'must be a URI such as urn:oid:1.2.3 or https://clinic.example/mrn')
    .refine((uri) => /^(urn:|https?:\/\/)/.test(uri), {
      message: 'must be a URI such as urn:oid:1.2.3 or https://clinic.example/mrn',
    }),
  checkInSettings: checkInSettingsSchema.default(checkInSettingsSchema.parse({})),
  notificationSettings: notificationSettingsSchema.default(notificationSettingsSchema.parse({})),
  bookingRules: bookingRulesSchema.default(bookingRulesSchema.parse({})),
  providerSettings: providerSettingsSchema.default(providerSettingsSchema.parse({})),
  insuranceSettings: insuranceSettingsSchema.default(insuranceSettingsSchema.parse({})),
  publicationSettings: publicationSettingsSchema.default(publicationSettingsSchema.parse({})),
  waitlistSettings: waitlistSettingsSchema.default(waitlistSettingsSchema.parse({})),
  staffSecurity: staffSecuritySchema.default(staffSecuritySchema.parse({})),
});
export type NewTenant = z.input<typeof newTenantSchema>;
