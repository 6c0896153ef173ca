/**
 * Seeds a FHIR server with the generated demo clinic through its REST API only, so that a suite can
 * run against any server given a base URL and client credentials: one transaction Bundle of creates
 * whose `urn:uuid:` fullUrls let the server assign every id and resolve the references between them.
 */
import { generateDemoClinic, type DemoClinicOptions } from '@/lib/fhir-server/seed/demo-clinic';
import type { ContractClient } from '@/lib/fhir-server/contract/fhir-client';

type Json = unknown;

function rewrite(value: Json, urns: Map<string, string>): Json {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, urns));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === 'reference' && typeof child === 'string' && urns.has(child) ? urns.get(child) : rewrite(child, urns),
    ]),
  );
}

/** Creates the demo clinic on the server; answers how many resources it created. */
export async function seedClinicOverHttp(fhir: ContractClient, options: DemoClinicOptions): Promise<number> {
  const resources = generateDemoClinic(options);
  const urns = new Map(resources.map((item) => [`${item.type}/${item.id}`, `urn:uuid:${crypto.randomUUID()}`]));
  const entry = resources.map((item) => {
    const { id: _ignored, ...resource } = item.resource as Record<string, Json>;
    return {
      fullUrl: urns.get(`${item.type}/${item.id}`),
      resource: rewrite(resource, urns),
      request: { method: 'POST', url: item.type },
    };
  });
  const reply = await fhir.request<{ entry?: { response?: { status?: string } }[] }>('POST', '', {
    body: { resourceType: 'Bundle', type: 'transaction', entry },
  });
  if (reply.status !== 200) throw new Error(`seeding answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  const created = reply.body.entry?.filter((item) => item.response?.status?.startsWith('201')).length ?? 0;
  if (created !== resources.length) throw new Error(`seeding created ${created} of ${resources.length} resources`);
  return created;
}
