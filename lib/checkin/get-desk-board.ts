/**
 * Today's appointments at the clerk's locations (all locations for staff without a restriction), in
 * each location's local day, with who (name, MRN, age, phone), visit type, practitioner, status and how
 * they checked in. Patients' names come from the EHR now (no copy is kept); every patient shown is
 * audited as a staff read.
 */
import { recordAudits } from '@/lib/audit/record-audit';
import { localizedServices } from '@/lib/booking/service-name';
import { MESSAGES } from '@/lib/i18n/messages';
import { listEligibilitySummaries } from '@/lib/insurance/list-eligibility-summaries';
import { latestDeskEventId } from '@/lib/realtime/desk-events';
import type { PatientSummary } from '@/lib/scheduling/types';
import { addDays, zonedTimeToInstant } from '@/lib/time/zoned';
import { formatLocalTime } from '@/lib/time/format';
import type { CheckInDeps, StaffActor } from './check-in-deps';
import { effectiveCheckInSettings } from './effective-settings';
import { boardAge, type DeskBoardData, type DeskBoardLocation } from './desk-board';
import { localDate } from '@/lib/time/zoned';
import { mayWorkAt } from './update-desk-status';

export async function getDeskBoard(
  deps: Pick<CheckInDeps, 'database' | 'provider' | 'now'>,
  actor: StaffActor,
): Promise<DeskBoardData> {
  const now = deps.now?.() ?? new Date();
  // Read the feed position first: anything that happens while the board loads is replayed after it.
  const lastEventId = (await latestDeskEventId(deps.database, actor.tenant.id)).toString();
  const [locations, practitioners, services] = await Promise.all([
    deps.provider.listLocations(),
    deps.provider.listPractitioners(),
    deps.provider.listServices(),
  ]);
  // The clinic's own names for its visit types in the clerk's language, as patients read them.
  const visitTypes = new Map(
    localizedServices(actor.tenant, actor.locale, services).map((service) => [service.code, service]),
  );
  const mine = locations.filter((location) => mayWorkAt(actor, location.id));
  const clinicians = new Map(practitioners.map((practitioner) => [practitioner.id, practitioner.displayName]));
  const today = localDate(now, actor.tenant.timeZone);

  const perLocation = await Promise.all(
    mine.map(async (location) => {
      const zone = effectiveCheckInSettings(actor.tenant, location.id).timeZone;
      const day = localDate(now, zone);
      const appointments = await deps.provider.listLocationAppointments({
        locationId: location.id,
        from: zonedTimeToInstant(day, 0, 0, zone).toISOString(),
        to: zonedTimeToInstant(addDays(day, 1), 0, 0, zone).toISOString(),
      });
      return {
        location,
        zone,
        day,
        appointments: appointments.filter((appointment) => appointment.status !== 'entered-in-error'),
      };
    }),
  );

  const patientIds = [
    ...new Set(
      perLocation
        .flatMap((entry) => entry.appointments.map((appointment) => appointment.patientId))
        .filter((id): id is string => id !== null),
    ),
  ];
  const patients = new Map<string, PatientSummary>(
    (await deps.provider.getPatients(patientIds)).map((patient) => [patient.id, patient]),
  );
  const appointmentIds = perLocation.flatMap((entry) => entry.appointments.map((appointment) => appointment.id));
  const checkIns = new Map(
    (
      await deps.database.checkIn.findMany({
        where: { tenantId: actor.tenant.id, appointmentId: { in: appointmentIds } },
      })
    ).map((row) => [
      row.appointmentId,
      { method: row.method as 'geofence' | 'qr' | 'desk', at: row.createdAt.toISOString() },
    ]),
  );
  const eligibility = await listEligibilitySummaries(deps.database, {
    tenantId: actor.tenant.id,
    appointmentIds,
    patientIds,
  });
  await recordAudits(
    deps.database,
    [...patients.keys()].map((patientId) => ({
      tenantId: actor.tenant.id,
      actor: { type: 'staff', id: actor.staffId, role: actor.role },
      action: 'patient.read',
      outcome: 'success',
      patientId,
      origin: actor.origin,
      detail: { view: 'desk_board' },
    })),
  );

  const unknownPatient = MESSAGES[actor.locale].board.unknownPatient;
  const boardLocations: DeskBoardLocation[] = perLocation.map(({ location, zone, day, appointments }) => ({
    id: location.id,
    name: location.name,
    rows: appointments.map((appointment) => {
      const patient = appointment.patientId ? patients.get(appointment.patientId) : undefined;
      return {
        appointmentId: appointment.id,
        locationId: location.id,
        start: appointment.start,
        end: appointment.end,
        timeLabel: formatLocalTime(appointment.start, zone, actor.locale),
        patientName: patient?.name.display ?? unknownPatient,
        mrn: patient?.mrn ?? null,
        age: boardAge(patient?.birthDate ?? null, day),
        phone: patient?.contacts.find((contact) => contact.kind === 'phone')?.value ?? null,
        visitType: appointment.serviceCode
          ? (visitTypes.get(appointment.serviceCode) ?? {
              code: appointment.serviceCode,
              display: appointment.serviceCode,
            })
          : null,
        practitionerName: appointment.practitionerId ? (clinicians.get(appointment.practitionerId) ?? null) : null,
        visitReason: appointment.reason,
        status: appointment.status,
        checkIn: checkIns.get(appointment.id) ?? null,
        eligibility: eligibility.forAppointment(appointment)?.status ?? null,
        confirmed: Boolean(appointment.confirmedAt),
      };
    }),
  }));
  return { date: today, timeZone: actor.tenant.timeZone, lastEventId, locations: boardLocations };
}
