import { requestOriginFrom } from '@/lib/audit/record-audit';
import { getConfig } from '@/lib/config';
import { appDeps, serverDeps } from '@/lib/server/context';
import { defineRoute } from '@/lib/http/route';
import { twilioInboundSmsSchema } from '@/lib/api/system.input';
import { assertTwilioSignature, formParams } from '@/lib/notify/webhooks';
import { answerInboundSms } from '@/lib/sms-replies/answer-sms-reply';
import { getTenantById } from '@/lib/tenancy/get-tenant';

export const dynamic = 'force-dynamic';

/** Inbound SMS: STOP / START / HELP, and replies to reminders (C, X) (signature checked). Answers TwiML. */
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
  const { database } = appDeps();
  const twiml = await answerInboundSms(
    {
      database,
      clinic: async (tenantId) => {
        const tenant = await getTenantById(database, tenantId);
        return tenant ? { tenant, deps: await serverDeps(tenant) } : null;
      },
    },
    { params, defaultSender: config.TWILIO_FROM, origin: requestOriginFrom(request.headers) },
  );
  return new Response(twiml, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
});
