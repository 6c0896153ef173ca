/**
 * A staff member registers a passkey. With the password alone (the session has not passed a
 * second factor) only with a live enrolment code (enrolment-code.ts), so someone holding just the
 * password cannot bind a passkey of their own; on a session that already passed one, a further
 * passkey (a spare, a new laptop) needs no code. The code is checked when the options are asked
 * for and used when the passkey is stored; a refused registration gives it back, so nothing
 * changed. Wrong codes are limited and audited like the password step; the registration itself is
 * lib/auth/passkeys/register-passkey.ts (audited as `passkey.registered`).
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '@/lib/audit/record-audit';
import type { PasskeySummary } from '@/lib/auth/passkeys/list-passkeys';
import { staffPasskeyActor, type PasskeyDeps } from '@/lib/auth/passkeys/passkey-owner';
import {
  registerPasskey,
  registerPasskeyBodySchema,
  startPasskeyRegistration,
} from '@/lib/auth/passkeys/register-passkey';
import type { StaffClaims } from '@/lib/auth/session-claims';
import { AppError } from '@/lib/errors';
import type { Tenant } from '@/lib/tenancy/tenant';
import { enrolmentCodeIsLive, returnEnrolmentCode, takeEnrolmentCode } from './enrolment-code';
import { takeSecondFactorAttempt } from './second-factor-limits';

export const ENROLMENT_CODE_ACTION = 'staff.enrolment_code';

const codeField = z.string().max(40).optional();

export const staffEnrolmentOptionsBodySchema = z.object({ code: codeField });
export const staffEnrolmentBodySchema = registerPasskeyBodySchema.extend({ code: codeField });

interface EnrolmentInput {
  tenant: Tenant;
  claims: StaffClaims;
  origin: RequestOrigin;
}

async function auditCode(
  deps: PasskeyDeps,
  input: EnrolmentInput,
  outcome: 'success' | 'failure',
  detail: Record<string, string>,
): Promise<void> {
  await recordAudit(deps.database, {
    tenantId: input.tenant.id,
    actor: { type: 'staff', id: input.claims.accountId, role: input.claims.role },
    action: ENROLMENT_CODE_ACTION,
    outcome,
    origin: input.origin,
    detail,
  });
}

/** Whether this session may add a passkey without a code (it passed its second factor). */
function verified(claims: StaffClaims): boolean {
  return claims.secondFactor === 'passkey';
}

/** Creation options, once the code (when one is needed) is the staff member's live one. */
export async function startStaffEnrolment(
  deps: PasskeyDeps,
  input: EnrolmentInput & { code?: string | undefined },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  if (!verified(input.claims)) {
    if (!input.code) throw new AppError('invalid_input', 'staffPasskeys.codeRequired');
    const attempt = await takeSecondFactorAttempt(deps.database, {
      tenantId: input.tenant.id,
      staffUserId: input.claims.accountId,
      role: input.claims.role,
      origin: input.origin,
      action: ENROLMENT_CODE_ACTION,
    });
    const live = await enrolmentCodeIsLive(deps.database, {
      tenantId: input.tenant.id,
      staffUserId: input.claims.accountId,
      code: input.code,
    });
    if (!live) {
      await auditCode(deps, input, 'failure', { reason: 'wrong_code', step: 'options' });
      throw new AppError('invalid_input', 'staffPasskeys.codeRefused');
    }
    await attempt.succeeded();
  }
  const user = await deps.database.staffUser.findUniqueOrThrow({
    where: { id: input.claims.accountId },
    select: { email: true },
  });
  return startPasskeyRegistration(deps, {
    ...staffPasskeyActor(input),
    rpName: input.tenant.displayName,
    userName: user.email,
  });
}

/** Stores the passkey the browser made; uses the code (given back if the registration is refused). */
export async function finishStaffEnrolment(
  deps: PasskeyDeps,
  input: EnrolmentInput & { body: z.infer<typeof staffEnrolmentBodySchema> },
): Promise<PasskeySummary> {
  const { code, ...body } = input.body;
  if (verified(input.claims)) return registerPasskey(deps, { ...staffPasskeyActor(input), body });
  if (!code) throw new AppError('invalid_input', 'staffPasskeys.codeRequired');
  const attempt = await takeSecondFactorAttempt(deps.database, {
    tenantId: input.tenant.id,
    staffUserId: input.claims.accountId,
    role: input.claims.role,
    origin: input.origin,
    action: ENROLMENT_CODE_ACTION,
  });
  const takenAt = await takeEnrolmentCode(deps.database, {
    tenantId: input.tenant.id,
    staffUserId: input.claims.accountId,
    code,
  });
  if (!takenAt) {
    await auditCode(deps, input, 'failure', { reason: 'wrong_code', step: 'registration' });
    throw new AppError('invalid_input', 'staffPasskeys.codeRefused');
  }
  let passkey: PasskeySummary;
  try {
    passkey = await registerPasskey(deps, { ...staffPasskeyActor(input), body });
  } catch (error) {
    await returnEnrolmentCode(deps.database, { staffUserId: input.claims.accountId, takenAt });
    await attempt.forgive();
    throw error;
  }
  await attempt.succeeded();
  await auditCode(deps, input, 'success', { passkeyId: passkey.id });
  return passkey;
}
