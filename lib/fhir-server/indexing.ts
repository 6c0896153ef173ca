/** Turns a resource into the rows of the search index tables, per its type's search parameters. */
import {
  INSTANT_SPAN_MS,
  SEARCH_PARAMETERS,
  type SandboxResourceType,
  type SearchParameterDefinition,
} from './search-parameters';
import { dateRange, isObject, normalizeText, parseReference, valuesAt, type Json, type JsonObject } from './values';

export interface IndexRows {
  token: { param: string; system: string | null; code: string }[];
  string: { param: string; normalized: string; exact: string }[];
  date: { param: string; low: Date; high: Date }[];
  reference: { param: string; targetType: string; targetId: string }[];
}

function tokenValues(value: Json, param: SearchParameterDefinition): { system: string | null; code: string }[] {
  if (typeof value === 'string') return [{ system: null, code: value }];
  if (typeof value === 'boolean') return [{ system: null, code: String(value) }];
  if (!isObject(value)) return [];
  if (Array.isArray(value.coding)) return value.coding.flatMap((coding) => tokenValues(coding, param));
  if (typeof value.code === 'string')
    return [{ system: typeof value.system === 'string' ? value.system : null, code: value.code }];
  if (typeof value.value === 'string') {
    // Identifier or ContactPoint.
    const isContactPoint = param.paths.includes('telecom');
    if (isContactPoint) {
      if (param.telecomSystem && value.system !== param.telecomSystem) return [];
      const digits = value.system === 'phone' ? value.value.replace(/[^\d+]/g, '') : null;
      const code = value.system === 'email' ? value.value.toLowerCase() : value.value;
      return [{ system: null, code }, ...(digits && digits !== code ? [{ system: null, code: digits }] : [])];
    }
    return [{ system: typeof value.system === 'string' ? value.system : null, code: value.value }];
  }
  return [];
}

function dateValues(value: Json): { low: Date; high: Date }[] {
  if (typeof value === 'string') {
    const range = dateRange(value);
    return range ? [range] : [];
  }
  if (isObject(value) && (typeof value.start === 'string' || typeof value.end === 'string')) {
    const start = typeof value.start === 'string' ? dateRange(value.start) : null;
    const end = typeof value.end === 'string' ? dateRange(value.end) : null;
    return [{ low: start?.low ?? new Date(-8.64e15), high: end?.high ?? new Date(8.64e15) }];
  }
  return [];
}

export function indexResource(type: SandboxResourceType, resource: JsonObject): IndexRows {
  const rows: IndexRows = { token: [], string: [], date: [], reference: [] };
  for (const param of SEARCH_PARAMETERS[type]) {
    const values = param.paths.flatMap((path) => valuesAt(resource, path));
    for (const value of values) {
      switch (param.kind) {
        case 'token':
          for (const token of tokenValues(value, param)) rows.token.push({ param: param.name, ...token });
          break;
        case 'string':
          if (typeof value === 'string' && value.trim())
            rows.string.push({ param: param.name, normalized: normalizeText(value), exact: value });
          break;
        case 'date':
          for (const range of dateValues(value))
            rows.date.push({
              param: param.name,
              low: range.low,
              high:
                param.instant && range.high.getTime() - range.low.getTime() > INSTANT_SPAN_MS
                  ? new Date(range.low.getTime() + INSTANT_SPAN_MS)
                  : range.high,
            });
          break;
        case 'reference': {
          const target =
            isObject(value) && typeof value.reference === 'string' ? parseReference(value.reference) : null;
          if (target && (!param.targetTypes || param.targetTypes.includes(target.type)))
            rows.reference.push({ param: param.name, targetType: target.type, targetId: target.id });
          break;
        }
      }
    }
  }
  return rows;
}
