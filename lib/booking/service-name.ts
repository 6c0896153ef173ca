/**
 * A visit type as the patient reads it: the clinic's own name for it in the patient's language
 * (`bookingRules.serviceNames`), else the EHR's name, else the code.
 */
import type { Locale } from '@/lib/i18n/locales';
import type { Service } from '@/lib/scheduling/types';
import type { Tenant } from '@/lib/tenancy/tenant';

export function serviceDisplayName(
  tenant: Pick<Tenant, 'bookingRules'>,
  locale: Locale,
  code: string | null,
  services: Service[] = [],
): string | null {
  if (!code) return null;
  return (
    tenant.bookingRules.serviceNames[code]?.[locale] ??
    services.find((service) => service.code === code)?.display ??
    code
  );
}

/** The clinic's services with their names in the patient's language. */
export function localizedServices(
  tenant: Pick<Tenant, 'bookingRules'>,
  locale: Locale,
  services: Service[],
): Service[] {
  return services.map((service) => ({
    code: service.code,
    display: tenant.bookingRules.serviceNames[service.code]?.[locale] ?? service.display,
  }));
}

/** The clinic's reasons for a visit type in the patient's language (English where it gives no other). */
export function visitReasonChoices(
  tenant: Pick<Tenant, 'bookingRules'>,
  locale: Locale,
  code: string | null,
): string[] {
  return (code ? (tenant.bookingRules.visitReasons[code] ?? []) : []).map((reason) => reason[locale] ?? reason.en);
}

/** "Book again": the booking page with the same person, visit type and (when known) clinician chosen. */
export function bookAgainPath(
  tenantSlug: string,
  input: { forIndex: number; serviceCode: string | null; practitionerId?: string | null },
): string {
  const query = new URLSearchParams({
    ...(input.forIndex > 0 ? { for: String(input.forIndex) } : {}),
    ...(input.serviceCode ? { service: input.serviceCode } : {}),
    ...(input.serviceCode && input.practitionerId ? { practitioner: input.practitionerId } : {}),
  }).toString();
  return `/${tenantSlug}/book${query ? `?${query}` : ''}`;
}
