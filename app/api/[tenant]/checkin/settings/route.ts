import { NextResponse } from 'next/server';
import { staffContext } from '@/lib/server/context';
import { updateCheckInSettings } from '@/lib/checkin/update-check-in-settings';
import { defineRoute, parseJsonBody } from '@/lib/http/route';
import type { checkinApi } from '@/lib/api/checkin';
import { checkInSettingsBodySchema } from '@/lib/api/checkin.input';
import type { ResponseOf } from '@/lib/api/endpoint';

export const dynamic = 'force-dynamic';

/** Administrators: replaces the clinic's check-in rules (validated by checkInSettingsSchema). */
export const PUT = defineRoute<{ tenant: string }>(async (request, { params }) => {
  const { deps, actor } = await staffContext(params.tenant, request.headers, ['admin']);
  const body = await parseJsonBody(request, checkInSettingsBodySchema);
  const settings = await updateCheckInSettings(deps.database, actor, body);
  return NextResponse.json({ settings } satisfies ResponseOf<typeof checkinApi.settings>);
});
