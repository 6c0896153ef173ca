import { expect, type APIRequestContext } from '@playwright/test';
import { runDbTask } from './db-task-client';

/** Reads the demo clinic's EHR (the sandbox) the way an integrator would: a client-credentials token, then FHIR. */
export async function demoFhirGet<T>(request: APIRequestContext, path: string): Promise<T> {
  const smart = (await (await request.get('/fhir/demo/.well-known/smart-configuration')).json()) as { token_endpoint: string };
  const { clientId, clientSecret } = runDbTask<{ clientId: string; clientSecret: string }>('demoFhirCredentials', {});
  const tokenResponse = await request.post(smart.token_endpoint, { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const response = await request.get(`/fhir/demo/${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  return (await response.json()) as T;
}
