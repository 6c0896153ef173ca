import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** axe finds nothing serious or critical on the page (each violation reported with `label`). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // After a client-side navigation the new page's title comes with its streamed metadata: wait for it.
  await expect(page, `${label}: the page has a title`).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(serious.map((violation) => `${label}: ${violation.id}`)).toEqual([]);
}
