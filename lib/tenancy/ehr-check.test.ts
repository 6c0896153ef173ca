import { describe, expect, it } from 'vitest';
import { renderCheckItem } from '@/lib/i18n/ehr-check-text';
import { bookingAllowedBy, ehrCheckReportSchema } from './ehr-check';

describe('the stored EHR check', () => {
  it('reads a report stored before the check spoke in codes: titles from the keys, the old words marked', () => {
    const stored = ehrCheckReportSchema.parse({
      checkedAt: '2026-11-30T10:00:00.000Z',
      bookingAllowed: false,
      items: [
        { key: 'type:Slot', title: 'Slot', status: 'missing', required: true, detail: 'No Slot.' },
        { key: 'atomic', title: 'Atomic transactions (probe)', status: 'wrong', required: true, detail: 'Batches.' },
      ],
    });
    expect(bookingAllowedBy(stored.items)).toBe(false);
    const [slot, atomic] = stored.items.map((item) => renderCheckItem(item, 'es'));
    expect(slot).toMatchObject({ key: 'type:Slot', status: 'missing', required: true, title: 'Tipo de recurso Slot' });
    expect(slot?.detail).toMatch(/^De una versión anterior de la verificación, solo en inglés .*«No Slot\.»$/);
    expect(atomic).toMatchObject({ key: 'atomic', status: 'wrong', title: 'Transacciones atómicas (prueba)' });
    expect(atomic?.detail).toContain('«Batches.»');
    expect(renderCheckItem(stored.items[1]!, 'en').detail).toBe(
      'From an earlier version of the check (run it again for current advice): “Batches.”',
    );
  });

  it('refuses a report whose item names a code no catalogue has', () => {
    const report = {
      checkedAt: '2026-11-30T10:00:00.000Z',
      bookingAllowed: true,
      items: [{ key: 'scope', title: { code: 'scope' }, status: 'ok', required: true, detail: [{ code: 'nope' }] }],
    };
    expect(ehrCheckReportSchema.safeParse(report).success).toBe(false);
    report.items[0]!.detail = [{ code: 'scopeCovers' }];
    expect(ehrCheckReportSchema.safeParse(report).success).toBe(true);
  });
});
