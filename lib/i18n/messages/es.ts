import type { Messages } from './en';

export const es: Messages = {
  common: {
    skipToContent: 'Saltar al contenido principal',
    appName: 'Citas para pacientes',
    language: 'Idioma',
    change: 'Cambiar',
    questionsCall: '¿Preguntas? Llame a {clinic} al',
  },
  home: {
    welcome: 'Bienvenido a {clinic}',
    yourClinic: 'Su clínica',
    intro: 'Programe, cambie o cancele sus citas y regístrese al llegar, para usted y las personas a su cargo.',
    clinicTime: 'Hora de la clínica:',
    phone: 'Teléfono:',
    chooseClinic: 'Elija su clínica',
    noClinics: 'Todavía no hay clínicas configuradas.',
  },
  notFound: {
    title: 'No encontramos esa página',
    body: 'La clínica o la página que busca no existe. Revise la dirección o elija su clínica en la lista.',
    allClinics: 'Ver todas las clínicas',
  },
  error: {
    title: 'Algo salió mal',
    body: 'No pudimos cargar esta página. Inténtelo de nuevo en un momento.',
    reference: 'Referencia: {digest}',
    retry: 'Intentar de nuevo',
  },
};
