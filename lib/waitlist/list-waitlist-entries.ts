/**
 * The waitlist entries of an account (the person's own and their dependents'), still waiting, newest
 * first, named in the patient's words: who, which visit type, from when to when, with whom, and the
 * visit it would move. Audited as a read (`waitlist.list`).
 */
import { recordAudit } from '@/lib/audit/record-audit';
import type { PatientActor } from '@/lib/booking/booking-deps';
import { serviceDisplayName } from '@/lib/booking/service-name';
import type { Database } from '@/lib/db/client';
import { clinicCatalogue } from '@/lib/scheduling/clinic-catalogue';
import type { SchedulingProvider } from '@/lib/scheduling/provider';

export interface WaitlistEntryView {
  id: string;
  patientName: string;
  serviceName: string;
  /** ISO instants of the range: for an earlier time, from now to the booked visit. */
  earliest: string;
  latest: string;
  practitionerName: string | null;
  locationNames: string[];
  /** The visit an offer would move earlier (null: a new booking). */
  appointmentId: string | null;
}

export async function listWaitlistEntries(
  deps: { database: Database; provider: SchedulingProvider },
  actor: Pick<PatientActor, 'tenant' | 'accountId' | 'locale' | 'origin'>,
): Promise<WaitlistEntryView[]> {
  const { tenant } = actor;
  const entries = await deps.database.waitlistEntry.findMany({
    where: { tenantId: tenant.id, accountId: actor.accountId, status: 'active' },
    orderBy: { createdAt: 'desc' },
    take: 50,
  });
  if (entries.length === 0) return [];
  const { locations, services, practitioners } = await clinicCatalogue(deps.provider, tenant.id);
  const patientIds = [...new Set(entries.map((entry) => entry.patientId))];
  const people = new Map(
    await Promise.all(
      patientIds.map(async (id) => [id, await deps.provider.getPatient(id).catch(() => null)] as const),
    ),
  );
  await recordAudit(deps.database, {
    tenantId: tenant.id,
    actor: { type: 'patient', id: actor.accountId },
    action: 'waitlist.list',
    outcome: 'success',
    origin: actor.origin,
    detail: { entries: entries.length },
  });
  return entries.map((entry) => ({
    id: entry.id,
    patientName: people.get(entry.patientId)?.name.display ?? '',
    serviceName: serviceDisplayName(tenant, actor.locale, entry.serviceCode, services) ?? entry.serviceCode,
    earliest: entry.earliest.toISOString(),
    latest: entry.latest.toISOString(),
    practitionerName: practitioners.find((item) => item.id === entry.practitionerId)?.displayName ?? null,
    locationNames: entry.locationIds
      .map((id) => locations.find((location) => location.id === id)?.name)
      .filter((name): name is string => Boolean(name)),
    appointmentId: entry.appointmentId,
  }));
}

/** Whether this account already waits for an earlier time for that visit (the visit's page then says so). */
export async function waitsForEarlierTime(
  database: Database,
  input: { tenantId: string; accountId: string; appointmentId: string },
): Promise<boolean> {
  const count = await database.waitlistEntry.count({ where: { ...input, status: 'active' } });
  return count > 0;
}
