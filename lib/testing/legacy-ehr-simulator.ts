/* eslint-disable @stylistic/max-len -- fixed lines of HL7 test data read best whole, one segment a line */
/**
 * A loopback legacy EHR for tests and the benchmark: it writes realistic HL7 v2.5.1 ADT and SIU messages
 * (made up for tests, no real patients), sends them to a clinic's MLLP port, and receives the app's SIU
 * messages on a port of its own, answering each with an ACK (or a NAK, when told to).
 */
import { startMllpListener, type MllpListener } from '@/lib/bridge/mllp/mllp-listener';
import { MllpClient } from '@/lib/bridge/mllp/mllp-client';
import { readAck } from '@/lib/bridge/hl7/build-hl7';
import { field, parseHl7 } from '@/lib/bridge/hl7/parse-hl7';

let counter = 0;
export function nextControlId(prefix = 'SIM'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${String(counter).padStart(6, '0')}`;
}

function msh(type: string, controlId: string, sentAt: string): string {
  return `MSH|^~\\&|LEGACY-EHR|LAKESIDE|FHIR-SCHEDULING|LAKESIDE|${sentAt}||${type}|${controlId}|P|2.5.1|||AL|NE||UNICODE UTF-8`;
}

export interface SimPatient {
  mrn: string;
  family: string;
  given: string;
  birthDate: string; // YYYYMMDD
  sex?: string;
  phone?: string; // 3125550101
  email?: string;
  language?: string;
  guardian?: { mrn: string; relationship: 'MTH' | 'FTH' | 'GRD'; family: string; given: string };
}

export function adtMessage(
  event: 'A04' | 'A08' | 'A28' | 'A31',
  patient: SimPatient,
  options: { controlId?: string; sentAt?: string } = {},
): string {
  const phone = patient.phone ? `^PRN^PH^^1^${patient.phone.slice(0, 3)}^${patient.phone.slice(3)}` : '';
  const email = patient.email ? `^NET^Internet^${patient.email}` : '';
  const telecom = [phone, email].filter(Boolean).join('~');
  const segments = [
    msh(`ADT^${event}^ADT_A01`, options.controlId ?? nextControlId(), options.sentAt ?? '20310601090000'),
    `EVN|${event}|${options.sentAt ?? '20310601090000'}`,
    `PID|1||${patient.mrn}^^^LAKESIDE^MR||${patient.family}^${patient.given}||${patient.birthDate}|${patient.sex ?? 'F'}|||` +
      `55 E Washington St^^Chicago^IL^60602||${telecom}||${patient.language ?? ''}`,
    'PV1|1|O',
  ];
  if (patient.guardian)
    segments.push(
      `NK1|1|${patient.guardian.family}^${patient.guardian.given}|${patient.guardian.relationship}^Mother^HL70063` +
        `${'|'.repeat(30)}${patient.guardian.mrn}^^^LAKESIDE^MR`,
    );
  return segments.join('\r');
}

export interface SimAppointment {
  fillerId: string;
  placerId?: string;
  mrn: string;
  /** Local clinic time, YYYYMMDDHHMM (or an HL7 instant with its offset). */
  start: string;
  minutes: number;
  npi?: string;
  service?: string;
  reason?: string;
}

export function siuMessage(
  event: 'S12' | 'S13' | 'S14' | 'S15' | 'S16' | 'S17' | 'S23' | 'S24' | 'S26',
  appointment: SimAppointment,
  options: { controlId?: string; sentAt?: string } = {},
): string {
  const status = { S15: 'Cancelled', S16: 'Discontinued', S17: 'Deleted', S26: 'Noshow' }[event as string] ?? 'Booked';
  return [
    msh(`SIU^${event}^SIU_S12`, options.controlId ?? nextControlId(), options.sentAt ?? '20310601090000'),
    `SCH|${appointment.placerId ?? ''}|${appointment.fillerId}^LEGACY-EHR||||${event === 'S15' ? '^Clinician unavailable' : ''}|` +
      `^${appointment.reason ?? 'Checkup'}||${appointment.minutes}|MIN|^^${appointment.minutes}^${appointment.start}|||||||||||||${status}`,
    `PID|1||${appointment.mrn}^^^LAKESIDE^MR||Unknown^Unknown`,
    'RGS|1',
    `AIS|1||${appointment.service ?? 'primary-care'}^Primary care visit|${appointment.start}||${appointment.minutes}|MIN`,
    ...(appointment.npi ? [`AIP|1||${appointment.npi}^Wong^Grace|||${appointment.start}`] : []),
  ].join('\r');
}

/**
 * The EHR's own change to an appointment the app sent it (its SIU S12): the same appointment (the app's
 * id as placer id, the EHR's own filler id), patient and time, with another event (S15: cancelled there).
 */
export function siuAbout(
  appSiu: string,
  event: 'S13' | 'S14' | 'S15' | 'S17' | 'S26',
  options: { fillerId: string; sentAt?: string },
): string {
  const parsed = parseHl7(appSiu);
  const sch = parsed.message.getSegment('SCH');
  const pid = parsed.message.getSegment('PID');
  const aip = parsed.message.getSegment('AIP');
  const npi = field(aip, 3, 1);
  return siuMessage(
    event,
    {
      fillerId: options.fillerId,
      placerId: field(sch, 1, 1),
      mrn: field(pid, 3, 1),
      start: field(sch, 11, 4),
      minutes: Number(field(sch, 11, 3)),
      ...(npi ? { npi } : {}),
    },
    options.sentAt ? { sentAt: options.sentAt } : {},
  );
}

/** The legacy EHR's connection to the clinic's MLLP port. */
export function simulatorConnection(port: number, host = '127.0.0.1'): MllpClient {
  return new MllpClient(host, port, 20_000);
}

/** MSA-1 of an answer: AA, AE or AR. */
export function ackCode(answer: string): string {
  return readAck(answer)?.code ?? '';
}

export interface SimReceiver {
  port: number;
  received: string[];
  /** Answers the next messages with AE (the EHR refuses them: the slot was taken there). */
  refuseNext: (count: number) => void;
  close: () => Promise<void>;
}

/** The legacy EHR's own MLLP port, where the app sends its SIU messages (any free port unless given). */
export async function startSimReceiver(options: { port?: number } = {}): Promise<SimReceiver> {
  const received: string[] = [];
  let refusals = 0;
  const listener: MllpListener = await startMllpListener({
    host: '127.0.0.1',
    port: options.port ?? 0,
    onMessage: (text) => {
      received.push(text);
      const controlId = text.split('\r')[0]?.split('|')[9] ?? '';
      if (refusals > 0) {
        refusals -= 1;
        return Promise.resolve(
          `MSH|^~\\&|LEGACY-EHR|LAKESIDE|||20310601090000||ACK|${nextControlId('ACK')}|P|2.5.1\rMSA|AE|${controlId}|Slot already taken`,
        );
      }
      return Promise.resolve(
        `MSH|^~\\&|LEGACY-EHR|LAKESIDE|||20310601090000||ACK|${nextControlId('ACK')}|P|2.5.1\rMSA|AA|${controlId}`,
      );
    },
  });
  return {
    port: listener.port,
    received,
    refuseNext: (count) => {
      refusals = count;
    },
    close: listener.close,
  };
}
