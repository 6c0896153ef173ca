'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { identityApi } from '@/lib/api/identity';
import { FormError } from './form-error';
import { QrCodeCard } from './qr-code-card';
import { latestErrorMessage, useApiMutation } from './use-api-mutation';
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
  // The new code is shown once: it stays on screen until the page is left.
  const [qr, setQr] = useState<{ svg: string; pngDataUrl: string } | null>(null);
  const reissue = useApiMutation(identityApi.reissueQr, {
    fallbackMessage: t('failed'),
    onSuccess: (image) => setQr(image),
  });
  // Signing out leaves the page: the buttons stay disabled until it does.
  const revoke = useApiMutation(identityApi.revokeQr, {
    fallbackMessage: t('failed'),
    onSuccess: () => signOut({ callbackUrl: `/${tenantSlug}` }),
  });
  const pending = reissue.isPending || revoke.isPending;
  // Turning the code off says only that it failed.
  const error = latestErrorMessage(reissue, { ...revoke, errorMessage: revoke.error ? t('failed') : null });

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
        <button
          className="button button--secondary"
          type="button"
          disabled={!hydrated || pending}
          onClick={() => reissue.mutate({ params: { tenant: tenantSlug } })}
        >
          {active || qr ? t('qrReissue') : t('qrIssue')}
        </button>
        {active || qr ? (
          <button
            className="button button--secondary"
            type="button"
            disabled={!hydrated || pending}
            onClick={() => revoke.mutate({ params: { tenant: tenantSlug } })}
          >
            {t('qrRevoke')}
          </button>
        ) : null}
      </div>
      {active || qr ? <p className="muted">{t('qrRevokeHint')}</p> : null}
    </>
  );
}
