import { AppError } from '@/lib/errors';
import { isLinkLocalOrMetadataHost } from '@/lib/net/addresses';
import type { Database } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { encryptSecrets } from '@/lib/security/secrets';
import { tenantFromRow, type Tenant } from './tenant';
import { newTenantSchema, type NewTenant } from './tenant-settings';

function describeIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): Record<string, string> {
  return Object.fromEntries(error.issues.map((issue) => [issue.path.map(String).join('.') || 'tenant', issue.message]));
}

/** The URLs the server itself will call for this clinic (FHIR base, SMART token endpoint). */
function endpointIssues(parsed: ReturnType<typeof newTenantSchema.parse>): { path: string[]; message: string }[] {
  const endpoints: [string[], string][] = [[['fhirBaseUrl'], parsed.fhirBaseUrl]];
  if ('tokenUrl' in parsed.fhirAuth) endpoints.push([['fhirAuth', 'tokenUrl'], parsed.fhirAuth.tokenUrl]);
  return endpoints
    .filter(([, url]) => isLinkLocalOrMetadataHost(new URL(url).hostname))
    .map(([path]) => ({
      path,
      message: 'is a link-local or cloud metadata address (169.254.0.0/16, fe80::/10, ...); refused unless allowed',
    }));
}

export interface CreateTenantOptions {
  /** Accept link-local / metadata endpoints (an EHR really reachable only there); off by default. */
  allowLinkLocalEndpoints?: boolean;
}

/**
 * Onboards a clinic: validates its settings and stores it, credentials encrypted (SECRETS_KEY). Takes
 * effect immediately on every running replica (tenants are read per request). Throws `invalid_input`
 * with field details, or `conflict` when the slug is taken. Endpoints on link-local or cloud metadata
 * addresses are refused unless `allowLinkLocalEndpoints`.
 */
export async function createTenant(
  database: Database,
  input: NewTenant,
  options: CreateTenantOptions = {},
): Promise<Tenant> {
  const checked = newTenantSchema.safeParse(input);
  const parsed =
    checked.success && !options.allowLinkLocalEndpoints && endpointIssues(checked.data).length > 0
      ? { success: false as const, error: { issues: endpointIssues(checked.data) } }
      : checked;
  if (!parsed.success) {
    const details = describeIssues(parsed.error);
    throw new AppError('invalid_input', 'clinic.settingsInvalid', {
      params: {
        problems: Object.entries(details)
          .map(([key, message]) => `${key} ${message}`)
          .join('; '),
      },
      details,
    });
  }
  try {
    const { fhirAuth, insuranceSettings } = parsed.data;
    const row = await database.tenant.create({
      data: {
        ...parsed.data,
        fhirAuth: encryptSecrets(fhirAuth),
        insuranceSettings: encryptSecrets(insuranceSettings),
      },
    });
    return tenantFromRow(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', 'clinic.slugTaken', { params: { slug: parsed.data.slug }, cause: error });
    }
    throw error;
  }
}
