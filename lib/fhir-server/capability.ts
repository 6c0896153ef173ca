/** The CapabilityStatement, generated from what is implemented (https://hl7.org/fhir/R4/capabilitystatement.html). */
import type { CapabilityStatement } from 'fhir/r4';
import packageJson from '@/package.json';
import { ELIGIBILITY_RULES } from './eligibility';
import { limitsDescription } from './limits';
import { offersSchedulingOperations, type PartitionBehaviour } from './profile';
import { SCHEDULING_OPERATIONS, schedulingOperationUrl } from './scheduling-operations';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  RESOURCE_TYPES,
  SEARCH_PARAMETERS,
  SUPPORTED_INCLUDES,
  sortKeys,
} from './search-parameters';

const PROFILE_DESCRIPTIONS: Record<PartitionBehaviour['profile'], string> = {
  lenient:
    'Profile lenient: unknown search parameters are ignored (400 with Prefer: handling=strict); reference ' +
    'search values may be Type/id or a bare id; Bundle.total is always stated; version ids are numbers; ' +
    'system and type history are offered; token scopes are echoed and not enforced.',
  strict:
    'Profile strict: unknown search parameters are refused (400); reference search values must be Type/id; ' +
    'Bundle.total is stated only with _total=accurate; version ids are opaque strings; there is no system ' +
    'or type history (instance history only); tokens carry only the requested scopes the client is ' +
    'registered for (SMART v1 or v2 syntax) and, per resource type, only the first matching scope counts.',
};

const SUBSCRIPTION_RULES =
  'Channel rest-hook only, notifications without payload (an empty POST with channel.header; read the ' +
  'changes with _lastUpdated and _sort=_lastUpdated). criteria: a search on one type with its declared ' +
  'parameters; the server sets status active. Sorting by _lastUpdated alone pages by keyset (stable while ' +
  'resources change).';

const SCHEDULING_DESCRIPTIONS: Record<PartitionBehaviour['scheduling'], string> = {
  'slot-writes': 'Booking: clients write Slot and Appointment (a transaction Bundle with If-Match).',
  operations:
    'Booking: IHE ITI Scheduling operations Appointment/$find, $hold (holds expire; the slot is then free) and ' +
    '$book (atomic; also modifies and cancels; 409 when the time is taken), or writing Slot and Appointment.',
  'operations-only':
    'Booking: only by the IHE ITI Scheduling operations Appointment/$find, $hold and $book; clients cannot ' +
    'write Slot (405).',
};

const INSTANCE_AND_TYPE_INTERACTIONS = [
  'read',
  'vread',
  'update',
  'delete',
  'history-instance',
  'history-type',
  'create',
  'search-type',
] as const;

export function capabilityStatement(baseUrl: string, behaviour: PartitionBehaviour): CapabilityStatement {
  const strict = behaviour.profile === 'strict';
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-24',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    software: { name: 'fhir-scheduling embedded sandbox', version: packageJson.version },
    implementation: {
      description:
        `Embedded FHIR R4 sandbox. Search pages default to ${DEFAULT_PAGE_SIZE} entries, at most ` +
        `${MAX_PAGE_SIZE} (_count); follow the next link to page. ${PROFILE_DESCRIPTIONS[behaviour.profile]} ` +
        `${SCHEDULING_DESCRIPTIONS[behaviour.scheduling]} ` +
        `Writes take application/fhir+json or application/json (else 415). ${limitsDescription()}`,
      url: baseUrl,
    },
    rest: [
      {
        mode: 'server',
        security: {
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
              ],
            },
          ],
          description:
            'Bearer tokens from the client-credentials token endpoint (see .well-known/smart-configuration).',
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: `${baseUrl}/auth/token` }],
            },
          ],
        },
        resource: RESOURCE_TYPES.map((type) => ({
          type,
          ...(type === 'CoverageEligibilityRequest' || type === 'CoverageEligibilityResponse'
            ? { documentation: ELIGIBILITY_RULES }
            : {}),
          ...(type === 'Subscription' ? { documentation: SUBSCRIPTION_RULES } : {}),
          versioning: 'versioned',
          readHistory: true,
          updateCreate: false,
          conditionalCreate: true,
          conditionalUpdate: false,
          conditionalDelete: 'not-supported',
          interaction: INSTANCE_AND_TYPE_INTERACTIONS.filter((code) => !strict || code !== 'history-type')
            .filter(
              (code) =>
                !(
                  type === 'Slot' &&
                  behaviour.scheduling === 'operations-only' &&
                  (code === 'create' || code === 'update' || code === 'delete')
                ),
            )
            .map((code) => ({ code })),
          ...(type === 'Appointment' && offersSchedulingOperations(behaviour)
            ? {
                operation: SCHEDULING_OPERATIONS.map((name) => ({
                  name,
                  definition: schedulingOperationUrl(name),
                })),
              }
            : {}),
          searchInclude: SUPPORTED_INCLUDES[type] ?? [],
          searchParam: [
            { name: '_id', type: 'token' },
            { name: '_lastUpdated', type: 'date' },
            ...SEARCH_PARAMETERS[type].map((param) => ({
              name: param.name,
              type: param.kind,
              documentation: param.chains
                ? `${param.documentation} (chains: ${param.chains.map((chain) => `${param.name}.${chain}`).join(', ')})`
                : param.documentation,
            })),
          ],
          extension: [
            {
              url: 'https://fhir-scheduling.example/StructureDefinition/sort-keys',
              valueString: sortKeys(type).join(','),
            },
          ],
        })),
        interaction: [
          { code: 'transaction' },
          { code: 'batch' },
          ...(strict ? [] : [{ code: 'history-system' as const }]),
        ],
      },
    ],
  };
}
