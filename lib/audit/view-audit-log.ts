/**
 * An administrator reads the clinic's audit log, a page at a time, with each patient named (name and
 * MRN read from the EHR now; the log itself keeps only the EHR id). The reading is audited, and so is
 * every patient shown (a `patient.read` each, as on the front-desk board). A patient may be looked up
 * by MRN as well as by id. When the EHR does not answer, the page still shows the events, with ids.
 */
import type { Database } from '@/lib/db/client';
import { log } from '@/lib/logger';
import { compactMrn } from '@/lib/scheduling/mrn';
import type { SchedulingProvider } from '@/lib/scheduling/provider';
import { listAuditPage, type AuditFilter, type AuditPage, type AuditRow } from './list-audit';
import { recordAudit, recordAudits, type RequestOrigin } from './record-audit';

export interface ViewAuditLogInput {
  tenantId: string;
  staff: { id: string; role: string };
  filter: AuditFilter;
  origin?: RequestOrigin | undefined;
}

/** Who a row's patient is: named from the EHR, not found there, or unknown because the EHR did not answer. */
export type AuditPatient =
  | { status: 'found'; id: string; name: string; mrn: string | null }
  | { status: 'not_in_ehr' | 'unavailable'; id: string };

export interface AuditLogView extends Omit<AuditPage, 'rows'> {
  rows: (AuditRow & { patient: AuditPatient | null })[];
}

/** An MRN typed with spaces or dashes (as printed on a card) is the same MRN. */
function mrnCandidate(value: string): string {
  return compactMrn(value);
}

export async function viewAuditLog(
  deps: { database: Database; provider: Pick<SchedulingProvider, 'getPatients' | 'findPatientByMrn'> },
  input: ViewAuditLogInput,
): Promise<AuditLogView> {
  let filter = input.filter;
  let ehrAnswered = true;
  if (filter.patientId) {
    const byMrn = await deps.provider.findPatientByMrn(mrnCandidate(filter.patientId)).catch((error: unknown) => {
      log().warn({ err: error }, 'the EHR did not answer an audit log patient lookup');
      ehrAnswered = false;
      return null;
    });
    if (byMrn) filter = { ...filter, patientId: byMrn.id };
  }
  const page = await listAuditPage(deps.database, input.tenantId, filter);
  const ids = [...new Set(page.rows.map((row) => row.patientId).filter((id): id is string => id !== null))];
  const patients =
    ids.length === 0 || !ehrAnswered
      ? []
      : await deps.provider.getPatients(ids).catch((error: unknown) => {
          log().warn({ err: error }, 'the EHR did not answer while naming audit log patients');
          ehrAnswered = false;
          return [];
        });
  const named = new Map(patients.map((patient) => [patient.id, patient]));
  const actor = { type: 'staff' as const, id: input.staff.id, role: input.staff.role };
  await recordAudit(deps.database, {
    tenantId: input.tenantId,
    actor,
    action: 'audit.read',
    outcome: 'success',
    ...(input.origin ? { origin: input.origin } : {}),
    detail: { rows: page.rows.length },
  });
  await recordAudits(
    deps.database,
    [...named.keys()].map((patientId) => ({
      tenantId: input.tenantId,
      actor,
      action: 'patient.read',
      outcome: 'success',
      patientId,
      ...(input.origin ? { origin: input.origin } : {}),
      detail: { view: 'audit_log' },
    })),
  );
  const patientOf = (id: string | null): AuditPatient | null => {
    if (!id) return null;
    const patient = named.get(id);
    if (patient) return { status: 'found', id, name: patient.name.display, mrn: patient.mrn };
    return { status: ehrAnswered ? 'not_in_ehr' : 'unavailable', id };
  };
  return { ...page, rows: page.rows.map((row) => ({ ...row, patient: patientOf(row.patientId) })) };
}
