export interface SiteFooterProps {
  clinicName?: string;
  contactPhone?: string | null;
}

export function SiteFooter({ clinicName, contactPhone }: SiteFooterProps): React.ReactElement {
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        {clinicName && contactPhone ? (
          <p>
            Questions? Call {clinicName} at <a href={`tel:${contactPhone.replace(/[^+\d]/g, '')}`}>{contactPhone}</a>.
          </p>
        ) : (
          <p>Patient scheduling</p>
        )}
      </div>
    </footer>
  );
}
