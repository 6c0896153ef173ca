import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { SiteHeader } from '@/components/site-header';
import { appDeps } from '@/lib/server/context';
import { AppError } from '@/lib/errors';
import { assertOutboxAvailable, listOutbox } from '@/lib/notify/outbox';

export const metadata: Metadata = { title: 'Development outbox' };

/** Development only: what would have been texted or emailed. */
export default async function OutboxPage(): Promise<React.ReactElement> {
  await connection();
  try {
    assertOutboxAvailable(await headers());
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
  const messages = await listOutbox(appDeps().database, { limit: 50 });
  return (
    <>
      <SiteHeader homeHref="/" title="Development outbox" />
      <main id="main">
        <h1>Development outbox</h1>
        <p className="muted">
          Messages recorded by this development deployment. Nothing here was sent to a phone or mailbox unless Twilio or
          SMTP is configured.
        </p>
        {messages.length === 0 ? <p className="card">No messages yet.</p> : null}
        <ol className="card-list" aria-label="Messages, newest first">
          {messages.map((message) => (
            <li
              key={message.id}
              className="card outbox-message"
              data-recipient={message.recipient}
              data-template={message.template}
            >
              <p className="muted">
                {message.channel.toUpperCase()} to {message.recipient} · {message.template} · {message.status} ·{' '}
                <time dateTime={message.createdAt}>{new Date(message.createdAt).toLocaleString('en-US')}</time>
              </p>
              {message.subject ? (
                <p>
                  <strong>{message.subject}</strong>
                </p>
              ) : null}
              <p className="outbox-text">{message.text}</p>
            </li>
          ))}
        </ol>
      </main>
    </>
  );
}
