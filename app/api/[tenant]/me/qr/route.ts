import { NextResponse } from 'next/server';
import { patientContext } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';
import type { ResponseOf } from '@/lib/api/endpoint';
import type { identityApi } from '@/lib/api/identity';
import { reissueQrCode } from '@/lib/identity/patient/reissue-qr-code';
import { revokeQrCode } from '@/lib/identity/patient/revoke-qr-code';

export const dynamic = 'force-dynamic';

/** A new quick-login QR code for the signed-in patient; the previous one stops working. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const qr = await reissueQrCode(deps, actor);
  return NextResponse.json(qr satisfies ResponseOf<typeof identityApi.reissueQr>, {
    status: 201,
    headers: { 'cache-control': 'no-store' },
  });
});

/** Turns the QR code off; every session of the account ends with it. */
export const DELETE = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  await revokeQrCode(deps, actor);
  return new Response(null, { status: 204 });
});
