/**
 * A loopback stand-in for an X12 clearinghouse's real-time eligibility endpoint, for tests: it parses
 * each 270 with node-x12 (refusing what does not parse, as a clearinghouse would) and answers a real
 * 271 built with node-x12, chosen by the member id (NM1*IL09) prefix:
 *  - `INA...`  coverage inactive (EB*6)
 *  - `ERR...`  AAA*N**75*C in the subscriber loop (subscriber not found)
 *  - `BUSY...` AAA*N**42*R (unable to respond now)
 *  - `BAD...`  a 271 whose SE count is wrong (malformed)
 *  - `JUNK...` not X12 at all
 *  - `SLOW...` answers after `slowMs` (longer than the adapter's timeout)
 *  - `DWN...`  HTTP 503
 *  - anything else: active (EB*1, plan "GOLD PPO 500"), office copay EB*B ... 25 (EB07)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X12Interchange, X12Parser, type X12SerializationOptions, type X12Transaction } from 'node-x12';

export interface ClearinghouseStub {
  endpoint: string;
  /** Every 270 received, as sent. */
  inquiries: string[];
  /** Authorization headers received. */
  authorizations: (string | null)[];
  close: () => Promise<void>;
}

const DELIMITERS: X12SerializationOptions = {
  segmentTerminator: '~',
  elementDelimiter: '*',
  subElementDelimiter: ':',
  repetitionDelimiter: '^',
};

function build271(inquiry: X12Transaction, memberId: string, kind: 'active' | 'inactive' | 'aaa75' | 'aaa42'): string {
  const segment = (tag: string): string[] =>
    inquiry.segments.find((entry) => entry.tag === tag)?.elements.map((element) => element.value) ?? [];
  const trace = inquiry.segments.find((entry) => entry.tag === 'TRN')?.valueOf(2, '') ?? '';
  const subscriber = inquiry.segments.find((entry) => entry.tag === 'NM1' && entry.valueOf(1) === 'IL');
  const interchange = new X12Interchange(DELIMITERS);
  interchange.setHeader([
    '00',
    ''.padEnd(10),
    '00',
    ''.padEnd(10),
    'ZZ',
    'CLEARINGHOUSE'.padEnd(15),
    'ZZ',
    'CLINIC'.padEnd(15),
    '261125',
    '0130',
    '^',
    '00501',
    '000000777',
    '0',
    'T',
    ':',
  ]);
  const group = interchange.addFunctionalGroup();
  group.setHeader(['HB', 'CLEARINGHOUSE', 'CLINIC', '20261125', '0130', '777', 'X', '005010X279A1']);
  const transaction = group.addTransaction();
  transaction.setHeader(['271', '0001', '005010X279A1']);
  transaction.addSegment('BHT', ['0022', '11', segment('BHT')[2] ?? '', '20261125', '0130']);
  transaction.addSegment('HL', ['1', '', '20', '1']);
  const payer = inquiry.segments.find((entry) => entry.tag === 'NM1' && entry.valueOf(1) === 'PR');
  transaction.addSegment('NM1', [
    'PR',
    '2',
    payer?.valueOf(3, '') ?? 'PAYER',
    '',
    '',
    '',
    '',
    'PI',
    payer?.valueOf(9, '') ?? '',
  ]);
  transaction.addSegment('HL', ['2', '1', '21', '1']);
  transaction.addSegment('NM1', ['1P', '2', 'CLINIC', '', '', '', '', 'XX', '1234567893']);
  transaction.addSegment('HL', ['3', '2', '22', '0']);
  transaction.addSegment('TRN', ['2', trace, '9CLEARHOUSE']);
  transaction.addSegment('NM1', [
    'IL',
    '1',
    subscriber?.valueOf(3, '') ?? '',
    subscriber?.valueOf(4, '') ?? '',
    '',
    '',
    '',
    'MI',
    memberId,
  ]);
  switch (kind) {
    case 'aaa75':
      transaction.addSegment('AAA', ['N', '', '75', 'C']);
      break;
    case 'aaa42':
      transaction.addSegment('AAA', ['N', '', '42', 'R']);
      break;
    case 'inactive':
      transaction.addSegment('EB', ['6', 'IND', '30']);
      transaction.addSegment('MSG', ['COVERAGE TERMINATED 2026-06-30']);
      break;
    case 'active':
      transaction.addSegment('EB', ['1', 'IND', '30', 'HM', 'GOLD PPO 500']);
      transaction.addSegment('EB', ['B', 'IND', '98', 'HM', '', '27', '25']);
      break;
  }
  return interchange.toString();
}

export async function startClearinghouseStub(options: { slowMs?: number } = {}): Promise<ClearinghouseStub> {
  const inquiries: string[] = [];
  const authorizations: (string | null)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const send = (status: number, text: string): void => {
        response.writeHead(status, { 'content-type': 'application/edi-x12' });
        response.end(text);
      };
      if (request.method !== 'POST') return send(405, '');
      inquiries.push(body);
      authorizations.push(request.headers.authorization ?? null);
      let transaction: X12Transaction | undefined;
      try {
        const parsed = new X12Parser(true).parse(body);
        transaction = Array.isArray(parsed) ? undefined : parsed.functionalGroups[0]?.transactions[0];
      } catch {
        transaction = undefined;
      }
      if (!transaction || transaction.header.valueOf(1) !== '270') return send(400, 'not a 270');
      const memberId =
        transaction.segments.find((entry) => entry.tag === 'NM1' && entry.valueOf(1) === 'IL')?.valueOf(9, '') ?? '';
      if (memberId.startsWith('DWN')) return send(503, '');
      if (memberId.startsWith('JUNK')) return send(200, '<html>Gateway error</html>');
      if (memberId.startsWith('SLOW')) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(200, build271(transaction, memberId, 'active'));
        }, options.slowMs ?? 3000);
        timers.add(timer);
        return;
      }
      if (memberId.startsWith('BAD'))
        return send(200, build271(transaction, memberId, 'active').replace(/SE\*\d+\*/, 'SE*99*'));
      const kind = memberId.startsWith('INA')
        ? 'inactive'
        : memberId.startsWith('ERR')
          ? 'aaa75'
          : memberId.startsWith('BUSY')
            ? 'aaa42'
            : 'active';
      send(200, build271(transaction, memberId, kind));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/eligibility/realtime`,
    inquiries,
    authorizations,
    close: async () => {
      timers.forEach((timer) => clearTimeout(timer));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
