import { describe, expect, it } from 'vitest';
import { createTenant } from '@/lib/tenancy/create-tenant';
import { testDatabase, uniqueSlug } from '@/lib/testing/database';
import { ensurePatientAccount } from './patient-account';
import {
  issueQrLoginToken,
  qrLoginLink,
  renderQrCode,
  resolveQrLoginToken,
  revokeQrLoginTokens,
} from './qr-login-token';

const database = testDatabase();

async function account(): Promise<{ tenantId: string; accountId: string }> {
  const tenant = await createTenant(database, {
    slug: uniqueSlug('qr'),
    displayName: 'QR Clinic',
    timeZone: 'UTC',
    fhirBaseUrl: 'https://ehr.example/R4',
    mrnSystem: 'urn:oid:1.2',
  });
  const patient = await ensurePatientAccount(database, tenant.id, `pat-${Math.random().toString(36).slice(2)}`);
  return { tenantId: tenant.id, accountId: patient.id };
}

/** The token with its last character changed (never to itself, whatever the random token ends with). */
function forge(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
}

describe('QR login tokens', () => {
  it('resolve to their patient, and are stored only as a hash', async () => {
    const { tenantId, accountId } = await account();
    const { token } = await issueQrLoginToken(database, { tenantId, patientAccountId: accountId });
    expect(await resolveQrLoginToken(database, { tenantId, token })).toMatchObject({
      status: 'valid',
      patientAccountId: accountId,
    });
    const rows = await database.qrLoginToken.findMany({ where: { patientAccountId: accountId } });
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('stop working when re-issued, revoked, expired, forged or used at another clinic', async () => {
    const { tenantId, accountId } = await account();
    const first = await issueQrLoginToken(database, { tenantId, patientAccountId: accountId });
    const second = await issueQrLoginToken(database, { tenantId, patientAccountId: accountId });
    expect(await resolveQrLoginToken(database, { tenantId, token: first.token })).toEqual({ status: 'invalid' });
    expect(await resolveQrLoginToken(database, { tenantId, token: second.token })).toMatchObject({ status: 'valid' });
    expect(
      await resolveQrLoginToken(database, {
        tenantId,
        token: second.token,
        now: new Date(second.expiresAt.getTime() + 1),
      }),
    ).toEqual({ status: 'invalid' });
    expect(await resolveQrLoginToken(database, { tenantId, token: forge(second.token) })).toEqual({
      status: 'invalid',
    });
    const other = await account();
    expect(await resolveQrLoginToken(database, { tenantId: other.tenantId, token: second.token })).toEqual({
      status: 'invalid',
    });

    const before = await database.patientAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(await revokeQrLoginTokens(database, { tenantId, patientAccountId: accountId })).toBe(1);
    expect(await resolveQrLoginToken(database, { tenantId, token: second.token })).toEqual({ status: 'invalid' });
    const after = await database.patientAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
  });

  it('render as SVG and PNG, with the token only in the link fragment', async () => {
    const link = qrLoginLink('https://book.clinic.example', 'demo', 'tok_abc');
    expect(link).toBe('https://book.clinic.example/demo/qr#tok_abc');
    expect(String(await renderQrCode(link, 'svg'))).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const png = await renderQrCode(link, 'png');
    expect(Buffer.isBuffer(png) && png.subarray(1, 4).toString()).toBe('PNG');
  });
});
