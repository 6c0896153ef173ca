'use client';

import { useTranslations } from 'use-intl';

export interface QrCodeCardProps {
  svg: string;
  pngDataUrl: string;
  fileName: string;
}

/** A quick-login QR code to scan, save as a PNG or print. */
export function QrCodeCard({ svg, pngDataUrl, fileName }: QrCodeCardProps): React.ReactElement {
  const t = useTranslations('qrLogin');
  return (
    <div className="qr-code">
      {/* The SVG is made on our server by the qrcode package from our own link. */}
      <div
        className="qr-code__image"
        role="img"
        aria-label={t('imageLabel')}
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <p className="muted">{t('keepPrivate')}</p>
      <div className="actions">
        <a className="button button--secondary" href={pngDataUrl} download={fileName}>
          {t('savePng')}
        </a>
        <button className="button button--secondary" type="button" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
    </div>
  );
}
