/**
 * The operations mode of the FHIR adapter (booking-mode.ts): IHE ITI Scheduling for R4
 * (https://profiles.ihe.net/ITI/Scheduling/). Free times come from `Appointment/$find` (ITI-115) as
 * proposed Appointments, each naming its Slot (the app's Slot id stays the EHR's Slot id in both modes);
 * `$hold` (ITI-116) holds one, `$book` (ITI-117) books (`appointment-resource` at status `pending`,
 * with the hold's id when there is one), moves (status `booked`, another Slot) and cancels (status
 * `cancelled`), with `meta.versionId` as the expected version. The server decides atomically; a 409 is
 * a time that was taken or an appointment that changed. Nothing here writes a Slot.
 */
import { createHash } from 'node:crypto';
import type { Appointment as FhirAppointment, Bundle, Parameters, Resource } from 'fhir/r4';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { ProviderSettings } from '@/lib/tenancy/tenant-settings';
import type { Page, Slot, SlotHold, SlotQuery } from '../types';
import { referenceId, toAppointment } from './mappers';
import type { FhirTransport } from './transport';

/** The extension on a held (pending) Appointment that says until when it is held. */
export const HOLD_EXPIRES_URL = 'https://fhir-scheduling.example/StructureDefinition/hold-expires';

const cursorSchema = z.object({
  v: z.literal(1),
  after: z.iso.datetime({ offset: true }),
  skip: z.array(z.string().min(1).max(64)).max(200),
});
type FindCursor = z.infer<typeof cursorSchema>;

function encodeCursor(cursor: FindCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(raw: string): FindCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('invalid_input', 'request.invalidCursor');
  }
}

/** The Appointments an operation answered (a Bundle, a Parameters with `return`, or a bare Appointment). */
export function appointmentsOf(answer: Resource): FhirAppointment[] {
  if (answer.resourceType === 'Appointment') return [answer as FhirAppointment];
  if (answer.resourceType === 'Parameters') {
    const inner = (answer as Parameters).parameter?.find((parameter) => parameter.name === 'return')?.resource;
    return inner ? appointmentsOf(inner) : [];
  }
  if (answer.resourceType !== 'Bundle') return [];
  return ((answer as Bundle).entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is FhirAppointment => resource?.resourceType === 'Appointment');
}

/** A stable id for the schedule of a practitioner at a location (a proposed Appointment names no Schedule). */
function scheduleIdFor(practitionerId: string | null, locationId: string | null): string {
  return `ops-${createHash('sha256')
    .update(`${practitionerId ?? ''}|${locationId ?? ''}`)
    .digest('hex')
    .slice(0, 32)}`;
}

/** A proposed Appointment as the free Slot it stands for; null when it names no Slot. */
function slotOf(proposed: FhirAppointment, serviceTypeSystem: string | undefined): Slot | null {
  const slotId = referenceId(proposed.slot?.[0]?.reference, 'Slot');
  if (!slotId || !proposed.start || !proposed.end) return null;
  const mapped = toAppointment(
    { ...proposed, id: proposed.id ?? slotId, meta: { ...proposed.meta, versionId: proposed.meta?.versionId ?? '1' } },
    serviceTypeSystem,
  );
  return {
    id: slotId,
    // The operations decide availability themselves; the version is not sent back.
    version: proposed.meta?.versionId ?? 'proposed',
    scheduleId: scheduleIdFor(mapped.practitionerId, mapped.locationId),
    start: mapped.start,
    end: mapped.end,
    status: 'free',
    serviceCode: mapped.serviceCode,
    practitionerId: mapped.practitionerId,
    locationId: mapped.locationId,
  };
}

function parameters(...parameter: NonNullable<Parameters['parameter']>): Parameters {
  return { resourceType: 'Parameters', parameter };
}

export class SchedulingOperations {
  constructor(
    private readonly fhir: FhirTransport,
    private readonly settings: ProviderSettings,
  ) {}

  private serviceToken(code: string): string {
    return this.settings.serviceTypeSystem ? `${this.settings.serviceTypeSystem}|${code}` : code;
  }

  /** One `$find` call: the proposed Appointments for the query from `start`, as Slots, earliest first. */
  private async findFrom(query: SlotQuery, start: string, count: number): Promise<Slot[]> {
    const search = new URLSearchParams({ start, end: new Date(query.to).toISOString() });
    search.append('visit-type', this.serviceToken(query.serviceCode));
    if (query.practitionerId) search.append('practitioner', `Practitioner/${query.practitionerId}`);
    if (query.locationId) search.append('location-reference', `Location/${query.locationId}`);
    search.append('_count', String(count));
    const answer = await this.fhir.search(`Appointment/$find?${search.toString()}`);
    return appointmentsOf(answer)
      .filter((appointment) => appointment.status === 'proposed' || appointment.status === undefined)
      .flatMap((appointment) => slotOf(appointment, this.settings.serviceTypeSystem) ?? [])
      .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  }

  /**
   * Free slots by `$find`, one call per page. The cursor is the start of the last slot handed out and
   * the ids already handed out at that instant (the next call starts there and skips them), so paging
   * needs nothing of the server but `start` and `_count`.
   */
  async find(query: SlotQuery): Promise<Page<Slot>> {
    const pageSize = Math.min(Math.max(query.pageSize ?? 30, 1), 100);
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    const start = cursor && cursor.after > from ? new Date(cursor.after).toISOString() : from;
    const skip = new Set(cursor?.skip ?? []);
    const found = await this.findFrom(query, start, Math.min(pageSize + skip.size + 1, 100));
    // Servers may widen a search; never offer a slot that is not in range or not what was asked.
    const wanted = found.filter(
      (slot) =>
        !skip.has(slot.id) &&
        slot.start >= start &&
        slot.start >= from &&
        slot.start < to &&
        (slot.serviceCode === null || slot.serviceCode === query.serviceCode) &&
        (!query.practitionerId || slot.practitionerId === query.practitionerId) &&
        (!query.locationId || slot.locationId === query.locationId),
    );
    const items = wanted.slice(0, pageSize);
    const last = items.at(-1);
    const more = wanted.length > pageSize || found.length >= Math.min(pageSize + skip.size + 1, 100);
    if (!last || !more) return { items, next: null };
    const atLast = items.filter((slot) => slot.start === last.start).map((slot) => slot.id);
    const carried = cursor && new Date(cursor.after).toISOString() === last.start ? [...skip] : [];
    return { items, next: encodeCursor({ v: 1, after: last.start, skip: [...new Set([...carried, ...atLast])] }) };
  }

  /** The proposed Appointment `$find` offers for exactly this slot, or null when it is not free. */
  private async proposedFor(slot: Slot): Promise<FhirAppointment | null> {
    const search = new URLSearchParams({
      start: slot.start,
      end: new Date(new Date(slot.start).getTime() + 1000).toISOString(),
    });
    if (slot.serviceCode) search.append('visit-type', this.serviceToken(slot.serviceCode));
    if (slot.practitionerId) search.append('practitioner', `Practitioner/${slot.practitionerId}`);
    if (slot.locationId) search.append('location-reference', `Location/${slot.locationId}`);
    search.append('_count', '100');
    const answer = await this.fhir.search(`Appointment/$find?${search.toString()}`);
    return (
      appointmentsOf(answer).find((appointment) =>
        appointment.slot?.some((reference) => referenceId(reference.reference, 'Slot') === slot.id),
      ) ?? null
    );
  }

  /** `$hold` of the slot for the patient; `conflict` when it is no longer free. */
  async hold(slot: Slot, patientId: string, seconds: number): Promise<SlotHold> {
    const proposed = await this.proposedFor(slot);
    if (!proposed?.id) throw new AppError('conflict', 'booking.slotJustTaken');
    const requestedUntil = new Date(Date.now() + seconds * 1000).toISOString();
    const answer = await this.fhir
      .operation<Resource>(
        'Appointment/$hold',
        parameters(
          { name: 'appointment-reference', valueReference: { reference: `Appointment/${proposed.id}` } },
          { name: 'patient-reference', valueReference: { reference: `Patient/${patientId}` } },
          { name: 'expires', valueInstant: requestedUntil },
        ),
      )
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'conflict')
          throw new AppError('conflict', 'booking.slotJustTaken', { cause: error });
        throw error;
      });
    const held = appointmentsOf(answer).find((appointment) => appointment.status === 'pending');
    if (!held?.id) throw new AppError('conflict', 'booking.slotJustTaken');
    const expires = held.extension?.find((extension) => extension.url === HOLD_EXPIRES_URL)?.valueInstant;
    return {
      id: held.id,
      slotId: slot.id,
      expiresAt: new Date(expires ?? requestedUntil).toISOString(),
    };
  }

  /** `$book` with an Appointment resource: the resulting Appointment. */
  async book(resource: FhirAppointment): Promise<FhirAppointment> {
    const answer = await this.fhir.operation<Resource>(
      'Appointment/$book',
      parameters({ name: 'appointment-resource', resource }),
    );
    const result = appointmentsOf(answer)[0];
    if (!result?.id) throw new AppError('unavailable', 'ehr.appointmentUnconfirmed');
    return result;
  }
}

/** Whether an Appointment is (or was) only a hold: pending under a hold, or a hold that ended. */
export function isHoldOnly(appointment: FhirAppointment): boolean {
  const held = appointment.extension?.some((extension) => extension.url === HOLD_EXPIRES_URL) === true;
  return held && (appointment.status === 'pending' || appointment.status === 'cancelled');
}
