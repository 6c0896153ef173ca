/** The patient menu above every page of this section. */
export { PatientSectionLayout as default } from '@/components/patient-section-layout';
