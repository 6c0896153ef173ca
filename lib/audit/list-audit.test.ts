import { describe, expect, it } from 'vitest';
import { auditRowsToCsv, type AuditRow } from './list-audit';

const row: AuditRow = {
  id: '7',
  occurredAt: '2026-11-24T02:00:00.000Z',
  actorType: 'staff',
  actorId: 'a1',
  actorRole: 'admin',
  patientId: null,
  action: 'staff.login',
  outcome: 'success',
  requestId: 'req-00000001',
  ip: '127.0.0.1',
  userAgent: 'Mozilla/5.0 (X11, "quoted")',
};

describe('audit CSV export', () => {
  it('has a header row and quotes cells with commas or quotes', () => {
    const [header, line] = auditRowsToCsv([row]).split('\r\n');
    expect(header).toBe('id,occurredAt,actorType,actorId,actorRole,patientId,action,outcome,requestId,ip,userAgent');
    expect(line).toBe(
      // eslint-disable-next-line @stylistic/max-len -- test data: the exact CSV row, asserted byte for byte
      '7,2026-11-24T02:00:00.000Z,staff,a1,admin,,staff.login,success,req-00000001,127.0.0.1,"Mozilla/5.0 (X11, ""quoted"")"',
    );
  });

  it('defuses values that a spreadsheet would run as formulas', () => {
    const csv = auditRowsToCsv([{ ...row, userAgent: '=HYPERLINK("http://evil.example")' }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });
});
