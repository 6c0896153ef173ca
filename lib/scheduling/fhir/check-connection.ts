/**
 * The onboarding check of a FHIR EHR: what its CapabilityStatement declares against what the app uses,
 * the token it grants against what the app does, and a probe of what declarations cannot be trusted
 * for: that a transaction is all or nothing (some servers run it as a batch while declaring
 * `transaction`). Each item is reported in words an integrator can act on.
 */
import type { Appointment as FhirAppointment, Bundle, CapabilityStatement, Slot as FhirSlot } from 'fhir/r4';
import { AppError } from '@/lib/errors';
import type { ProviderSettings } from '@/lib/tenancy/tenant-settings';
import type { ConnectionCheckItem } from '../types';
import { resourcesOf, withoutMeta } from './bundles';
import { chooseBookingMode, declaredSchedulingOperations, describeBookingMode } from './booking-mode';
import { describeShortfalls, NEEDED_ACCESS, scopeShortfalls, type ScopeInteraction } from './scopes';
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

function item(
  key: string,
  title: string,
  status: ConnectionCheckItem['status'],
  detail: string,
  required = true,
): ConnectionCheckItem {
  return { key, title, status, required, detail };
}

function message(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
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
      item(
        'capability-statement',
        'CapabilityStatement (GET [base]/metadata)',
        'missing',
        `The EHR's CapabilityStatement could not be read: ${message(error)}. Check the FHIR base URL.`,
      ),
    ];
  }
  const rest = statement.rest?.find((entry) => entry.mode === 'server');
  const booking = chooseBookingMode(settings, declaredSchedulingOperations(statement));
  const operations = booking.mode === 'operations';
  const missingOperations = ['find', 'book'].filter((name) => !booking.declared.includes(name));
  items.push(
    item(
      'capability-statement',
      'CapabilityStatement (GET [base]/metadata)',
      statement.fhirVersion?.startsWith('4.0') ? 'ok' : 'wrong',
      statement.fhirVersion?.startsWith('4.0')
        ? `FHIR ${statement.fhirVersion}${statement.software?.name ? `, ${statement.software.name}` : ''}.`
        : `The EHR declares FHIR ${statement.fhirVersion ?? '(no version)'}; the app speaks FHIR R4 (4.0.1).`,
    ),
  );

  // Credentials and scope: a real call, so that a token is fetched the way every request fetches it.
  let granted: string | null = null;
  try {
    await transport.search('Location?_count=1');
    granted = transport.tokens.grantedScope;
    items.push(item('credentials', 'Credentials (token and a first search)', 'ok', 'The EHR accepted the app.'));
  } catch (error) {
    items.push(
      item(
        'credentials',
        'Credentials (token and a first search)',
        'wrong',
        `The EHR did not accept the app: ${message(error)}. Check the client id, secret or key, and the token URL.`,
      ),
    );
  }
  if (transport.tokens.refreshable && granted !== null) {
    const { strictest, anyReading } = scopeShortfalls(granted);
    items.push(
      anyReading.length > 0
        ? item(
            'scope',
            'Granted scope',
            'missing',
            `The token was granted "${granted}", which does not allow ${describeShortfalls(anyReading)}. ` +
              'Ask the EHR administrator to grant the client one scope covering them, e.g. system/*.cruds ' +
              '(SMART v2) or system/*.* (SMART v1), and leave the clinic\'s "scope" setting unset.',
          )
        : strictest.length > 0
          ? item(
              'scope',
              'Granted scope',
              'wrong',
              `The token was granted "${granted}". Servers that honour only the first scope naming a type ` +
                `read that as not allowing ${describeShortfalls(strictest)}. Ask for one scope covering ` +
                'reads and writes (system/*.cruds or system/*.*).',
            )
          : item('scope', 'Granted scope', 'ok', `"${granted}" covers everything the app reads and writes.`),
    );
  }

  items.push(
    item(
      'booking-mode',
      'Booking mode',
      operations && missingOperations.length > 0 ? 'missing' : 'ok',
      operations && missingOperations.length > 0
        ? `The clinic is set to book by the IHE scheduling operations, but the EHR does not declare ` +
            `Appointment/$${missingOperations.join(' and $')}. Set providerSettings.bookingMode to auto.`
        : describeBookingMode(booking) +
            (operations && !booking.declared.includes('hold')
              ? ' No $hold: slots are not held while patients review them.'
              : ''),
    ),
  );

  // Interactions and search parameters per type (in operations mode the app writes no Slot).
  for (const [type, all] of Object.entries(NEEDED_ACCESS)) {
    const needed = operations && type === 'Slot' ? all.filter((code) => code !== 'u') : all;
    const resource = rest?.resource?.find((entry) => entry.type === type);
    if (!resource) {
      items.push(item(`type:${type}`, `${type}`, 'missing', `The EHR does not declare ${type} at all.`));
      continue;
    }
    const declared = new Set((resource.interaction ?? []).map((entry) => entry.code));
    const missing = needed.filter((code) => !declared.has(INTERACTION_CODES[code] as never));
    const params = new Set((resource.searchParam ?? []).map((param) => param.name));
    const missingParams = (NEEDED_SEARCH[type] ?? []).filter((name) => !params.has(name));
    const problems = [
      ...(missing.length ? [`interactions ${missing.map((code) => INTERACTION_CODES[code]).join(', ')}`] : []),
      ...(missingParams.length ? [`search parameters ${missingParams.join(', ')}`] : []),
    ];
    items.push(
      item(
        `type:${type}`,
        `${type}`,
        problems.length ? 'missing' : 'ok',
        problems.length
          ? `The EHR does not declare ${problems.join(' and ')} on ${type}.`
          : `Declares what the app uses (${needed.map((code) => INTERACTION_CODES[code]).join(', ')}).`,
      ),
    );
  }

  const declaresTransaction = rest?.interaction?.some((entry) => entry.code === 'transaction') ?? false;
  if (operations) {
    items.push(
      item(
        'transaction',
        'Transactions (POST [base] with a transaction Bundle)',
        'skipped',
        'Not used for booking: the EHR books atomically by Appointment/$book.',
        false,
      ),
      item('atomic', 'Atomic transactions (probe)', 'skipped', 'Not used for booking (operations mode).', false),
    );
    return items;
  }
  items.push(
    item(
      'transaction',
      'Transactions (POST [base] with a transaction Bundle)',
      declaresTransaction ? 'ok' : 'missing',
      declaresTransaction
        ? 'Declared.'
        : 'The EHR does not declare transactions; the app books by updating the slot and creating the ' +
            'appointment in one transaction.',
    ),
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
  const title = 'Atomic transactions (probe)';
  let slot: FhirSlot | undefined;
  try {
    slot = resourcesOf<FhirSlot>(await transport.search('Slot?status=free&_count=1'), 'Slot', 'match')[0];
  } catch (error) {
    return item('atomic', title, 'skipped', `Could not look for a slot to probe with: ${message(error)}.`);
  }
  if (!slot?.id)
    return item('atomic', title, 'skipped', 'No free slot to probe with; run the check again once there are slots.');
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
      return item('atomic', title, 'skipped', `The probe transaction got no usable answer: ${message(error)}.`);
  }
  const found = resourcesOf<FhirAppointment>(
    await transport.search(
      `Appointment?identifier=${encodeURIComponent(`${settings.requestIdentifierSystem}|${marker}`)}`,
    ),
    'Appointment',
    'match',
  ).filter((appointment) => appointment.identifier?.some((identifier) => identifier.value === marker));
  if (found.length === 0 && answer === null)
    return item('atomic', title, 'ok', 'A transaction with a stale If-Match was refused as a whole.');
  const statuses = answer?.entry?.map((entry) => entry.response?.status ?? '?').join(', ') ?? 'none';
  return item(
    'atomic',
    title,
    'wrong',
    found.length > 0
      ? `The EHR applied part of a transaction whose other part failed (entry statuses: ${statuses}): it runs ` +
          'transactions as batches. Two patients could book one slot. Ask the EHR administrator to enable ' +
          `atomic transactions. (The probe left Appointment ${found[0]?.id ?? ''} marked entered-in-error.)`
      : `The EHR accepted a write with a stale If-Match (entry statuses: ${statuses}); it does not enforce ` +
          'versions, so two patients could book one slot.',
  );
}
