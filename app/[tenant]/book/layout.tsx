import { PatientMenu } from '@/components/patient-menu';

interface PatientSectionLayoutProps {
  children: React.ReactNode;
  params: Promise<{ tenant: string }>;
}

/** Signed-in patient pages: the patient menu above the page (the pages themselves check the session). */
export default async function PatientSectionLayout({
  children,
  params,
}: PatientSectionLayoutProps): Promise<React.ReactElement> {
  const { tenant } = await params;
  return (
    <>
      <PatientMenu tenantSlug={tenant} />
      {children}
    </>
  );
}
