/**
 * The demo clinic's clinicians: realistic profiles for a community health centre in Chicago, in the
 * order of the seed's specialty plan (index 0 primary care at the Loop, 1 pediatrics in Pilsen, ...).
 * Languages are BCP 47 tags (`cmn` Mandarin, `yue` Cantonese). Portraits are illustrations made for the
 * demo (public/clinicians, drawn by scripts/make-clinician-portraits.ts), served by the app itself.
 * One clinician has nothing but a name, as real EHR records often do.
 */
export interface DemoClinician {
  slug: string;
  prefix: string;
  given: string;
  family: string;
  gender?: 'female' | 'male';
  /** v2-0360 degree code and its name. */
  qualification?: { code: string; display: string };
  languages: string[];
  photo: boolean;
}

export const DEMO_CLINICIANS: readonly DemoClinician[] = [
  {
    slug: 'aisha-okafor',
    prefix: 'Dr.',
    given: 'Aisha',
    family: 'Okafor',
    gender: 'female',
    qualification: { code: 'MD', display: 'Doctor of Medicine' },
    languages: ['en', 'fr'],
    photo: true,
  },
  {
    slug: 'lucia-ramirez',
    prefix: 'Dr.',
    given: 'Lucía',
    family: 'Ramírez',
    gender: 'female',
    qualification: { code: 'MD', display: 'Doctor of Medicine' },
    languages: ['es', 'en'],
    photo: true,
  },
  {
    slug: 'daniel-kim',
    prefix: 'Dr.',
    given: 'Daniel',
    family: 'Kim',
    gender: 'male',
    qualification: { code: 'DDS', display: 'Doctor of Dental Surgery' },
    languages: ['en', 'ko'],
    photo: true,
  },
  {
    slug: 'wei-chen',
    prefix: 'Dr.',
    given: 'Wei',
    family: 'Chen',
    gender: 'male',
    qualification: { code: 'MD', display: 'Doctor of Medicine' },
    languages: ['cmn', 'en'],
    photo: true,
  },
  {
    slug: 'grace-wong',
    prefix: 'NP',
    given: 'Grace',
    family: 'Wong',
    gender: 'female',
    qualification: { code: 'NP', display: 'Nurse practitioner' },
    languages: ['yue', 'cmn', 'en'],
    photo: true,
  },
  { slug: 'jordan-lee', prefix: 'NP', given: 'Jordan', family: 'Lee', languages: [], photo: false },
  {
    slug: 'carlos-mendoza',
    prefix: 'Dr.',
    given: 'Carlos',
    family: 'Mendoza',
    gender: 'male',
    qualification: { code: 'DO', display: 'Doctor of Osteopathy' },
    languages: ['es', 'en'],
    photo: true,
  },
  {
    slug: 'mei-lin-huang',
    prefix: 'Dr.',
    given: 'Mei Lin',
    family: 'Huang',
    gender: 'female',
    qualification: { code: 'DDS', display: 'Doctor of Dental Surgery' },
    languages: ['yue', 'en'],
    photo: true,
  },
  {
    slug: 'samuel-brooks',
    prefix: 'Dr.',
    given: 'Samuel',
    family: 'Brooks',
    gender: 'male',
    qualification: { code: 'MD', display: 'Doctor of Medicine' },
    languages: ['en'],
    photo: true,
  },
  {
    slug: 'priya-patel',
    prefix: 'Dr.',
    given: 'Priya',
    family: 'Patel',
    gender: 'female',
    qualification: { code: 'MD', display: 'Doctor of Medicine' },
    languages: ['en', 'hi', 'gu'],
    photo: true,
  },
  {
    slug: 'rosa-martinez',
    prefix: 'NP',
    given: 'Rosa',
    family: 'Martínez',
    gender: 'female',
    qualification: { code: 'NP', display: 'Nurse practitioner' },
    languages: ['es', 'en'],
    photo: true,
  },
  {
    slug: 'ahmed-hassan',
    prefix: 'Dr.',
    given: 'Ahmed',
    family: 'Hassan',
    gender: 'male',
    qualification: { code: 'DDS', display: 'Doctor of Dental Surgery' },
    languages: ['ar', 'en'],
    photo: true,
  },
];

/** The FHIR Practitioner fields of a demo clinician's profile (name, gender, qualification, languages, photo). */
export function clinicianProfile(clinician: DemoClinician): Record<string, unknown> {
  return {
    name: [{ family: clinician.family, given: clinician.given.split(' '), prefix: [clinician.prefix] }],
    ...(clinician.gender ? { gender: clinician.gender } : {}),
    ...(clinician.qualification
      ? {
          qualification: [
            {
              code: {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/v2-0360',
                    code: clinician.qualification.code,
                    display: clinician.qualification.display,
                  },
                ],
              },
            },
          ],
        }
      : {}),
    ...(clinician.languages.length > 0
      ? {
          communication: clinician.languages.map((code) => ({
            coding: [{ system: 'urn:ietf:bcp:47', code }],
          })),
        }
      : {}),
    ...(clinician.photo ? { photo: [{ contentType: 'image/svg+xml', url: `/clinicians/${clinician.slug}.svg` }] } : {}),
  };
}
