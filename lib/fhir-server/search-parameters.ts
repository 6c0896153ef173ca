/**
 * The search parameters the sandbox supports, per resource type, with FHIR R4 semantics
 * (https://hl7.org/fhir/R4/search.html). Each says what kind it is and where its values are; the
 * CapabilityStatement is generated from this table, so it declares exactly what is implemented.
 */
export type ParamKind = 'token' | 'string' | 'date' | 'reference';

export interface SearchParameterDefinition {
  name: string;
  kind: ParamKind;
  /** Dotted element paths from the resource root; arrays are walked. */
  paths: string[];
  /** For token params over ContactPoint: only values of this telecom system. */
  telecomSystem?: 'phone' | 'email';
  /** For reference params: only references to these types. */
  targetTypes?: string[];
  /** Chains supported from this reference (`param.chainedParam=value`). */
  chains?: string[];
  /** The element has at most one value (max cardinality 1), so one index row per resource at most. */
  single?: true;
  /**
   * The element is a FHIR instant (seconds at least): each index row spans at most INSTANT_SPAN_MS,
   * which bounds a range search's low end so the date index is scanned from the searched time only.
   */
  instant?: true;
  /**
   * A token over a small code system (a status, a type): one value matches a large share of the
   * resources, so a search walking another index checks it per candidate instead of listing them.
   */
  coded?: true;
  documentation: string;
}

const p = (
  name: string,
  kind: ParamKind,
  paths: string[],
  documentation: string,
  extra: Partial<SearchParameterDefinition> = {},
): SearchParameterDefinition => ({ name, kind, paths, documentation, ...extra });

export const RESOURCE_TYPES = [
  'Patient',
  'RelatedPerson',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'HealthcareService',
  'Schedule',
  'Slot',
  'Appointment',
  'Coverage',
  'CoverageEligibilityRequest',
  'CoverageEligibilityResponse',
  'Subscription',
] as const;
export type SandboxResourceType = (typeof RESOURCE_TYPES)[number];

export function isSupportedType(type: string): type is SandboxResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(type);
}

export const SEARCH_PARAMETERS: Record<SandboxResourceType, SearchParameterDefinition[]> = {
  Patient: [
    p('identifier', 'token', ['identifier'], 'A patient identifier, e.g. the MRN: system|value'),
    p('birthdate', 'date', ['birthDate'], "The patient's date of birth", { single: true }),
    p('name', 'string', ['name.family', 'name.given', 'name.text', 'name.prefix', 'name.suffix'], 'Any part of a name'),
    p('family', 'string', ['name.family'], 'Family name'),
    p('given', 'string', ['name.given'], 'Given name'),
    p('phone', 'token', ['telecom'], 'A phone number', { telecomSystem: 'phone' }),
    p('email', 'token', ['telecom'], 'An email address', { telecomSystem: 'email' }),
    p('telecom', 'token', ['telecom'], 'Any contact point value'),
    p('link', 'reference', ['link.other'], 'Patient or RelatedPerson linked to this patient', {
      targetTypes: ['Patient', 'RelatedPerson'],
    }),
  ],
  RelatedPerson: [
    p('patient', 'reference', ['patient'], 'The patient this person is related to', { targetTypes: ['Patient'] }),
    p('identifier', 'token', ['identifier'], 'An identifier of the person (e.g. the guardian’s MRN)'),
    p('relationship', 'token', ['relationship'], 'The relationship (v3-RoleCode)', { coded: true }),
    p('active', 'token', ['active'], 'Whether the link is in use', { coded: true }),
  ],
  Practitioner: [
    p('identifier', 'token', ['identifier'], 'A practitioner identifier (e.g. NPI)'),
    p('name', 'string', ['name.family', 'name.given', 'name.text'], 'Any part of a name'),
  ],
  PractitionerRole: [
    p('practitioner', 'reference', ['practitioner'], 'The practitioner', { targetTypes: ['Practitioner'] }),
    p('location', 'reference', ['location'], 'Where the role is performed', { targetTypes: ['Location'] }),
    p('specialty', 'token', ['specialty'], 'The specialty', { coded: true }),
    p('service', 'reference', ['healthcareService'], 'The healthcare services provided', {
      targetTypes: ['HealthcareService'],
    }),
  ],
  Organization: [
    p('identifier', 'token', ['identifier'], 'An organization identifier'),
    p('name', 'string', ['name', 'alias'], 'Name or alias'),
  ],
  Location: [
    p('name', 'string', ['name', 'alias'], 'Name or alias'),
    p('identifier', 'token', ['identifier'], 'A location identifier'),
  ],
  HealthcareService: [
    p('location', 'reference', ['location'], 'Where the service is offered', { targetTypes: ['Location'] }),
    p('service-type', 'token', ['type'], 'The type of service', { coded: true }),
    p('active', 'token', ['active'], 'Whether the service is offered', { coded: true }),
  ],
  Schedule: [
    p('actor', 'reference', ['actor'], 'Who or what the schedule is for', {
      targetTypes: ['Practitioner', 'PractitionerRole', 'Location', 'HealthcareService', 'Patient', 'RelatedPerson'],
    }),
    p('service-type', 'token', ['serviceType'], 'The type of appointments that can be booked', { coded: true }),
    p('active', 'token', ['active'], 'Whether the schedule is in use', { coded: true }),
  ],
  Slot: [
    p('schedule', 'reference', ['schedule'], 'The schedule the slot belongs to', {
      targetTypes: ['Schedule'],
      chains: ['actor', 'service-type', 'active'],
    }),
    p('start', 'date', ['start'], 'Slot start', { single: true, instant: true }),
    p('status', 'token', ['status'], 'free | busy | busy-unavailable | busy-tentative | entered-in-error', {
      coded: true,
    }),
    p('service-type', 'token', ['serviceType'], 'The type of appointments that can be booked', { coded: true }),
  ],
  Appointment: [
    p('patient', 'reference', ['participant.actor'], 'A patient participant', { targetTypes: ['Patient'] }),
    p('actor', 'reference', ['participant.actor'], 'Any participant'),
    p('practitioner', 'reference', ['participant.actor'], 'A practitioner participant', {
      targetTypes: ['Practitioner'],
    }),
    p('location', 'reference', ['participant.actor'], 'A location participant', { targetTypes: ['Location'] }),
    p('date', 'date', ['start'], 'Appointment start', { single: true, instant: true }),
    p('status', 'token', ['status'], 'The appointment status', { coded: true }),
    p('slot', 'reference', ['slot'], 'The slots booked', { targetTypes: ['Slot'] }),
    p('identifier', 'token', ['identifier'], 'An appointment identifier'),
  ],
  Coverage: [
    p('beneficiary', 'reference', ['beneficiary'], 'The covered person', { targetTypes: ['Patient'] }),
    p('patient', 'reference', ['beneficiary'], 'The covered patient', { targetTypes: ['Patient'] }),
    p('payor', 'reference', ['payor'], 'The payer', { targetTypes: ['Organization', 'Patient', 'RelatedPerson'] }),
  ],
  CoverageEligibilityRequest: [p('patient', 'reference', ['patient'], 'The patient', { targetTypes: ['Patient'] })],
  CoverageEligibilityResponse: [
    p('patient', 'reference', ['patient'], 'The patient', { targetTypes: ['Patient'] }),
    p('request', 'reference', ['request'], 'The request answered', { targetTypes: ['CoverageEligibilityRequest'] }),
  ],
  Subscription: [
    p('status', 'token', ['status'], 'requested | active | error | off'),
    p('type', 'token', ['channel.type'], 'The channel type (rest-hook)'),
  ],
};

/** `_include` values the sandbox resolves. */
export const SUPPORTED_INCLUDES: Record<string, string[]> = {
  Slot: ['Slot:schedule'],
  Appointment: [
    'Appointment:patient',
    'Appointment:actor',
    'Appointment:practitioner',
    'Appointment:location',
    'Appointment:slot',
  ],
  Schedule: ['Schedule:actor'],
  PractitionerRole: ['PractitionerRole:practitioner', 'PractitionerRole:location', 'PractitionerRole:service'],
  RelatedPerson: ['RelatedPerson:patient'],
  Coverage: ['Coverage:beneficiary', 'Coverage:payor'],
};

/** Sort keys: `_lastUpdated`, `_id`, and each date parameter of the type. */
export function sortKeys(type: SandboxResourceType): string[] {
  return [
    '_lastUpdated',
    '_id',
    ...SEARCH_PARAMETERS[type].filter((param) => param.kind === 'date').map((param) => param.name),
  ];
}

export function findParameter(type: SandboxResourceType, name: string): SearchParameterDefinition | undefined {
  return SEARCH_PARAMETERS[type].find((param) => param.name === name);
}

/**
 * The widest index row of an instant parameter: a minute (instants carry seconds; a coarser value,
 * which is not a valid instant, is indexed as its first minute).
 */
export const INSTANT_SPAN_MS = 60_000;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;
