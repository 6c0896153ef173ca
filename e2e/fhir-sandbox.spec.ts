import { expect, test } from '@playwright/test';
import { runDbTask } from './support/db-task-client';

test('an integrator gets a token and finds the demo clinic’s free pediatric slots for the next two weeks', async ({
  request,
}) => {
  const metadata = await request.get('/fhir/demo/metadata');
  expect(metadata.status()).toBe(200);
  expect((await metadata.json()) as { resourceType: string }).toMatchObject({
    resourceType: 'CapabilityStatement',
    fhirVersion: '4.0.1',
  });

  const smart = (await (await request.get('/fhir/demo/.well-known/smart-configuration')).json()) as {
    token_endpoint: string;
  };
  const { clientId, clientSecret } = runDbTask<{ clientId: string; clientSecret: string }>('demoFhirCredentials', {});
  const tokenResponse = await request.post(smart.token_endpoint, {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  expect(tokenResponse.status()).toBe(200);
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };

  const from = new Date().toISOString();
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString();
  const pediatrics = encodeURIComponent('https://lakeside-health.example/fhir/service-type|pediatrics');
  const slots = await request.get(
    `/fhir/demo/Slot?service-type=${pediatrics}&status=free&start=ge${from}&start=lt${to}` +
      '&_sort=start&_include=Slot:schedule&_total=accurate',
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  expect(slots.status()).toBe(200);
  const bundle = (await slots.json()) as {
    total: number;
    entry: { resource: { resourceType: string; status?: string } }[];
  };
  expect(bundle.total).toBeGreaterThan(10);
  expect(
    bundle.entry
      .filter((entry) => entry.resource.resourceType === 'Slot')
      .every((entry) => entry.resource.status === 'free'),
  ).toBe(true);
  expect(bundle.entry.some((entry) => entry.resource.resourceType === 'Schedule')).toBe(true);

  expect((await request.get('/fhir/demo/Slot')).status()).toBe(401);
});
