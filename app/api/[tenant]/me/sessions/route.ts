import { recordAudit, requestOriginFrom } from '@/lib/audit/record-audit';
import { requirePatientSession } from '@/lib/auth/get-session';
import { db } from '@/lib/db/client';
import { defineRoute } from '@/lib/http/route';
import { revokePatientSessions } from '@/lib/identity/patient/patient-account';

export const dynamic = 'force-dynamic';

/** "Log out everywhere": every session of this patient account stops working at once. */
export const DELETE = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const session = await requirePatientSession(params.tenant);
  await revokePatientSessions(db(), session.accountId);
  await recordAudit(db(), {
    tenantId: session.tenantId,
    actor: { type: 'patient', id: session.accountId },
    action: 'patient.logout_everywhere',
    outcome: 'success',
    patientId: session.patientId,
    origin: requestOriginFrom(request.headers),
  });
  return new Response(null, { status: 204 });
});
