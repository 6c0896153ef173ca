/**
 * How the FHIR adapter books at a clinic: by writing Slot and Appointment in a transaction Bundle
 * (`slot-transactions`, DESIGN.md's FHIR conventions), or by the IHE ITI Scheduling operations
 * (`operations`: `Appointment/$find`, `$hold`, `$book`; https://profiles.ihe.net/ITI/Scheduling/).
 * A clinic's `providerSettings.bookingMode` chooses; `auto` (the default) takes the operations when the
 * server's CapabilityStatement declares `$find` and `$book` on Appointment, else the slot transactions.
 */
import type { CapabilityStatement } from 'fhir/r4';
import type { ProviderSettings } from '@/lib/tenancy/tenant-settings';
import { checkText, type ConnectionCheckDetail, type ConnectionCheckText } from '@/lib/i18n/ehr-check-text';

export type BookingMode = 'slot-transactions' | 'operations';

export interface BookingModeChoice {
  mode: BookingMode;
  /** Whether the clinic's setting chose it (else the CapabilityStatement did). */
  configured: boolean;
  /** The scheduling operations the server declares on Appointment (`find`, `hold`, `book`). */
  declared: string[];
}

/** The scheduling operations a CapabilityStatement declares on Appointment. */
export function declaredSchedulingOperations(statement: CapabilityStatement | null): string[] {
  const appointment = statement?.rest
    ?.find((rest) => rest.mode === 'server')
    ?.resource?.find((resource) => resource.type === 'Appointment');
  return (appointment?.operation ?? [])
    .map((operation) => operation.name.replace(/^\$/, ''))
    .filter((name) => name === 'find' || name === 'hold' || name === 'book');
}

export function chooseBookingMode(
  settings: Pick<ProviderSettings, 'bookingMode'>,
  declared: string[],
): BookingModeChoice {
  if (settings.bookingMode !== 'auto') return { mode: settings.bookingMode, configured: true, declared };
  const operations = declared.includes('find') && declared.includes('book');
  return { mode: operations ? 'operations' : 'slot-transactions', configured: false, declared };
}

/** How and why, for the connection check (`tenant:check` and the EHR page). */
export function describeBookingMode(choice: BookingModeChoice): ConnectionCheckText<ConnectionCheckDetail>[] {
  const how =
    choice.mode === 'operations'
      ? checkText('booksByOperations', {
          operations: { list: ['$find', ...(choice.declared.includes('hold') ? ['$hold'] : []), '$book'] },
        })
      : checkText('booksBySlotTransactions');
  const why = choice.configured
    ? checkText('modeSetByClinic')
    : choice.declared.length > 0
      ? checkText('modeChosenFromCapabilities', { operations: { list: choice.declared } })
      : checkText('modeChosenWithoutOperations');
  return [how, why];
}
