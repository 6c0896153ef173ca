import { getConfig } from '@/lib/config';
import { appDeps } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';
import { twilioInboundSmsSchema } from '@/lib/api/system.input';
import { applyInboundSms, assertTwilioSignature, formParams } from '@/lib/notify/webhooks';

export const dynamic = 'force-dynamic';

/** Inbound SMS: STOP / START / HELP (signature checked). Answers TwiML. */
export const POST = defineRoute(async (request) => {
  const config = getConfig();
  const url = new URL(request.url);
  const params = twilioInboundSmsSchema.parse(await formParams(request));
  assertTwilioSignature(
    config.TWILIO_AUTH_TOKEN,
    request.headers.get('x-twilio-signature'),
    `${config.APP_BASE_URL}${url.pathname}${url.search}`,
    params,
  );
  const twiml = await applyInboundSms(appDeps().database, { params, defaultSender: config.TWILIO_FROM });
  return new Response(twiml, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
});
