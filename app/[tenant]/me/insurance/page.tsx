import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CoverageEditor } from '@/components/coverage-editor';
import { EligibilityResult } from '@/components/eligibility-result';
import { getTranslator } from '@/lib/server/locale';
import { getInsuranceOverview } from '@/lib/insurance/get-insurance-overview';
import { loadTenant, patientPageContext } from '@/lib/server/context';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('insurance.title') };
}

export default async function InsurancePage({
  params,
}: {
  params: Promise<{ tenant: string }>;
}): Promise<React.ReactElement> {
  const tenant = await loadTenant((await params).tenant);
  const context = await patientPageContext(tenant.slug);
  if (!context) redirect(`/${tenant.slug}/login`);
  const { actor, deps } = context;
  const { t } = await getTranslator();
  const people = await getInsuranceOverview(deps, actor);
  const payers = tenant.insuranceSettings.payers.map((payer) => ({ payerId: payer.payerId, name: payer.name }));
  const relationshipWord = {
    self: t('insurance.self'),
    spouse: t('insurance.spouse'),
    child: t('insurance.child'),
    other: t('insurance.other'),
  } as const;

  return (
    <>
      <h1>{t('insurance.title')}</h1>
      <p>{payers.length > 0 ? t('insurance.intro') : t('insurance.noPayers')}</p>
      {people.map((person) => {
        const headingId = `insurance-${person.patientId}`;
        const { coverage } = person;
        return (
          <section key={person.patientId} className="card" aria-labelledby={headingId} data-testid="insurance-person">
            <h2 id={headingId}>
              {person.self ? t('insurance.yours') : t('insurance.forPerson', { name: person.name })}
            </h2>
            {coverage ? (
              <>
                <h3>{t('insurance.current')}</h3>
                <p>
                  <strong>{coverage.payerName ?? ''}</strong>
                </p>
                {coverage.memberId ? <p>{t('insurance.memberLine', { memberId: coverage.memberId })}</p> : null}
                {coverage.groupNumber ? <p>{t('insurance.groupLine', { group: coverage.groupNumber })}</p> : null}
                {coverage.relationship ? (
                  <p>{t('insurance.relationshipLine', { relationship: relationshipWord[coverage.relationship] })}</p>
                ) : null}
                <h3>{t('insurance.eligibility')}</h3>
                <EligibilityResult result={person.eligibility} timeZone={tenant.timeZone} />
              </>
            ) : (
              <p>{t('insurance.none')}</p>
            )}
            {payers.length > 0 ? (
              <CoverageEditor
                startOpen={!coverage}
                tenantSlug={tenant.slug}
                payers={payers}
                timeZone={tenant.timeZone}
                patientId={person.self ? undefined : person.patientId}
                dependentName={person.self ? undefined : person.name}
                initial={
                  coverage
                    ? {
                        payerId: coverage.payerListId,
                        memberId: coverage.memberId,
                        groupNumber: coverage.groupNumber,
                        relationship: coverage.relationship,
                      }
                    : undefined
                }
              />
            ) : null}
          </section>
        );
      })}
      <p>
        <Link href={`/${tenant.slug}/me`}>{t('insurance.backToMe')}</Link>
      </p>
    </>
  );
}
