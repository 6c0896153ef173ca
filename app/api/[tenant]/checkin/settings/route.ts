import { NextResponse } from 'next/server';
import { z } from 'zod';
import { staffContext } from '@/lib/server/context';
import { updateCheckInSettings } from '@/lib/checkin/update-check-in-settings';
import { defineRoute, parseJsonBody } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Administrators: replaces the clinic's check-in rules (validated by checkInSettingsSchema). */
export const PUT = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers, ['admin']);
  const body = await parseJsonBody(request, z.record(z.string(), z.unknown()));
  return NextResponse.json({ settings: await updateCheckInSettings(deps.database, actor, body) });
});
