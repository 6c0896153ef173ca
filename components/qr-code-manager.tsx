'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { FormError } from './form-error';
import { QrCodeCard } from './qr-code-card';
import { useHydrated } from './use-hydrated';

export interface QrCodeManagerProps {
  tenantSlug: string;
  active: boolean;
  /** Already formatted for the patient. */
  expires: string | null;
  lastUsed: string | null;
}

/** The profile's QR code: make a new one (shown once; the old one stops working) or turn it off. */
export function QrCodeManager({ tenantSlug, active, expires, lastUsed }: QrCodeManagerProps): React.ReactElement {
  const t = useTranslations('profile');
  const hydrated = useHydrated();
  const [qr, setQr] = useState<{ svg: string; pngDataUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function reissue(): void {
    setPending(true);
    setError(null);
    void fetch(`/api/${tenantSlug}/me/qr`, { method: 'POST' })
      .then(async (response) => {
        setPending(false);
        const body = (await response.json().catch(() => null)) as {
          svg?: string;
          pngDataUrl?: string;
          error?: { message: string };
        } | null;
        if (response.ok && body?.svg && body.pngDataUrl) setQr({ svg: body.svg, pngDataUrl: body.pngDataUrl });
        else setError(body?.error?.message ?? t('failed'));
      })
      .catch(() => {
        setPending(false);
        setError(t('failed'));
      });
  }

  function revoke(): void {
    setPending(true);
    setError(null);
    void fetch(`/api/${tenantSlug}/me/qr`, { method: 'DELETE' })
      .then(async (response) => {
        if (response.ok) return signOut({ callbackUrl: `/${tenantSlug}` });
        setPending(false);
        setError(t('failed'));
      })
      .catch(() => {
        setPending(false);
        setError(t('failed'));
      });
  }

  return (
    <>
      {qr ? (
        <>
          <p role="status">{t('qrNew')}</p>
          <QrCodeCard svg={qr.svg} pngDataUrl={qr.pngDataUrl} fileName={`${tenantSlug}-qr-login.png`} />
        </>
      ) : (
        <p>{active ? t('qrActive', { expires: expires ?? '' }) : t('qrNone')}</p>
      )}
      {!qr && active && lastUsed ? <p className="muted">{t('qrLastUsed', { when: lastUsed })}</p> : null}
      {!qr && active ? <p className="muted">{t('qrCannotShow')}</p> : null}
      <FormError message={error} />
      <div className="actions">
        <button className="button button--secondary" type="button" disabled={!hydrated || pending} onClick={reissue}>
          {active || qr ? t('qrReissue') : t('qrIssue')}
        </button>
        {active || qr ? (
          <button className="button button--secondary" type="button" disabled={!hydrated || pending} onClick={revoke}>
            {t('qrRevoke')}
          </button>
        ) : null}
      </div>
      {active || qr ? <p className="muted">{t('qrRevokeHint')}</p> : null}
    </>
  );
}
