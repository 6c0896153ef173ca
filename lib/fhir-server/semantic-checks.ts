/**
 * Checks the structural validator leaves out, walked by the R4 element types (not by field names):
 * - date, dateTime and instant values must be real calendar moments (`2026-02-30` matches the
 *   regular expression of `date` but is no day);
 * - a Period ends at or after its start (invariant per-1), and an Appointment or a Slot ends after it
 *   starts (https://hl7.org/fhir/R4/appointment.html, slot.html);
 * - searchable values (names, identifiers, codes) stay within {@link MAX_INDEXED_VALUE_BYTES}, so the
 *   search index can hold them.
 */
import { tryGetDataType, type InternalSchemaElement, type InternalTypeSchema } from '@medplum/core';
import type { OperationOutcomeIssue } from 'fhir/r4';
import { indexResource } from './indexing';
import { MAX_INDEXED_VALUE_BYTES } from './limits';
import { isSupportedType } from './search-parameters';
import { dateRange, describe, isObject, type Json, type JsonObject } from './values';

const TEMPORAL_TYPES = new Set(['date', 'dateTime', 'instant']);

function issue(code: OperationOutcomeIssue['code'], diagnostics: string, expression: string): OperationOutcomeIssue {
  return { severity: 'error', code, diagnostics, expression: [expression] };
}

/** The element a JSON key stands for, with the type it carries (choice types: `deceasedDateTime`). */
function elementFor(
  schema: InternalTypeSchema,
  key: string,
): { element: InternalSchemaElement; typeCode: string } | null {
  const direct = schema.elements[key];
  if (direct)
    return direct.type.length === 1 && direct.type[0] ? { element: direct, typeCode: direct.type[0].code } : null;
  for (const [name, element] of Object.entries(schema.elements)) {
    if (!name.endsWith('[x]')) continue;
    const base = name.slice(0, -3);
    if (!key.startsWith(base)) continue;
    const suffix = key.slice(base.length);
    const type = element.type.find((candidate) => candidate.code.toLowerCase() === suffix.toLowerCase());
    if (type) return { element, typeCode: type.code };
  }
  return null;
}

function checkPeriod(value: JsonObject, path: string, strictlyAfter: boolean, issues: OperationOutcomeIssue[]): void {
  if (typeof value.start !== 'string' || typeof value.end !== 'string') return;
  const start = dateRange(value.start);
  const end = dateRange(value.end);
  if (!start || !end) return; // Reported as impossible dates.
  const wrong = strictlyAfter ? end.low.getTime() <= start.low.getTime() : end.high.getTime() <= start.low.getTime();
  if (wrong)
    issues.push(
      issue(
        'invariant',
        `end (${value.end}) must be ${strictlyAfter ? 'after' : 'at or after'} start (${value.start})`,
        `${path}.end`,
      ),
    );
}

function walk(value: Json, schema: InternalTypeSchema, path: string, issues: OperationOutcomeIssue[]): void {
  if (!isObject(value)) return;
  if (schema.type === 'Period') checkPeriod(value, path, false, issues);
  for (const [key, child] of Object.entries(value)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const found = elementFor(schema, key);
    if (!found) continue;
    const items = Array.isArray(child) ? child : [child];
    items.forEach((item, index) => {
      const itemPath = Array.isArray(child) ? `${path}.${key}[${index}]` : `${path}.${key}`;
      if (TEMPORAL_TYPES.has(found.typeCode)) {
        if (typeof item === 'string' && !dateRange(item))
          issues.push(issue('value', `${JSON.stringify(item)} is not a real ${found.typeCode}`, itemPath));
        return;
      }
      if (found.typeCode === 'Resource' && isObject(item) && typeof item.resourceType === 'string') {
        const contained = tryGetDataType(item.resourceType);
        if (contained) walk(item, contained, itemPath, issues);
        return;
      }
      const inner = tryGetDataType(found.typeCode);
      if (inner && inner.kind !== 'primitive-type') walk(item, inner, itemPath, issues);
    });
  }
}

function checkIndexedSizes(type: string, resource: JsonObject, issues: OperationOutcomeIssue[]): void {
  if (!isSupportedType(type)) return;
  const rows = indexResource(type, resource);
  const values = [
    ...rows.string.map((row) => ({ param: row.param, value: row.exact })),
    ...rows.token.flatMap((row) => [
      { param: row.param, value: row.code },
      { param: row.param, value: row.system ?? '' },
    ]),
  ];
  const reported = new Set<string>();
  for (const { param, value } of values) {
    if (Buffer.byteLength(value, 'utf8') <= MAX_INDEXED_VALUE_BYTES || reported.has(param)) continue;
    reported.add(param);
    issues.push(
      issue(
        'too-long',
        `A value of the search parameter "${param}" is longer than ${MAX_INDEXED_VALUE_BYTES} bytes`,
        `${type}.${param}`,
      ),
    );
  }
}

/** The issues of a resource that is structurally valid; empty when it is sound. */
export function semanticIssues(resource: JsonObject): OperationOutcomeIssue[] {
  const type = describe(resource.resourceType);
  const schema = tryGetDataType(type);
  if (!schema) return [];
  const issues: OperationOutcomeIssue[] = [];
  walk(resource, schema, type, issues);
  if (type === 'Appointment' || type === 'Slot') checkPeriod(resource, type, true, issues);
  checkIndexedSizes(type, resource, issues);
  return issues;
}
