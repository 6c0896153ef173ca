import { expect, type APIRequestContext } from '@playwright/test';
import { runDbTask } from './db-task-client';

/** Talks to the demo clinic's FHIR sandbox as an integrator would: OAuth2 client credentials, then REST. */
export class DemoFhir {
  private token: string | null = null;

  constructor(private readonly request: APIRequestContext) {}

  private async authorization(): Promise<Record<string, string>> {
    if (!this.token) {
      const { clientId, clientSecret } = runDbTask<{ clientId: string; clientSecret: string }>(
        'demoFhirCredentials',
        {},
      );
      const response = await this.request.post('/fhir/demo/auth/token', {
        form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      });
      this.token = ((await response.json()) as { access_token: string }).access_token;
    }
    return { authorization: `Bearer ${this.token}` };
  }

  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    const response = await this.request.get(`/fhir/demo/${path}`, { headers: await this.authorization() });
    expect(response.status()).toBe(200);
    return (await response.json()) as T;
  }

  /** Writes a resource back as the clinic's EHR would (e.g. a test undoing its change to a shared record). */
  async put(resource: { resourceType: string; id: string; meta?: unknown }): Promise<void> {
    const { meta: _meta, ...content } = resource;
    const path = `${resource.resourceType}/${resource.id}`;
    // Version-aware, as strict EHRs require: at the version there now.
    const current = await this.get<{ meta?: { versionId?: string } }>(path);
    const response = await this.request.put(`/fhir/demo/${path}`, {
      headers: {
        ...(await this.authorization()),
        'content-type': 'application/fhir+json',
        ...(current.meta?.versionId ? { 'if-match': `W/"${current.meta.versionId}"` } : {}),
      },
      data: content,
    });
    expect(response.status(), await response.text()).toBe(200);
  }

  async firstId(type: string, query: string): Promise<string> {
    const bundle = await this.get<{ entry?: { resource: { id: string } }[] }>(`${type}?${query}`);
    const id = bundle.entry?.[0]?.resource.id;
    if (!id) throw new Error(`no ${type} matches ${query}`);
    return id;
  }

  /** Creates a booked Appointment starting at `start` (no slot: a walk-in fitted in by the clinic). */
  async createAppointment(input: {
    patientId: string;
    practitionerId: string;
    locationId: string;
    start: Date;
    minutes: number;
    /** The visit type (a demo service code, e.g. `primary-care`); none when left out. */
    serviceCode?: string;
  }): Promise<string> {
    const response = await this.request.post('/fhir/demo/Appointment', {
      headers: { ...(await this.authorization()), 'content-type': 'application/fhir+json' },
      data: {
        resourceType: 'Appointment',
        status: 'booked',
        start: input.start.toISOString(),
        end: new Date(input.start.getTime() + input.minutes * 60_000).toISOString(),
        minutesDuration: input.minutes,
        ...(input.serviceCode
          ? {
              serviceType: [
                { coding: [{ system: 'https://lakeside-health.example/fhir/service-type', code: input.serviceCode }] },
              ],
            }
          : {}),
        participant: [
          { actor: { reference: `Patient/${input.patientId}` }, status: 'accepted' },
          { actor: { reference: `Practitioner/${input.practitionerId}` }, status: 'accepted' },
          { actor: { reference: `Location/${input.locationId}` }, status: 'accepted' },
        ],
      },
    });
    if (response.status() !== 201)
      throw new Error(`creating the appointment failed: ${response.status()} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  /** Creates a free Slot like `like` (same Schedule and service) starting at `start`. */
  async createSlot(like: Record<string, unknown>, start: Date, minutes: number): Promise<string> {
    const response = await this.request.post('/fhir/demo/Slot', {
      headers: { ...(await this.authorization()), 'content-type': 'application/fhir+json' },
      data: {
        resourceType: 'Slot',
        schedule: like.schedule,
        ...(like.serviceType ? { serviceType: like.serviceType } : {}),
        status: 'free',
        start: start.toISOString(),
        end: new Date(start.getTime() + minutes * 60_000).toISOString(),
      },
    });
    if (response.status() !== 201)
      throw new Error(`creating the slot failed: ${response.status()} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }
}

/** One FHIR read from the demo clinic's sandbox. */
export async function demoFhirGet<T>(request: APIRequestContext, path: string): Promise<T> {
  return new DemoFhir(request).get<T>(path);
}
