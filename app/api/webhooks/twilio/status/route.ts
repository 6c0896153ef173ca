import { getConfig } from '@/lib/config';
import { appDeps } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';
import { twilioStatusCallbackSchema } from '@/lib/api/system.input';
import { applyStatusCallback, assertTwilioSignature, formParams } from '@/lib/notify/webhooks';

export const dynamic = 'force-dynamic';

/** Twilio delivery status callbacks (signature checked against the public URL). */
export const POST = defineRoute(async (request) => {
  const config = getConfig();
  const url = new URL(request.url);
  const publicUrl = `${config.APP_BASE_URL}${url.pathname}${url.search}`;
  const params = twilioStatusCallbackSchema.parse(await formParams(request));
  assertTwilioSignature(config.TWILIO_AUTH_TOKEN, request.headers.get('x-twilio-signature'), publicUrl, params);
  await applyStatusCallback(appDeps().database, { notificationId: url.searchParams.get('n'), params });
  return new Response(null, { status: 204 });
});
