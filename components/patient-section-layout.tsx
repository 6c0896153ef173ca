import { PatientMenu } from './patient-menu';

interface PatientSectionLayoutProps {
  children: React.ReactNode;
  params: Promise<{ tenant: string }>;
}

/**
 * The layout of the signed-in patient's sections (/me, /book, /appointments): the patient menu above
 * the page. The pages themselves check the session.
 */
export async function PatientSectionLayout({
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
