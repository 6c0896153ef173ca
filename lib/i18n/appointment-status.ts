/**
 * Appointment statuses as people read them. The labels live in the catalogues' `appointmentStatus`
 * section, keyed by FHIR Appointment.status codes; pages never show the raw code. Works with the
 * server translator (`getTranslator`) and with `useTranslations()` in client components, whose key
 * types check that the status has a label.
 */

/** The catalogue key of a status label: `t(appointmentStatusKey('checked-in'))` reads "Checked in". */
export function appointmentStatusKey<Status extends string>(status: Status): `appointmentStatus.${Status}` {
  return `appointmentStatus.${status}`;
}
