/** Which of a patient's contact points gets a notice (appointment notices, arrivals, welcomes). */
import type { PatientSummary } from '@/lib/scheduling/types';

/** Where a notice goes: the preferred kind of contact point when it is on file, else a phone, else an email. */
export function noticeContact(
  patient: PatientSummary,
  preferred?: 'sms' | 'email' | null,
): { channel: 'sms' | 'email'; to: string } | null {
  const phone = patient.contacts.find((contact) => contact.kind === 'phone');
  const email = patient.contacts.find((contact) => contact.kind === 'email');
  if (preferred === 'email' && email) return { channel: 'email', to: email.value };
  if (phone) return { channel: 'sms', to: phone.value };
  return email ? { channel: 'email', to: email.value } : null;
}
