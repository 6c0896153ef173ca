/**
 * A clinician's portrait, or their initials on a tinted disc when the EHR has no photo. Decorative:
 * the name is beside it.
 */
export function ClinicianAvatar({
  photoUrl,
  initials,
}: {
  photoUrl: string | null;
  initials: string;
}): React.ReactElement {
  if (photoUrl)
    // A same-site path or data: URL from the EHR, already checked by the adapter; no resizing to do.
    // eslint-disable-next-line @next/next/no-img-element
    return <img className="clinician-avatar" src={photoUrl} alt="" width={56} height={56} loading="lazy" />;
  return (
    <span className="clinician-avatar clinician-avatar--initials" aria-hidden="true">
      {initials}
    </span>
  );
}
