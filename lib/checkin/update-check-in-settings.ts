/**
 * An administrator changes the clinic's check-in rules (radius, window, accuracy cap), clinic-wide and
 * per location. Audited.
 */
import { recordAudit } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/client';
import { AppError, fieldProblems } from '@/lib/errors';
import { checkInSettingsSchema, type CheckInSettings } from '@/lib/tenancy/tenant-settings';
import type { StaffActor } from './check-in-deps';

export async function updateCheckInSettings(
  database: Database,
  actor: StaffActor,
  input: unknown,
): Promise<CheckInSettings> {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'staff.adminChangesCheckInSettings');
  const parsed = checkInSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const details = fieldProblems(parsed.error.issues, input, 'settings');
    throw new AppError('invalid_input', 'staff.checkInSettingsInvalid', { details });
  }
  const locations = Object.fromEntries(
    Object.entries(parsed.data.locations ?? {}).filter(([, override]) =>
      Object.values(override).some((value) => value !== undefined),
    ),
  );
  const settings: CheckInSettings = {
    ...parsed.data,
    ...(Object.keys(locations).length > 0 ? { locations } : { locations: undefined }),
  };
  await database.tenant.update({
    where: { id: actor.tenant.id },
    data: { checkInSettings: JSON.parse(JSON.stringify(settings)) as object },
  });
  await recordAudit(database, {
    tenantId: actor.tenant.id,
    actor: { type: 'staff', id: actor.staffId, role: actor.role },
    action: 'checkin.settings_update',
    outcome: 'success',
    origin: actor.origin,
    detail: {
      radiusMeters: settings.radiusMeters,
      accuracyCapMeters: settings.accuracyCapMeters,
      windowBeforeMinutes: settings.windowBeforeMinutes,
      windowAfterMinutes: settings.windowAfterMinutes,
      locationOverrides: Object.keys(locations).length,
    },
  });
  return settings;
}
