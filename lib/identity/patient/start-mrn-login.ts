/** MRN sign-in, step 1: MRN + birth date in, a login id and masked contact points out (decoys on a mismatch). */
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Tenant } from '@/lib/tenancy/tenant';
import { openChallenge } from './one-time-code';
import {
  decoyContacts,
  limit,
  LOGIN_FAILURES_PER_MRN,
  LOGIN_FAILURES_PER_MRN_AND_SOURCE,
  LOGIN_PER_IP,
  sourceOf,
  settleSuccess,
  takeAttempts,
  type FailureCount,
  type LoginDeps,
  type LoginPayload,
  type MaskedContact,
} from './mrn-login';

/** Step 1: MRN + birth date. Always answers with a login id and masked contact points. */
export async function startMrnLogin(
  deps: LoginDeps,
  input: { tenant: Tenant; mrn: string; birthDate: string; origin: RequestOrigin },
): Promise<{ loginId: string; contacts: MaskedContact[] }> {
  const { database, provider } = deps;
  const mrn = input.mrn.toUpperCase();
  const bySource: FailureCount = [LOGIN_FAILURES_PER_MRN_AND_SOURCE, `${mrn}|${sourceOf(input.origin)}`];
  const failures: FailureCount[] = [bySource, [LOGIN_FAILURES_PER_MRN, mrn]];
  await limit(database, LOGIN_PER_IP, input.tenant, sourceOf(input.origin), input.origin);
  await takeAttempts(database, failures, input.tenant, input.origin, 'patient.login');
  const patient = await provider.findPatientByMrn(input.mrn);
  const matched = patient !== null && patient.birthDate === input.birthDate && patient.contacts.length > 0;
  if (!matched) {
    const contacts = decoyContacts(deps.secret, input.tenant.id, input.mrn.toUpperCase(), input.birthDate);
    const loginId = await openChallenge(database, {
      tenantId: input.tenant.id,
      purpose: 'login',
      subject: 'decoy',
      payload: { contacts: contacts.map((contact) => ({ ...contact, value: '' })), email: null } satisfies LoginPayload,
    });
    await recordAudit(database, {
      tenantId: input.tenant.id,
      actor: { type: 'anonymous' },
      action: 'patient.login.start',
      outcome: 'failure',
      origin: input.origin,
      detail: {
        reason: patient ? (patient.contacts.length === 0 ? 'no_contact_points' : 'birth_date_mismatch') : 'unknown_mrn',
      },
      ...(patient ? { patientId: patient.id } : {}),
    });
    return { loginId, contacts };
  }
  await settleSuccess(database, { clear: [bySource], forgive: [[LOGIN_FAILURES_PER_MRN, mrn]] }, input.tenant.id);
  // Always one text-message and one email choice, as decoys have: a kind the patient has no contact
  // point of is filled with that kind's decoy (undeliverable; sending to it queues a decoy).
  const phone = patient.contacts.find((contact) => contact.kind === 'phone');
  const email = patient.contacts.find((contact) => contact.kind === 'email');
  const [decoyPhone, decoyEmail] = decoyContacts(deps.secret, input.tenant.id, mrn, input.birthDate);
  const contacts: LoginPayload['contacts'] = [
    phone
      ? { id: 'c0', kind: 'sms', value: phone.value, masked: phone.masked }
      : { id: 'c0', kind: 'sms', value: '', masked: decoyPhone?.masked ?? '***-***-0000' },
    email
      ? { id: 'c1', kind: 'email', value: email.value, masked: email.masked }
      : { id: 'c1', kind: 'email', value: '', masked: decoyEmail?.masked ?? 'a***@gmail.com' },
  ];
  const payload: LoginPayload = { contacts, email: email?.value ?? null };
  const loginId = await openChallenge(database, {
    tenantId: input.tenant.id,
    purpose: 'login',
    subject: patient.id,
    payload: payload as unknown as Prisma.InputJsonValue,
  });
  await recordAudit(database, {
    tenantId: input.tenant.id,
    actor: { type: 'anonymous' },
    action: 'patient.login.start',
    outcome: 'success',
    patientId: patient.id,
    origin: input.origin,
  });
  return { loginId, contacts: contacts.map(({ id, kind, masked }) => ({ id, kind, masked })) };
}
