/**
 * The onboarding check of a FHIR EHR: what its CapabilityStatement declares against what the app uses,
 * the token it grants against what the app does, and a probe of what declarations cannot be trusted
 * for: that a transaction is all or nothing (some servers run it as a batch while declaring
 * `transaction`). Each item is reported as codes with values (connection-check.ts), worded where it is
 * shown in words an integrator can act on.
 */
import type { Appointment as FhirAppointment, Bundle, CapabilityStatement, Slot as FhirSlot } from 'fhir/r4';
import { AppError } from '@/lib/errors';
import type { ProviderSettings } from '@/lib/tenancy/tenant-settings';
import {
  checkText,
  type ConnectionCheckDetail,
  type ConnectionCheckParam,
  type ConnectionCheckText,
  type ConnectionCheckTitle,
} from '@/lib/i18n/ehr-check-text';
import type { ConnectionCheckItem } from '../types';
import { resourcesOf, withoutMeta } from './bundles';
import { chooseBookingMode, declaredSchedulingOperations, describeBookingMode } from './booking-mode';
import { NEEDED_ACCESS, scopeShortfalls, type ScopeInteraction } from './scopes';
import type { FhirTransport } from './transport';

/** The search parameters the app sends, per type (a chain counts as its first part). */
const NEEDED_SEARCH: Readonly<Record<string, readonly string[]>> = {
  Patient: ['identifier', 'birthdate', 'family', 'given'],
  RelatedPerson: ['identifier', 'patient', 'active'],
  PractitionerRole: ['specialty', 'location'],
  HealthcareService: ['active'],
  Slot: ['service-type', 'status', 'start', 'schedule'],
  Appointment: ['patient', 'date', 'location', 'identifier'],
  Coverage: ['beneficiary'],
};

const INTERACTION_CODES: Record<ScopeInteraction, string> = {
  r: 'read',
  s: 'search-type',
  c: 'create',
  u: 'update',
  d: 'delete',
};

type Detail = ConnectionCheckText<ConnectionCheckDetail>;

function item(
  key: string,
  title: ConnectionCheckTitle,
  status: ConnectionCheckItem['status'],
  detail: Detail[],
  required = true,
): ConnectionCheckItem {
  return {
    key,
    title: checkText(title, key.startsWith('type:') ? { type: key.slice(5) } : undefined),
    status,
    required,
    detail,
  };
}

/** The error a call ended in: its reason (worded in the reader's language) and its technical cause. */
function failure(error: unknown): ConnectionCheckParam {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  if (error instanceof AppError) return { error: error.text(), cause };
  return { error: error instanceof Error ? error.message : String(error), cause };
}

function list(values: readonly string[]): ConnectionCheckParam {
  return { list: [...values] };
}

export async function checkFhirConnection(options: {
  transport: FhirTransport;
  settings: ProviderSettings;
}): Promise<ConnectionCheckItem[]> {
  const { transport, settings } = options;
  const items: ConnectionCheckItem[] = [];

  let statement: CapabilityStatement;
  try {
    statement = (await transport.read<CapabilityStatement>('metadata')).body;
  } catch (error) {
    return [
      item('capability-statement', 'capabilityStatement', 'missing', [
        checkText('metadataUnreadable', { error: failure(error) }),
        checkText('checkBaseUrl'),
      ]),
    ];
  }
  const rest = statement.rest?.find((entry) => entry.mode === 'server');
  const booking = chooseBookingMode(settings, declaredSchedulingOperations(statement));
  const operations = booking.mode === 'operations';
  const missingOperations = ['find', 'book'].filter((name) => !booking.declared.includes(name));
  const version = statement.fhirVersion;
  const software = statement.software?.name;
  items.push(
    item(
      'capability-statement',
      'capabilityStatement',
      version?.startsWith('4.0') ? 'ok' : 'wrong',
      version?.startsWith('4.0')
        ? [software ? checkText('fhirVersionOf', { version, software }) : checkText('fhirVersion', { version })]
        : [version ? checkText('fhirVersionWrong', { version }) : checkText('fhirVersionAbsent')],
    ),
  );

  // Credentials and scope: a real call, so that a token is fetched the way every request fetches it.
  let granted: string | null = null;
  try {
    await transport.search('Location?_count=1');
    granted = transport.tokens.grantedScope;
    items.push(item('credentials', 'credentials', 'ok', [checkText('credentialsAccepted')]));
  } catch (error) {
    items.push(
      item('credentials', 'credentials', 'wrong', [
        checkText('credentialsRefused', { error: failure(error) }),
        checkText('checkCredentials'),
      ]),
    );
  }
  if (transport.tokens.refreshable && granted !== null) {
    const { strictest, anyReading } = scopeShortfalls(granted);
    items.push(
      anyReading.length > 0
        ? item('scope', 'scope', 'missing', [
            checkText('scopeLacks', { granted, access: { access: anyReading } }),
            checkText('askOneBroadScope'),
          ])
        : strictest.length > 0
          ? item('scope', 'scope', 'wrong', [
              checkText('scopeStrictReadingLacks', { granted, access: { access: strictest } }),
              checkText('askOneScopeForAll'),
            ])
          : item('scope', 'scope', 'ok', [checkText('scopeCovers', { granted })]),
    );
  }

  items.push(
    item(
      'booking-mode',
      'bookingMode',
      operations && missingOperations.length > 0 ? 'missing' : 'ok',
      operations && missingOperations.length > 0
        ? [
            checkText('operationsNotDeclared', { operations: list(missingOperations.map((name) => `$${name}`)) }),
            checkText('setBookingModeAuto'),
          ]
        : [
            ...describeBookingMode(booking),
            ...(operations && !booking.declared.includes('hold') ? [checkText('noHold')] : []),
          ],
    ),
  );

  // Interactions and search parameters per type (in operations mode the app writes no Slot).
  for (const [type, all] of Object.entries(NEEDED_ACCESS)) {
    const needed = operations && type === 'Slot' ? all.filter((code) => code !== 'u') : all;
    const resource = rest?.resource?.find((entry) => entry.type === type);
    if (!resource) {
      items.push(item(`type:${type}`, 'resourceType', 'missing', [checkText('typeNotDeclared', { type })]));
      continue;
    }
    const declared = new Set((resource.interaction ?? []).map((entry) => entry.code));
    const missing = needed
      .filter((code) => !declared.has(INTERACTION_CODES[code] as never))
      .map((code) => INTERACTION_CODES[code]);
    const params = new Set((resource.searchParam ?? []).map((param) => param.name));
    const missingParams = (NEEDED_SEARCH[type] ?? []).filter((name) => !params.has(name));
    const detail =
      missing.length && missingParams.length
        ? checkText('typeLacksInteractionsAndSearchParameters', {
            type,
            interactions: list(missing),
            parameters: list(missingParams),
          })
        : missing.length
          ? checkText('typeLacksInteractions', { type, interactions: list(missing) })
          : missingParams.length
            ? checkText('typeLacksSearchParameters', { type, parameters: list(missingParams) })
            : checkText('typeDeclared', { interactions: list(needed.map((code) => INTERACTION_CODES[code])) });
    items.push(
      item(`type:${type}`, 'resourceType', missing.length || missingParams.length ? 'missing' : 'ok', [detail]),
    );
  }

  const declaresTransaction = rest?.interaction?.some((entry) => entry.code === 'transaction') ?? false;
  if (operations) {
    items.push(
      item('transaction', 'transaction', 'skipped', [checkText('transactionsNotUsed')], false),
      item('atomic', 'atomic', 'skipped', [checkText('atomicNotUsed')], false),
    );
    return items;
  }
  items.push(
    item('transaction', 'transaction', declaresTransaction ? 'ok' : 'missing', [
      checkText(declaresTransaction ? 'transactionsDeclared' : 'transactionsNotDeclared'),
    ]),
  );
  items.push(await probeAtomicity(transport, settings));
  return items;
}

/**
 * A transaction that must fail (a stale If-Match on a real slot, whose body is left as it is) together
 * with the creation of a probe appointment (`entered-in-error`, identified as a probe): an atomic server
 * refuses the whole Bundle and the probe never exists. The slot is never changed either way.
 */
async function probeAtomicity(transport: FhirTransport, settings: ProviderSettings): Promise<ConnectionCheckItem> {
  let slot: FhirSlot | undefined;
  try {
    slot = resourcesOf<FhirSlot>(await transport.search('Slot?status=free&_count=1'), 'Slot', 'match')[0];
  } catch (error) {
    return item('atomic', 'atomic', 'skipped', [checkText('probeSearchFailed', { error: failure(error) })]);
  }
  if (!slot?.id) return item('atomic', 'atomic', 'skipped', [checkText('probeNoFreeSlot')]);
  const marker = `tenant-check-${crypto.randomUUID()}`;
  const probe: FhirAppointment = {
    resourceType: 'Appointment',
    identifier: [{ system: settings.requestIdentifierSystem, value: marker }],
    status: 'entered-in-error',
    description: 'Probe written by the scheduling app’s onboarding check (tenant:check); not a visit.',
    start: slot.start,
    end: slot.end,
    participant: [
      {
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] }],
        status: 'needs-action',
      },
    ],
  };
  let answer: Bundle | null = null;
  try {
    answer = await transport.transaction({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: withoutMeta(slot),
          request: { method: 'PUT', url: `Slot/${slot.id}`, ifMatch: 'W/"tenant-check-stale-version"' },
        },
        {
          fullUrl: `urn:uuid:${crypto.randomUUID()}`,
          resource: probe,
          request: { method: 'POST', url: 'Appointment' },
        },
      ],
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'unavailable')
      return item('atomic', 'atomic', 'skipped', [checkText('probeNoAnswer', { error: failure(error) })]);
  }
  const found = resourcesOf<FhirAppointment>(
    await transport.search(
      `Appointment?identifier=${encodeURIComponent(`${settings.requestIdentifierSystem}|${marker}`)}`,
    ),
    'Appointment',
    'match',
  ).filter((appointment) => appointment.identifier?.some((identifier) => identifier.value === marker));
  if (found.length === 0 && answer === null) return item('atomic', 'atomic', 'ok', [checkText('atomicRefusedWhole')]);
  const statuses = answer?.entry?.map((entry) => entry.response?.status ?? '?').join(', ') ?? 'none';
  return item(
    'atomic',
    'atomic',
    'wrong',
    found.length > 0
      ? [
          checkText('atomicRunsAsBatch', { statuses }),
          checkText('askAtomicTransactions'),
          checkText('probeLeftAppointment', { appointment: found[0]?.id ?? '' }),
        ]
      : [checkText('versionsNotEnforced', { statuses })],
  );
}
