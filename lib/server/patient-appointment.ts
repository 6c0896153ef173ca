/**
 * One appointment for a patient page: the signed-in patient's own or their dependent's (read and
 * audited by getAppointmentView), or the page's 404 for anything else.
 */
import { notFound } from 'next/navigation';
import { getAppointmentView, type AppointmentDetails } from '@/lib/booking/get-appointment-view';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import type { PatientPageContext } from './context';

export async function patientAppointmentOr404(
  context: PatientPageContext,
  appointmentId: string,
  locale: Locale,
): Promise<AppointmentDetails> {
  const { tenant, session, actor, deps } = context;
  return getAppointmentView(deps, {
    tenant,
    accountId: session.accountId,
    patientId: session.patientId,
    appointmentId,
    origin: actor.origin,
    locale,
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
}
