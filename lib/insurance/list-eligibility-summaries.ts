/**
 * The latest eligibility results for a list of appointments and/or patients, for the front-desk board
 * and the appointment card: one query, keyed by appointment id and by patient id. For an appointment
 * without its own check, the patient's latest check (e.g. from saving coverage) stands in.
 */
import type { Database } from '@/lib/db/client';
import { toEligibilitySummary, type EligibilitySummary } from './eligibility-summary';

export interface EligibilitySummaries {
  byAppointment: Map<string, EligibilitySummary>;
  byPatient: Map<string, EligibilitySummary>;
  /** The appointment's own check, else its patient's latest. */
  forAppointment(appointment: { id: string; patientId: string | null }): EligibilitySummary | null;
}

export async function listEligibilitySummaries(
  database: Database,
  input: { tenantId: string; appointmentIds?: string[]; patientIds?: string[] },
): Promise<EligibilitySummaries> {
  const appointmentIds = [...new Set(input.appointmentIds ?? [])];
  const patientIds = [...new Set(input.patientIds ?? [])];
  const rows =
    appointmentIds.length + patientIds.length === 0
      ? []
      : await database.eligibilityCheck.findMany({
          where: {
            tenantId: input.tenantId,
            OR: [
              ...(appointmentIds.length ? [{ appointmentId: { in: appointmentIds } }] : []),
              ...(patientIds.length ? [{ patientId: { in: patientIds } }] : []),
            ],
          },
          orderBy: { checkedAt: 'desc' },
        });
  const byAppointment = new Map<string, EligibilitySummary>();
  const byPatient = new Map<string, EligibilitySummary>();
  for (const row of rows) {
    const summary = toEligibilitySummary(row);
    if (row.appointmentId && !byAppointment.has(row.appointmentId)) byAppointment.set(row.appointmentId, summary);
    if (!byPatient.has(row.patientId)) byPatient.set(row.patientId, summary);
  }
  return {
    byAppointment,
    byPatient,
    forAppointment: (appointment) =>
      byAppointment.get(appointment.id) ??
      (appointment.patientId ? (byPatient.get(appointment.patientId) ?? null) : null),
  };
}
