import { X12Parser, type X12Interchange } from 'node-x12';
import { describe, expect, it } from 'vitest';
import type { EligibilityQuery } from '../eligibility-provider';
import { build270, type X12Settings } from './build-270';
import { interpret271 } from './interpret-271';

const settings: X12Settings = {
  kind: 'x12',
  endpoint: 'http://127.0.0.1:1/x',
  senderId: 'LAKESIDE',
  receiverId: 'CLEARHOUSE',
  providerName: 'Lakeside Community Health',
  providerNpi: '1234567893',
  usage: 'T',
};
const query: EligibilityQuery = {
  payer: { payerId: 'BPHP1', name: 'Blue Prairie Health Plan', ehrPayerId: 'payer-blue-prairie' },
  memberId: 'BPHP1100000',
  groupNumber: 'GRP-7',
  relationship: 'self',
  patient: { id: 'p1', given: 'María', family: 'López*~', birthDate: '1986-04-12', gender: 'female' },
  coverageId: 'c1',
  serviceDate: '2026-11-26',
  traceId: 'TRACE0001',
};

function segmentsOf(edi: string): string[][] {
  const interchange = new X12Parser(true).parse(edi) as X12Interchange;
  return (interchange.functionalGroups[0]?.transactions[0]?.segments ?? []).map((segment) => [
    segment.tag,
    ...segment.elements.map((element) => element.value),
  ]);
}

/** A 271 around the given subscriber-loop segments, with correct control counts. */
function a271(body: string[], trace = 'TRACE0001'): string {
  const segments = [
    'BHT*0022*11*TRACE0001*20261125*0130',
    'HL*1**20*1',
    'NM1*PR*2*BLUE PRAIRIE*****PI*BPHP1',
    'HL*2*1*21*1',
    'NM1*1P*2*LAKESIDE*****XX*1234567893',
    'HL*3*2*22*0',
    `TRN*2*${trace}*9CLEARHOUSE`,
    'NM1*IL*1*LOPEZ*MARIA****MI*BPHP1100000',
    ...body,
  ];
  return (
    [
      'ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*LAKESIDE       *261125*0130*^*00501*000000001*0*T*:',
      'GS*HB*CLEARHOUSE*LAKESIDE*20261125*0130*1*X*005010X279A1',
      'ST*271*0001*005010X279A1',
      ...segments,
      `SE*${segments.length + 2}*0001`,
      'GE*1*1',
      'IEA*1*000000001',
    ].join('~') + '~'
  );
}

describe('building a 270', () => {
  it('is a valid 005010X279A1 interchange: payer, provider, subscriber, date of service, service type 30', () => {
    const { edi, controlNumber } = build270(query, settings, {
      now: new Date('2026-11-25T01:30:00Z'),
      controlNumber: 42,
    });
    expect(controlNumber).toBe('000000042');
    expect(
      edi.startsWith(
        'ISA*00*          *00*          *ZZ*LAKESIDE       *ZZ*CLEARHOUSE     *261125*0130*^*00501*000000042*0*T*:~',
      ),
    ).toBe(true);
    const segments = segmentsOf(edi);
    expect(segments).toContainEqual(['NM1', 'PR', '2', 'BLUE PRAIRIE HEALTH PLAN', '', '', '', '', 'PI', 'BPHP1']);
    expect(segments).toContainEqual([
      'NM1',
      '1P',
      '2',
      'LAKESIDE COMMUNITY HEALTH',
      '',
      '',
      '',
      '',
      'XX',
      '1234567893',
    ]);
    expect(segments).toContainEqual(['NM1', 'IL', '1', 'LOPEZ', 'MARIA', '', '', '', 'MI', 'BPHP1100000']);
    expect(segments).toContainEqual(['REF', '6P', 'GRP-7']);
    expect(segments).toContainEqual(['DMG', 'D8', '19860412', 'F']);
    expect(segments).toContainEqual(['DTP', '291', 'D8', '20261126']);
    expect(segments).toContainEqual(['EQ', '30']);
    expect(segments).toContainEqual(['TRN', '1', 'TRACE0001', '9LAKESIDE']);
  });

  it('puts a child under the guardian as subscriber, in a dependent loop', () => {
    const { edi } = build270(
      {
        ...query,
        relationship: 'child',
        patient: { id: 'c', given: 'Sofia', family: 'Lopez', birthDate: '2017-08-03', gender: 'female' },
        subscriber: { id: 'g', given: 'Maria', family: 'Lopez', birthDate: '1986-04-12' },
      },
      settings,
      { now: new Date(), controlNumber: 1 },
    );
    const segments = segmentsOf(edi);
    expect(segments).toContainEqual(['HL', '3', '2', '22', '1']);
    expect(segments).toContainEqual(['NM1', 'IL', '1', 'LOPEZ', 'MARIA', '', '', '', 'MI', 'BPHP1100000']);
    expect(segments).toContainEqual(['HL', '4', '3', '23', '0']);
    expect(segments).toContainEqual(['NM1', '03', '1', 'LOPEZ', 'SOFIA']);
    expect(segments).toContainEqual(['INS', 'N', '19']);
  });
});

describe('reading a 271', () => {
  it('active coverage gives the plan name and the office copay', () => {
    expect(interpret271(a271(['EB*1*IND*30*HM*GOLD PPO 500', 'EB*B*IND*98*HM**27*25']), 'TRACE0001')).toEqual({
      status: 'active',
      reason: null,
      payerMessage: null,
      payerNotices: [],
      planName: 'GOLD PPO 500',
      copay: '25.00',
    });
  });

  it('inactive coverage carries the payer message', () => {
    expect(interpret271(a271(['EB*6*IND*30', 'MSG*COVERAGE TERMINATED']))).toMatchObject({
      status: 'inactive',
      payerMessage: 'COVERAGE TERMINATED',
    });
  });

  it('AAA rejections are unknown with their reject reason codes; "unable to respond now" is an outage', () => {
    expect(interpret271(a271(['AAA*N**75*C']))).toEqual({
      status: 'unknown',
      reason: 'rejected',
      payerMessage: null,
      payerNotices: [{ kind: 'rejected', rejectReason: '75' }],
      planName: null,
      copay: null,
    });
    expect(interpret271(a271(['AAA*N**72*C', 'AAA*N**58*C']))).toMatchObject({
      reason: 'rejected',
      payerNotices: [
        { kind: 'rejected', rejectReason: '72' },
        { kind: 'rejected', rejectReason: '58' },
      ],
    });
    expect(interpret271(a271(['AAA*N**42*R']))).toMatchObject({
      status: 'unknown',
      reason: 'unavailable',
      payerNotices: [{ kind: 'rejected', rejectReason: '42' }],
    });
  });

  it('a payer that cannot process the inquiry (EB01 V) says so as a code, beside its own words', () => {
    expect(interpret271(a271(['EB*V', 'MSG*CALL PROVIDER SERVICES']))).toMatchObject({
      status: 'unknown',
      reason: 'rejected',
      payerMessage: 'CALL PROVIDER SERVICES',
      payerNotices: [{ kind: 'cannot_process' }],
    });
  });

  it('malformed documents, other transactions, foreign trace numbers and empty answers are "malformed"', () => {
    const good = a271(['EB*1*IND*30']);
    expect(interpret271(good.replace(/SE\*\d+\*/, 'SE*99*'))).toMatchObject({ status: 'unknown', reason: 'malformed' });
    expect(interpret271('<html>Bad gateway</html>')).toMatchObject({ reason: 'malformed' });
    expect(interpret271(good.replace('ST*271', 'ST*270'))).toMatchObject({ reason: 'malformed' });
    expect(interpret271(good, 'ANOTHERTRACE')).toMatchObject({ reason: 'malformed' });
    expect(interpret271(a271([]))).toMatchObject({ reason: 'malformed' });
  });
});
