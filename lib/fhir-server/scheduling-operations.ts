/**
 * The IHE ITI Scheduling (R4) operations on Appointment, over the partition's own Slots, for
 * partitions whose `scheduling` behaviour offers them (profile.ts):
 *
 * - `$find` (ITI-115, GET or POST): proposed Appointments, one per free Slot matching `start`, `end`,
 *   `visit-type` (Slot.serviceType), `specialty` (the Schedule's), `practitioner`, `location-reference`,
 *   `_count`; earliest first. A proposed Appointment is not stored: its id (`proposed-{slot id}`) is
 *   what `$hold` and `$book` take as `appointment-reference`.
 * - `$hold` (ITI-116, POST): a `pending` Appointment and the Slot `busy-tentative` until the hold
 *   expires (default 5 minutes, at most 15; the sandbox also takes `expires`, an instant, and
 *   `patient-reference`). The expiry is on the Appointment (extension {@link HOLD_EXPIRES_URL}).
 *   Expired holds are swept before every scheduling request: the Appointment `cancelled`, the Slot free.
 * - `$book` (ITI-117, POST), atomic, one database transaction: with `appointment-reference` (a
 *   proposed or held Appointment) or `appointment-resource` (status `pending`: a new booking, or the
 *   confirmation of a hold when its id is the held Appointment's), the Slot turns busy and the
 *   Appointment booked; with `appointment-resource` of an existing Appointment at status `booked`,
 *   the Appointment is modified (moved to the Slot it names: the new Slot busy, the old one free); at
 *   status `cancelled`, it is cancelled and its Slot freed. `meta.versionId` on the resource, when
 *   given, must be the current version (as If-Match). A Slot that is taken, or a stale version, is a
 *   409 with an OperationOutcome (code `conflict`); nothing is written then.
 * - ITI-118 (find existing appointments) is the ordinary Appointment search.
 *
 * Answers are Bundles of type `searchset` with the Appointment (and an informational OperationOutcome).
 */
import type { Bundle, OperationDefinition, Resource } from 'fhir/r4';
import type pg from 'pg';
import { inTransaction, type Queryable } from './db';
import { requireScope, type OperationResult } from './operations';
import { badRequest, FhirError, informational, notFound, notSupported } from './outcome';
import type { PartitionContext } from './profile';
import { searchResources } from './search';
import { createResource, readLive, readResource, updateResource, type VersionLabeler } from './store';
import { newVersionLabel } from './profile';
import { isObject, parseReference, type Json, type JsonObject } from './values';

export const HOLD_EXPIRES_URL = 'https://fhir-scheduling.example/StructureDefinition/hold-expires';
const IHE = 'https://profiles.ihe.net/ITI/Scheduling/OperationDefinition';
const OWN = 'https://fhir-scheduling.example/OperationDefinition';
const PROPOSED_PREFIX = 'proposed-';
const DEFAULT_HOLD_MS = 5 * 60_000;
const MAX_HOLD_MS = 15 * 60_000;
const FIND_DEFAULT_COUNT = 20;
const FIND_MAX_COUNT = 100;

export const SCHEDULING_OPERATIONS = ['find', 'hold', 'book'] as const;
export type SchedulingOperation = (typeof SCHEDULING_OPERATIONS)[number];

const conflict = (message: string): FhirError => new FhirError(409, 'conflict', message);

type OperationParameter = NonNullable<OperationDefinition['parameter']>[number];

function parameter(
  id: SchedulingOperation,
  name: string,
  type: NonNullable<OperationParameter['type']>,
  min: number,
  max: string,
  documentation: string,
  extra: Partial<NonNullable<OperationDefinition['parameter']>[number]> = {},
): NonNullable<OperationDefinition['parameter']>[number] {
  return { name, use: 'in', min, max, type, documentation: `${documentation} (${id})`, ...extra };
}

/** The OperationDefinitions the CapabilityStatement names, as this sandbox implements them. */
export function schedulingOperationDefinitions(): OperationDefinition[] {
  const common = {
    resourceType: 'OperationDefinition' as const,
    status: 'active' as const,
    kind: 'operation' as const,
    resource: ['Appointment' as const],
    system: false,
    type: true,
    instance: false,
  };
  const returns = (documentation: string): NonNullable<OperationDefinition['parameter']>[number] => ({
    name: 'return',
    use: 'out',
    min: 0,
    max: '1',
    type: 'Bundle',
    documentation,
  });
  return [
    {
      ...common,
      id: 'appointment-find',
      url: `${OWN}/appointment-find`,
      base: `${IHE}/appointment-find`,
      name: 'Find_Appointments_Operation',
      code: 'find',
      affectsState: false,
      description: 'ITI-115: proposed Appointments, one per free Slot in [start, end), earliest first.',
      parameter: [
        parameter('find', 'start', 'dateTime', 1, '1', 'Earliest start (inclusive)'),
        parameter('find', 'end', 'dateTime', 1, '1', 'Latest start (exclusive)'),
        parameter('find', 'visit-type', 'string', 0, '*', 'Slot.serviceType as system|code; several: any', {
          searchType: 'token',
        }),
        parameter('find', 'specialty', 'string', 0, '*', 'Schedule.specialty as system|code; several: any', {
          searchType: 'token',
        }),
        parameter('find', 'practitioner', 'Reference', 0, '*', 'Practitioner/id; several: any'),
        parameter('find', 'location-reference', 'Reference', 0, '*', 'Location/id; several: any'),
        parameter('find', 'patient-reference', 'Reference', 0, '*', 'Accepted, not used for availability'),
        parameter('find', '_count', 'integer', 0, '1', `At most this many (default ${FIND_DEFAULT_COUNT})`),
        returns('searchset of proposed Appointments (not stored; id proposed-{slot id})'),
      ],
    },
    {
      ...common,
      id: 'appointment-hold',
      url: `${OWN}/appointment-hold`,
      base: `${IHE}/appointment-hold`,
      name: 'Hold_Appointment_Operation',
      code: 'hold',
      affectsState: true,
      description:
        'ITI-116: holds a proposed Appointment: a pending Appointment and its Slot busy-tentative until the hold ' +
        `expires (extension ${HOLD_EXPIRES_URL}); 409 when the time is taken.`,
      parameter: [
        parameter('hold', 'appointment-reference', 'Reference', 1, '1', 'A proposed Appointment from $find'),
        parameter('hold', 'patient-reference', 'Reference', 0, '1', 'Sandbox: the patient the hold is for'),
        parameter('hold', 'expires', 'instant', 0, '1', 'Sandbox: hold until then (default 5 min, at most 15)'),
        returns('searchset with the pending Appointment'),
      ],
    },
    {
      ...common,
      id: 'appointment-book',
      url: `${OWN}/appointment-book`,
      base: `${IHE}/appointment-book`,
      name: 'Book_Appointment_Operation',
      code: 'book',
      affectsState: true,
      description:
        'ITI-117, atomic: books a proposed or held Appointment, modifies a booked one (status booked, another ' +
        'Slot) or cancels one (status cancelled). meta.versionId, when given, must be current. 409 on conflict.',
      parameter: [
        parameter('book', 'appointment-reference', 'Reference', 0, '1', 'A proposed or held Appointment'),
        parameter('book', 'appointment-resource', 'Appointment', 0, '1', 'New (pending), modified or cancelled'),
        parameter('book', 'patient-reference', 'Reference', 0, '1', 'Sandbox: the patient, with a reference'),
        returns('searchset with the resulting Appointment'),
      ],
    },
  ];
}

/** The canonical URL of the operation definition the CapabilityStatement declares. */
export function schedulingOperationUrl(operation: SchedulingOperation): string {
  return `${OWN}/appointment-${operation}`;
}

// ---- input -------------------------------------------------------------------------------------

interface Inputs {
  strings(name: string): string[];
  references(name: string): string[];
  resource(name: string): JsonObject | null;
  names(): string[];
}

function inputsOf(query: URLSearchParams, body: JsonObject | undefined): Inputs {
  if (!body) {
    return {
      strings: (name) =>
        query
          .getAll(name)
          .flatMap((value) => value.split(','))
          .filter(Boolean),
      references: (name) =>
        query
          .getAll(name)
          .flatMap((value) => value.split(','))
          .filter(Boolean),
      resource: () => null,
      names: () => [...new Set(query.keys())],
    };
  }
  if (body.resourceType !== 'Parameters')
    throw badRequest('An operation body must be a Parameters resource.', ['resourceType']);
  const list = Array.isArray(body.parameter) ? body.parameter.filter(isObject) : [];
  const named = (name: string): JsonObject[] => list.filter((item) => item.name === name);
  const scalar = (item: JsonObject): string | null => {
    for (const key of ['valueString', 'valueDateTime', 'valueInstant', 'valueCode', 'valueUri', 'valueInteger'])
      if (typeof item[key] === 'string' || typeof item[key] === 'number') return String(item[key]);
    return null;
  };
  return {
    strings: (name) => named(name).flatMap((item) => scalar(item) ?? []),
    references: (name) =>
      named(name).flatMap((item) =>
        isObject(item.valueReference) && typeof item.valueReference.reference === 'string'
          ? [item.valueReference.reference]
          : [],
      ),
    resource: (name) => {
      const found = named(name)[0]?.resource;
      return isObject(found) ? found : null;
    },
    names: () => [...new Set(list.map((item) => (typeof item.name === 'string' ? item.name : '')))],
  };
}

function refuseUnknown(partition: PartitionContext, inputs: Inputs, known: string[]): void {
  if (partition.profile !== 'strict') return;
  const unknown = inputs.names().filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw badRequest(`Unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see the definition).`);
}

function instant(value: string | undefined, name: string): Date {
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value ?? ''))
    throw badRequest(`${name} must be a date-time, not ${JSON.stringify(value ?? null)}.`, [name]);
  return date;
}

function referenceTo(type: string, raw: string, name: string): string {
  const parsed = parseReference(raw);
  if (!parsed || parsed.type !== type)
    throw badRequest(`${name} must reference a ${type}, not ${JSON.stringify(raw)}.`);
  return parsed.id;
}

// ---- helpers over the store --------------------------------------------------------------------

function labels(partition: PartitionContext): VersionLabeler {
  return (versionId) => newVersionLabel(partition.profile, versionId);
}

function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The slot, locked for this transaction (404 when missing). */
async function lockSlot(client: Queryable, partition: PartitionContext, id: string) {
  await client.query('SELECT 1 FROM resources WHERE partition = $1 AND type = $2 AND id = $3 FOR UPDATE', [
    partition.name,
    'Slot',
    id,
  ]);
  return readLive(client, partition.name, 'Slot', id);
}

async function lockHold(
  client: Queryable,
  partition: PartitionContext,
  appointmentId: string,
): Promise<{ slotId: string; expiresAt: Date } | null> {
  const { rows } = await client.query<{ slot_id: string; expires_at: Date }>(
    'SELECT slot_id, expires_at FROM holds WHERE partition = $1 AND appointment_id = $2 FOR UPDATE',
    [partition.name, appointmentId],
  );
  return rows[0] ? { slotId: rows[0].slot_id, expiresAt: rows[0].expires_at } : null;
}

async function setSlotStatus(
  client: Queryable,
  partition: PartitionContext,
  slot: { id: string; content: JsonObject },
  status: string,
): Promise<void> {
  const { meta: _meta, ...rest } = slot.content;
  await updateResource(client, partition.name, 'Slot', slot.id, { ...rest, status }, undefined, labels(partition));
}

function patientOf(appointment: JsonObject): string | null {
  const participants = Array.isArray(appointment.participant) ? appointment.participant.filter(isObject) : [];
  for (const participant of participants) {
    const reference = isObject(participant.actor) ? str(participant.actor.reference) : undefined;
    const parsed = reference ? parseReference(reference) : null;
    if (parsed?.type === 'Patient') return parsed.id;
  }
  return null;
}

/** The Schedule's actors of a slot, as Appointment participants. */
async function actorsOf(client: Queryable, partition: PartitionContext, slot: JsonObject): Promise<JsonObject[]> {
  const scheduleRef = isObject(slot.schedule) ? str(slot.schedule.reference) : undefined;
  const scheduleId = scheduleRef ? parseReference(scheduleRef)?.id : undefined;
  const schedule = scheduleId ? await readResource(client, partition.name, 'Schedule', scheduleId) : null;
  const actors = schedule?.content && Array.isArray(schedule.content.actor) ? schedule.content.actor : [];
  return actors.filter(isObject).flatMap((actor) => {
    const reference = str(actor.reference);
    return reference && /^(Practitioner|Location|PractitionerRole|HealthcareService)\//.test(reference)
      ? [{ actor: { reference }, required: 'required', status: 'accepted' }]
      : [];
  });
}

function proposedFrom(slot: JsonObject, actors: JsonObject[]): JsonObject {
  const id = str(slot.id) ?? '';
  return {
    resourceType: 'Appointment',
    id: `${PROPOSED_PREFIX}${id}`,
    status: 'proposed',
    ...(Array.isArray(slot.serviceType) ? { serviceType: slot.serviceType } : {}),
    start: slot.start ?? null,
    end: slot.end ?? null,
    slot: [{ reference: `Slot/${id}` }],
    participant: actors.map((actor) => ({ ...actor, status: 'needs-action' })),
    requestedPeriod: [{ start: slot.start ?? null, end: slot.end ?? null }],
  };
}

function answer(partition: PartitionContext, resources: JsonObject[], message?: string): OperationResult {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      ...resources.map((resource) => ({
        fullUrl: `${partition.baseUrl}/Appointment/${str(resource.id) ?? ''}`,
        resource: resource as unknown as Resource,
        search: { mode: 'match' as const },
      })),
      ...(message
        ? [
            {
              resource: informational(message) as Resource,
              search: { mode: 'outcome' as const },
            },
          ]
        : []),
    ],
  };
  return { status: 200, resource: bundle };
}

// ---- the sweep ---------------------------------------------------------------------------------

/** Ends the holds that have expired: the Appointment cancelled, the Slot free again (if still held). */
export async function sweepExpiredHolds(pool: pg.Pool, partition: PartitionContext): Promise<void> {
  const { rowCount } = await pool.query('SELECT 1 FROM holds WHERE partition = $1 AND expires_at <= now() LIMIT 1', [
    partition.name,
  ]);
  if (!rowCount) return;
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ appointment_id: string; slot_id: string }>(
      `SELECT appointment_id, slot_id FROM holds WHERE partition = $1 AND expires_at <= now()
       ORDER BY expires_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      [partition.name],
    );
    for (const row of rows) await endHold(client, partition, row.appointment_id, row.slot_id, 'The hold expired.');
  });
}

async function endHold(
  client: Queryable,
  partition: PartitionContext,
  appointmentId: string,
  slotId: string,
  reason: string,
): Promise<void> {
  await client.query('DELETE FROM holds WHERE partition = $1 AND appointment_id = $2', [partition.name, appointmentId]);
  const appointment = await readResource(client, partition.name, 'Appointment', appointmentId);
  if (appointment?.content && appointment.content.status === 'pending') {
    const { meta: _meta, ...rest } = appointment.content;
    await updateResource(
      client,
      partition.name,
      'Appointment',
      appointmentId,
      { ...rest, status: 'cancelled', cancelationReason: { text: reason } },
      undefined,
      labels(partition),
    );
  }
  const slot = await lockSlot(client, partition, slotId).catch(() => null);
  if (slot && slot.content.status === 'busy-tentative') await setSlotStatus(client, partition, slot, 'free');
}

// ---- the operations ----------------------------------------------------------------------------

async function find(client: Queryable, partition: PartitionContext, inputs: Inputs): Promise<OperationResult> {
  requireScope(partition, 'Appointment', 's');
  requireScope(partition, 'Slot', 's');
  refuseUnknown(partition, inputs, [
    'start',
    'end',
    'visit-type',
    'specialty',
    'practitioner',
    'location-reference',
    'patient-reference',
    '_count',
  ]);
  const start = instant(inputs.strings('start')[0], 'start');
  const end = instant(inputs.strings('end')[0], 'end');
  const countRaw = inputs.strings('_count')[0] ?? String(FIND_DEFAULT_COUNT);
  if (!/^\d{1,3}$/.test(countRaw) || Number(countRaw) > FIND_MAX_COUNT)
    throw badRequest(`_count must be a whole number up to ${FIND_MAX_COUNT}.`, ['_count']);
  const query = new URLSearchParams();
  query.append('status', 'free');
  query.append('start', `ge${start.toISOString()}`);
  query.append('start', `lt${end.toISOString()}`);
  const visitTypes = inputs.strings('visit-type');
  if (visitTypes.length) query.append('service-type', visitTypes.join(','));
  const specialties = inputs.strings('specialty');
  if (specialties.length) query.append('specialty', specialties.join(','));
  const practitioners = inputs
    .references('practitioner')
    .map((ref) => referenceTo('Practitioner', ref, 'practitioner'));
  if (practitioners.length) query.append('schedule.actor', practitioners.map((id) => `Practitioner/${id}`).join(','));
  const locations = inputs
    .references('location-reference')
    .map((ref) => referenceTo('Location', ref, 'location-reference'));
  if (locations.length) query.append('schedule.actor', locations.map((id) => `Location/${id}`).join(','));
  query.append('_sort', 'start');
  query.append('_count', countRaw);
  const slots = await searchResources(client, partition.name, 'Slot', query, {
    baseUrl: partition.baseUrl,
    strict: true,
    profile: 'lenient',
  });
  const proposed: JsonObject[] = [];
  for (const entry of slots.entry ?? []) {
    const slot = entry.resource as unknown as JsonObject | undefined;
    if (!slot || slot.resourceType !== 'Slot') continue;
    proposed.push(proposedFrom(slot, await actorsOf(client, partition, slot)));
  }
  return answer(partition, proposed);
}

/** The slot a proposed Appointment reference stands for. */
function proposedSlotId(reference: string, name: string): string | null {
  const id = referenceTo('Appointment', reference, name);
  return id.startsWith(PROPOSED_PREFIX) ? id.slice(PROPOSED_PREFIX.length) : null;
}

async function hold(client: Queryable, partition: PartitionContext, inputs: Inputs): Promise<OperationResult> {
  requireScope(partition, 'Appointment', 'c');
  refuseUnknown(partition, inputs, ['appointment-reference', 'patient-reference', 'expires']);
  const reference = inputs.references('appointment-reference')[0];
  if (!reference) throw badRequest('appointment-reference is required.', ['appointment-reference']);
  const slotId = proposedSlotId(reference, 'appointment-reference');
  if (!slotId) throw notFound(`${reference} is not a proposed Appointment of this server (use $find).`);
  const patientRef = inputs.references('patient-reference')[0];
  const patientId = patientRef ? referenceTo('Patient', patientRef, 'patient-reference') : null;
  if (patientId) await readLive(client, partition.name, 'Patient', patientId);
  const requested = inputs.strings('expires')[0];
  const now = Date.now();
  const until = requested ? instant(requested, 'expires').getTime() : now + DEFAULT_HOLD_MS;
  const expiresAt = new Date(Math.max(now + 1000, Math.min(until, now + MAX_HOLD_MS)));
  const slot = await lockSlot(client, partition, slotId);
  if (slot.content.status === 'busy-tentative' && patientId) {
    // The same patient holding it again (a reload of the review): that hold, until the new expiry.
    const renewed = await renewOwnHold(client, partition, slotId, patientId, expiresAt);
    if (renewed) return answer(partition, [renewed], `Held until ${expiresAt.toISOString()}.`);
  }
  if (slot.content.status !== 'free') throw conflict('The time is no longer available.');
  const actors = await actorsOf(client, partition, slot.content);
  const pending = await createResource(
    client,
    partition.name,
    'Appointment',
    {
      resourceType: 'Appointment',
      extension: [{ url: HOLD_EXPIRES_URL, valueInstant: expiresAt.toISOString() }],
      status: 'pending',
      ...(Array.isArray(slot.content.serviceType) ? { serviceType: slot.content.serviceType } : {}),
      start: slot.content.start ?? null,
      end: slot.content.end ?? null,
      created: new Date(now).toISOString(),
      slot: [{ reference: `Slot/${slotId}` }],
      participant: [
        ...(patientId
          ? [{ actor: { reference: `Patient/${patientId}` }, required: 'required', status: 'accepted' }]
          : []),
        ...actors,
      ],
    },
    { labels: labels(partition) },
  );
  await setSlotStatus(client, partition, slot, 'busy-tentative');
  await client.query('INSERT INTO holds (partition, appointment_id, slot_id, expires_at) VALUES ($1, $2, $3, $4)', [
    partition.name,
    pending.id,
    slotId,
    expiresAt,
  ]);
  return answer(partition, [pending.content ?? {}], `Held until ${expiresAt.toISOString()}.`);
}

/** The patient's live hold of this slot, with its expiry moved to `expiresAt`; null when there is none. */
async function renewOwnHold(
  client: Queryable,
  partition: PartitionContext,
  slotId: string,
  patientId: string,
  expiresAt: Date,
): Promise<JsonObject | null> {
  const { rows } = await client.query<{ appointment_id: string }>(
    'SELECT appointment_id FROM holds WHERE partition = $1 AND slot_id = $2 AND expires_at > now() FOR UPDATE',
    [partition.name, slotId],
  );
  for (const row of rows) {
    const held = await readResource(client, partition.name, 'Appointment', row.appointment_id);
    if (!held?.content || held.content.status !== 'pending' || patientOf(held.content) !== patientId) continue;
    await client.query('UPDATE holds SET expires_at = $3 WHERE partition = $1 AND appointment_id = $2', [
      partition.name,
      row.appointment_id,
      expiresAt,
    ]);
    const extensions = (Array.isArray(held.content.extension) ? held.content.extension.filter(isObject) : []).filter(
      (extension) => extension.url !== HOLD_EXPIRES_URL,
    );
    const updated = await updateResource(
      client,
      partition.name,
      'Appointment',
      row.appointment_id,
      {
        ...withoutMeta(held.content),
        extension: [...extensions, { url: HOLD_EXPIRES_URL, valueInstant: expiresAt.toISOString() }],
      },
      undefined,
      labels(partition),
    );
    return updated.content;
  }
  return null;
}

function slotIdOf(appointment: JsonObject): string | null {
  const first = Array.isArray(appointment.slot) ? appointment.slot.find(isObject) : undefined;
  const reference = first ? str(first.reference) : undefined;
  const parsed = reference ? parseReference(reference) : null;
  return parsed?.type === 'Slot' ? parsed.id : null;
}

function withoutMeta(resource: JsonObject): JsonObject {
  const { meta: _meta, ...rest } = resource;
  return rest;
}

function checkVersion(sent: JsonObject, current: { versionLabel: string }): void {
  const version = isObject(sent.meta) ? str(sent.meta.versionId) : undefined;
  if (version !== undefined && version !== current.versionLabel)
    throw conflict(`The appointment is at version ${current.versionLabel}, not ${version}: it changed meanwhile.`);
}

/** The booked Appointment's content from what was sent, on this slot. */
function bookedContent(sent: JsonObject, slot: JsonObject, actors: JsonObject[], patientId: string): JsonObject {
  const participants = Array.isArray(sent.participant) ? sent.participant.filter(isObject) : [];
  const sentActors = new Set(
    participants.map((participant) => (isObject(participant.actor) ? str(participant.actor.reference) : undefined)),
  );
  return {
    ...withoutMeta(sent),
    resourceType: 'Appointment',
    extension: (Array.isArray(sent.extension) ? sent.extension.filter(isObject) : []).filter(
      (extension) => extension.url !== HOLD_EXPIRES_URL,
    ),
    status: 'booked',
    start: slot.start ?? null,
    end: slot.end ?? null,
    slot: [{ reference: `Slot/${str(slot.id) ?? ''}` }],
    participant: [
      ...(sentActors.has(`Patient/${patientId}`)
        ? []
        : [{ actor: { reference: `Patient/${patientId}` }, required: 'required', status: 'accepted' }]),
      ...participants.filter(
        (participant) =>
          !/^(Practitioner|Location)\//.test(
            isObject(participant.actor) ? (str(participant.actor.reference) ?? '') : '',
          ),
      ),
      ...actors,
    ],
  };
}

function clean(resource: JsonObject): JsonObject {
  // An empty extension list is not valid FHIR.
  if (Array.isArray(resource.extension) && resource.extension.length === 0) {
    const { extension: _extension, ...rest } = resource;
    return rest;
  }
  return resource;
}

/** Takes the slot for a new booking: free, or held for this same patient (that hold is then used up). */
async function takeSlot(
  client: Queryable,
  partition: PartitionContext,
  slotId: string,
  patientId: string,
  heldAppointmentId: string | null,
): Promise<{ slot: Awaited<ReturnType<typeof lockSlot>>; heldId: string | null }> {
  const slot = await lockSlot(client, partition, slotId);
  if (slot.content.status === 'free') return { slot, heldId: null };
  if (slot.content.status === 'busy-tentative') {
    const { rows } = await client.query<{ appointment_id: string }>(
      'SELECT appointment_id FROM holds WHERE partition = $1 AND slot_id = $2 AND expires_at > now() FOR UPDATE',
      [partition.name, slotId],
    );
    for (const row of rows) {
      if (heldAppointmentId !== null && row.appointment_id !== heldAppointmentId) continue;
      const held = await readResource(client, partition.name, 'Appointment', row.appointment_id);
      const holder = held?.content ? patientOf(held.content) : null;
      if (held?.content?.status === 'pending' && (holder === null || holder === patientId))
        return { slot, heldId: row.appointment_id };
    }
  }
  throw conflict('The time is no longer available.');
}

async function book(client: Queryable, partition: PartitionContext, inputs: Inputs): Promise<OperationResult> {
  requireScope(partition, 'Appointment', 'c');
  requireScope(partition, 'Appointment', 'u');
  refuseUnknown(partition, inputs, ['appointment-reference', 'appointment-resource', 'patient-reference']);
  const reference = inputs.references('appointment-reference')[0];
  const sent = inputs.resource('appointment-resource');
  if ((reference ? 1 : 0) + (sent ? 1 : 0) !== 1)
    throw badRequest('Give exactly one of appointment-reference and appointment-resource.');
  if (sent && sent.resourceType !== 'Appointment')
    throw badRequest('appointment-resource must be an Appointment.', ['appointment-resource']);
  const patientRef = inputs.references('patient-reference')[0];
  const labelled = labels(partition);

  // What to book: a proposed Appointment (a slot), a held one, or a resource.
  let resource: JsonObject = sent ?? { resourceType: 'Appointment', status: 'pending' };
  let existingId: string | null = sent ? (str(sent.id) ?? null) : null;
  let slotId: string | null = sent ? slotIdOf(sent) : null;
  if (reference) {
    const id = referenceTo('Appointment', reference, 'appointment-reference');
    const proposed = proposedSlotId(reference, 'appointment-reference');
    if (proposed) slotId = proposed;
    else {
      const held = await readLive(client, partition.name, 'Appointment', id);
      resource = held.content;
      existingId = id;
      slotId = slotIdOf(held.content);
    }
  } else if (existingId?.startsWith(PROPOSED_PREFIX)) {
    slotId = existingId.slice(PROPOSED_PREFIX.length);
    existingId = null;
  }
  const status = str(resource.status);
  const current = existingId ? await readResource(client, partition.name, 'Appointment', existingId) : null;
  if (existingId && (!current?.content || current.deleted)) {
    if (status !== 'pending') throw notFound(`Appointment/${existingId} does not exist.`);
    existingId = null;
  }
  if (current?.content && existingId) {
    await client.query('SELECT 1 FROM resources WHERE partition = $1 AND type = $2 AND id = $3 FOR UPDATE', [
      partition.name,
      'Appointment',
      existingId,
    ]);
  }
  const live = existingId && current?.content ? { ...current, content: current.content } : null;

  if (status === 'cancelled') {
    if (!live) throw badRequest('Cancelling needs the id of an existing Appointment.', ['appointment-resource']);
    checkVersion(resource, live);
    if (live.content.status === 'cancelled') throw conflict('The appointment is already cancelled.');
    const hold = await lockHold(client, partition, live.id);
    if (hold)
      await client.query('DELETE FROM holds WHERE partition = $1 AND appointment_id = $2', [partition.name, live.id]);
    const cancelled = await updateResource(
      client,
      partition.name,
      'Appointment',
      live.id,
      clean({
        ...withoutMeta(live.content),
        status: 'cancelled',
        ...(resource.cancelationReason ? { cancelationReason: resource.cancelationReason } : {}),
      }),
      undefined,
      labelled,
    );
    const freed = slotIdOf(live.content);
    if (freed) {
      const slot = await lockSlot(client, partition, freed).catch(() => null);
      if (slot && (slot.content.status === 'busy' || slot.content.status === 'busy-tentative'))
        await setSlotStatus(client, partition, slot, 'free');
    }
    return answer(partition, [cancelled.content ?? {}], 'Cancelled.');
  }

  if (status === 'booked' && live && live.content.status !== 'pending') {
    // Modify: the same appointment, possibly on another slot.
    checkVersion(resource, live);
    if (live.content.status === 'cancelled') throw conflict('A cancelled appointment cannot be changed.');
    const patientId = patientOf(live.content);
    if (!patientId) throw badRequest('The appointment has no patient.');
    const oldSlotId = slotIdOf(live.content);
    const newSlotId = slotIdOf(resource) ?? oldSlotId;
    if (!newSlotId) throw badRequest('appointment-resource.slot is required.', ['Appointment.slot']);
    let slotContent: JsonObject;
    if (newSlotId !== oldSlotId) {
      const { slot, heldId } = await takeSlot(client, partition, newSlotId, patientId, null);
      if (heldId) await endHold(client, partition, heldId, newSlotId, 'Used by a change of appointment.');
      await setSlotStatus(client, partition, slot, 'busy');
      if (oldSlotId) {
        const old = await lockSlot(client, partition, oldSlotId).catch(() => null);
        if (old && old.content.status === 'busy') await setSlotStatus(client, partition, old, 'free');
      }
      slotContent = slot.content;
    } else {
      slotContent = (await readLive(client, partition.name, 'Slot', newSlotId)).content;
    }
    const actors = await actorsOf(client, partition, slotContent);
    const modified = await updateResource(
      client,
      partition.name,
      'Appointment',
      live.id,
      clean({
        ...bookedContent(
          { ...live.content, ...withoutMeta(resource), participant: live.content.participant ?? [] },
          slotContent,
          actors,
          patientId,
        ),
        id: live.id,
      }),
      undefined,
      labelled,
    );
    return answer(partition, [modified.content ?? {}], 'Changed.');
  }

  if (status !== 'pending' && status !== 'proposed' && !(status === 'booked' && live))
    throw badRequest(`appointment-resource.status must be pending (book), booked (change) or cancelled (cancel).`, [
      'Appointment.status',
    ]);
  // A new booking, or the confirmation of a hold.
  if (live && live.content.status !== 'pending')
    throw conflict(`Appointment/${live.id} is ${describeStatus(live.content.status)}, not a hold.`);
  if (live) checkVersion(resource, live);
  const patientId =
    (patientRef ? referenceTo('Patient', patientRef, 'patient-reference') : null) ??
    patientOf(resource) ??
    (live ? patientOf(live.content) : null);
  if (!patientId) throw badRequest('A booking needs a patient participant (or patient-reference).');
  const patient = await readLive(client, partition.name, 'Patient', patientId);
  if (patient.content.active === false) throw badRequest('The patient record is not active.');
  slotId ??= live ? slotIdOf(live.content) : null;
  if (!slotId) throw badRequest('The appointment to book names no Slot.', ['Appointment.slot']);
  const { slot, heldId } = await takeSlot(client, partition, slotId, patientId, live?.id ?? null);
  const actors = await actorsOf(client, partition, slot.content);
  const target = heldId ?? null;
  if (target)
    await client.query('DELETE FROM holds WHERE partition = $1 AND appointment_id = $2', [partition.name, target]);
  await setSlotStatus(client, partition, slot, 'busy');
  const base = live?.content ?? (target ? (await readLive(client, partition.name, 'Appointment', target)).content : {});
  const content = clean(
    bookedContent(
      { ...withoutMeta(base), ...withoutMeta(resource), ...(target ? { id: target } : {}) },
      slot.content,
      actors,
      patientId,
    ),
  );
  const booked = target
    ? await updateResource(
        client,
        partition.name,
        'Appointment',
        target,
        { ...content, id: target },
        undefined,
        labelled,
      )
    : await createResource(
        client,
        partition.name,
        'Appointment',
        (() => {
          const { id: _id, ...rest } = content;
          return { ...rest, created: str(rest.created) ?? new Date().toISOString() };
        })(),
        { labels: labelled },
      );
  return answer(partition, [booked.content ?? {}], 'Booked.');
}

function describeStatus(status: Json | undefined): string {
  return typeof status === 'string' ? status : 'unknown';
}

/**
 * Runs `Appointment/$find`, `$hold` or `$book` (one database transaction), after sweeping expired
 * holds; 404 when the partition does not offer scheduling operations.
 */
export async function runSchedulingOperation(
  pool: pg.Pool,
  partition: PartitionContext,
  request: { method: string; operation: string; query: URLSearchParams; body: JsonObject | undefined },
): Promise<OperationResult> {
  if (partition.scheduling === 'slot-writes')
    throw notSupported(`This server does not offer Appointment/${request.operation} (see /metadata).`);
  const name = request.operation.replace(/^\$/, '');
  if (!(SCHEDULING_OPERATIONS as readonly string[]).includes(name))
    throw notSupported(`There is no operation Appointment/${request.operation} here (see /metadata).`);
  const method = request.method.toUpperCase();
  if (method !== 'POST' && !(method === 'GET' && name === 'find'))
    throw notSupported(`Appointment/${request.operation} takes POST${name === 'find' ? ' or GET' : ''}.`, 405);
  await sweepExpiredHolds(pool, partition);
  const inputs = inputsOf(request.query, method === 'POST' ? request.body : undefined);
  return inTransaction(pool, (client) => {
    switch (name as SchedulingOperation) {
      case 'find':
        return find(client, partition, inputs);
      case 'hold':
        return hold(client, partition, inputs);
      case 'book':
        return book(client, partition, inputs);
    }
  });
}
