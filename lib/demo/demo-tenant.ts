/** The demo clinic that a fresh install starts with, served by the embedded FHIR sandbox. */
import type { NewTenant } from '@/lib/tenancy/tenant-settings';

export const DEMO_TENANT_SLUG = 'demo';
/** The demo clinic's time zone (its clinic day). */
export const DEMO_TIME_ZONE = 'America/Chicago';

export function demoTenant(appBaseUrl: string): NewTenant {
  return {
    slug: DEMO_TENANT_SLUG,
    displayName: 'Lakeside Community Health',
    timeZone: DEMO_TIME_ZONE,
    contactPhone: '(312) 555-0142',
    fhirBaseUrl: `${appBaseUrl}/fhir/${DEMO_TENANT_SLUG}`,
    fhirAuth: { type: 'none' },
    mrnSystem: 'https://lakeside-health.example/fhir/mrn',
    providerSettings: {
      kind: 'fhir',
      mrnAssignment: 'app-check-digit',
      requestTimeoutMs: 8000,
      serviceTypeSystem: 'https://lakeside-health.example/fhir/service-type',
    },
    // The visit types in the patient languages (the EHR names them in English only).
    bookingRules: {
      serviceNames: {
        'primary-care': { es: 'Consulta de atención primaria', zh: '初级保健就诊' },
        pediatrics: { es: 'Consulta pediátrica', zh: '儿科就诊' },
        dental: { es: 'Limpieza dental', zh: '洗牙' },
        vaccination: { es: 'Vacunación', zh: '疫苗接种' },
      },
      visitReasons: {
        'primary-care': [
          { en: 'Check-up', es: 'Chequeo', zh: '体检' },
          { en: 'Cold, flu or fever', es: 'Resfriado, gripe o fiebre', zh: '感冒、流感或发烧' },
          { en: 'Follow-up visit', es: 'Visita de seguimiento', zh: '复诊' },
          { en: 'Prescription refill', es: 'Renovar una receta', zh: '续开处方' },
        ],
        pediatrics: [
          { en: 'Well-child check-up', es: 'Control del niño sano', zh: '儿童健康检查' },
          { en: 'Fever or cough', es: 'Fiebre o tos', zh: '发烧或咳嗽' },
          { en: 'School or sports form', es: 'Formulario escolar o deportivo', zh: '学校或运动表格' },
        ],
        dental: [
          { en: 'Cleaning', es: 'Limpieza', zh: '洗牙' },
          { en: 'Tooth pain', es: 'Dolor de muelas', zh: '牙痛' },
        ],
        vaccination: [
          { en: 'Flu shot', es: 'Vacuna contra la gripe', zh: '流感疫苗' },
          { en: 'COVID-19 vaccine', es: 'Vacuna contra el COVID-19', zh: '新冠疫苗' },
          { en: 'Childhood vaccines', es: 'Vacunas infantiles', zh: '儿童疫苗' },
        ],
      },
    },
    // Open times published as SMART Scheduling Links at /demo/$bulk-publish (lib/publication).
    publicationSettings: { enabled: true, services: ['primary-care', 'pediatrics', 'vaccination'], days: 28 },
    // The sandbox answers eligibility by member id: INA... inactive, ERR... rejected, DWN... payer down,
    // anything else active (lib/fhir-server/eligibility.ts). The seed calls the FHIR adapter's auth too.
    insuranceSettings: {
      payers: DEMO_PAYERS.map((payer) => ({ ...payer })),
      eligibility: { kind: 'fhir', baseUrl: `${appBaseUrl}/fhir/${DEMO_TENANT_SLUG}`, auth: { type: 'none' } },
      requestTimeoutMs: 8000,
      nightlyHour: 18,
    },
  };
}

/** The demo clinic's payers: X12 payer ids, and the Organization ids the sandbox seed gives them. */
export const DEMO_PAYERS = [
  { payerId: 'BPHP1', name: 'Blue Prairie Health Plan', ehrPayerId: 'payer-blue-prairie' },
  { payerId: 'GLMCD', name: 'Great Lakes Medicaid', ehrPayerId: 'payer-great-lakes' },
  { payerId: 'MWMUT', name: 'Midwest Mutual Insurance', ehrPayerId: 'payer-midwest-mutual' },
] as const;

/**
 * The demo administrator's enrolment code, for setting up the passkey the administrator needs after
 * the password (README). The demo seed gives it back on every start while the demo administrator has
 * no passkey; once one is set up it is used up, and `npm run staff:enrolment-code` makes new ones.
 */
export const DEMO_ADMIN_ENROLMENT_CODE = 'DEMO-ADMN-2FA7';

/** Demo staff accounts (development seed only; documented in the README). */
export const DEMO_STAFF = [
  {
    email: 'frontdesk@lakeside.example',
    displayName: 'Dana Reyes',
    password: 'lakeside-frontdesk',
    role: 'front_desk',
  },
  { email: 'admin@lakeside.example', displayName: 'Sam Okafor', password: 'lakeside-admin-demo', role: 'admin' },
] as const;
