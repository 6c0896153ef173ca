/** The CapabilityStatement, generated from what is implemented (https://hl7.org/fhir/R4/capabilitystatement.html). */
import type { CapabilityStatement } from 'fhir/r4';
import packageJson from '@/package.json';
import { ELIGIBILITY_RULES } from './eligibility';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  RESOURCE_TYPES,
  SEARCH_PARAMETERS,
  SUPPORTED_INCLUDES,
  sortKeys,
} from './search-parameters';

export function capabilityStatement(baseUrl: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-24',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    software: { name: 'fhir-scheduling embedded sandbox', version: packageJson.version },
    implementation: {
      description: `Embedded FHIR R4 sandbox. Search pages default to ${DEFAULT_PAGE_SIZE} entries, at most ${MAX_PAGE_SIZE} (_count); follow the next link to page.`,
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
          versioning: 'versioned',
          readHistory: true,
          updateCreate: false,
          conditionalCreate: true,
          conditionalUpdate: false,
          conditionalDelete: 'not-supported',
          interaction: (
            ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'] as const
          ).map((code) => ({ code })),
          searchInclude: SUPPORTED_INCLUDES[type] ?? [],
          searchParam: [
            { name: '_id', type: 'token' },
            { name: '_lastUpdated', type: 'date' },
            ...SEARCH_PARAMETERS[type].map((param) => ({
              name: param.name,
              type: param.kind,
              documentation: `${param.documentation}${param.chains ? ` (chains: ${param.chains.map((chain) => `${param.name}.${chain}`).join(', ')})` : ''}`,
            })),
          ],
          extension: [
            {
              url: 'https://fhir-scheduling.example/StructureDefinition/sort-keys',
              valueString: sortKeys(type).join(','),
            },
          ],
        })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
      },
    ],
  };
}
