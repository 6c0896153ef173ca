import { formatPostalAddress } from '@/lib/scheduling/address';
import type { Location } from '@/lib/scheduling/types';

export interface VisitDetailsProps {
  labels: { forWhom: string; when: string; where: string; with: string; map: string };
  patientName: string;
  /** Already formatted in the clinic's time zone and the reader's language. */
  when: string;
  location: Location | null;
  practitionerName: string | null;
  /** Extra rows (e.g. status). */
  children?: React.ReactNode;
}

/** A map centred on the clinic, marked with a pin. */
function openStreetMapUrl({ latitude, longitude }: { latitude: number; longitude: number }): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

/** Who, when, where (with address and a map link) and with whom: the facts of a visit. */
export function VisitDetails({
  labels,
  patientName,
  when,
  location,
  practitionerName,
  children,
}: VisitDetailsProps): React.ReactElement {
  const address = formatPostalAddress(location?.address);
  const position = location?.position;
  return (
    <dl className="details">
      <dt>{labels.forWhom}</dt>
      <dd>{patientName}</dd>
      <dt>{labels.when}</dt>
      <dd>{when}</dd>
      <dt>{labels.where}</dt>
      <dd>
        {location?.name}
        {address ? (
          <>
            <br />
            {address}
          </>
        ) : null}
        {position ? (
          <>
            <br />
            <a href={openStreetMapUrl(position)} target="_blank" rel="noreferrer">
              {labels.map}
            </a>
          </>
        ) : null}
      </dd>
      {practitionerName ? (
        <>
          <dt>{labels.with}</dt>
          <dd>{practitionerName}</dd>
        </>
      ) : null}
      {children}
    </dl>
  );
}
