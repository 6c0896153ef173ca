import { NextResponse } from 'next/server';
import { z } from 'zod';
import { checkInByPoster } from '@/lib/checkin/check-in-by-poster';
import { patientContext } from '@/lib/server/context';
import { defineRoute, parseJsonBody } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({
  locationId: z.string().min(1).max(64),
  k: z.string().max(64),
  e: z.union([z.number(), z.string().max(20)]).transform((value) => Number(value)),
  s: z.string().max(128),
  appointmentId: z.string().min(1).max(64).optional(),
});

/** Lobby poster check-in: the poster's signed link (from the page's address) in the body, never logged. */
export const POST = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await patientContext(params.tenant, request.headers);
  const input = await parseJsonBody(request, bodySchema);
  return NextResponse.json(
    await checkInByPoster(deps, actor, {
      link: { locationId: input.locationId, keyId: input.k, expires: input.e, signature: input.s },
      appointmentId: input.appointmentId,
    }),
  );
});
