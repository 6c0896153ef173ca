import { expect, test } from '@playwright/test';
import { runDbTask } from './support/db-task-client';

test('a queued code is delivered by the server’s own workers into the development outbox', async ({
  page,
  request,
}) => {
  runDbTask('queueDemoCode', { phone: '(312) 555-0188', code: '246810' });
  await expect
    .poll(async () => {
      const response = await request.get('/api/dev/outbox?to=%2B13125550188');
      const { messages } = (await response.json()) as { messages: { text: string; status: string }[] };
      return messages.find((message) => message.text.includes('246810'))?.status ?? 'missing';
    })
    .toBe('sent');
  await page.goto('/dev/outbox');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Development outbox');
  await expect(page.locator('.outbox-message[data-recipient="+13125550188"]').first()).toContainText(
    'your login code is 246810',
  );
});
