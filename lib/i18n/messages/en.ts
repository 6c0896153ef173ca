/** English: the reference message set. The other languages must have exactly these keys. */
export const en = {
  common: {
    skipToContent: 'Skip to main content',
    appName: 'Patient scheduling',
    language: 'Language',
    change: 'Change',
    questionsCall: 'Questions? Call {clinic} at',
  },
  home: {
    welcome: 'Welcome to {clinic}',
    yourClinic: 'Your clinic',
    intro: 'Book, change or cancel your visits and check in when you arrive, for yourself and the people in your care.',
    clinicTime: 'Clinic time:',
    phone: 'Phone:',
    chooseClinic: 'Choose your clinic',
    noClinics: 'No clinics are set up yet.',
  },
  notFound: {
    title: 'We couldn’t find that page',
    body: 'The clinic or page you are looking for does not exist. Check the address, or choose your clinic from the list.',
    allClinics: 'See all clinics',
  },
  error: {
    title: 'Something went wrong',
    body: 'We could not load this page. Please try again in a moment.',
    reference: 'Reference: {digest}',
    retry: 'Try again',
  },
};

type DeepStringRecord<T> = { [K in keyof T]: T[K] extends string ? string : DeepStringRecord<T[K]> };
export type Messages = DeepStringRecord<typeof en>;
