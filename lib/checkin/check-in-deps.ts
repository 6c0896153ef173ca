/** What the check-in use-cases depend on, and who acts at the front desk. */
import type { RequestOrigin } from '@/lib/audit/record-audit';
import type { BookingDeps } from '@/lib/booking/booking-deps';
import type { Locale } from '@/lib/i18n/locales';
import type { StaffRole } from '@/lib/identity/staff/staff-user';
import type { Tenant } from '@/lib/tenancy/tenant';

export type CheckInDeps = BookingDeps;
export type CheckInMethod = 'geofence' | 'qr' | 'desk';

/** A signed-in front-desk clerk or administrator; `locationIds` empty means every location. */
export interface StaffActor {
  tenant: Tenant;
  staffId: string;
  role: StaffRole;
  locationIds: string[];
  locale: Locale;
  origin: RequestOrigin;
}
