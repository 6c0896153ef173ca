/**
 * Message templates: data, per language, with `{placeholders}`. Clinics may override any of them in
 * their notification settings (`templates`); these are the defaults. SMS carry no clinical detail
 * beyond what the patient needs. A placeholder without a value is an error, never a blank.
 */
import { AppError } from '@/lib/errors';
import { HTML_LANG, type Locale } from '@/lib/i18n/locales';

export const TEMPLATE_NAMES = [
  'login-code',
  'registration-welcome',
  'booking-confirmation',
  'reschedule-confirmation',
  'cancellation-by-patient',
  'cancellation-by-clinic',
  'moved-by-clinic',
  'reminder-24h',
  'reminder-2h',
  'check-in-confirmation',
  'sms-budget-alert',
  'waitlist-offer',
  'waitlist-offer-gone',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface TemplateText {
  sms: string;
  subject: string;
  email: string;
}

type Catalog = Record<TemplateName, TemplateText>;

const en: Catalog = {
  'login-code': {
    sms: '{clinic}: your login code is {code}. It expires in {minutes} minutes. Never share it.',
    subject: 'Your {clinic} login code',
    email:
      'Your login code is {code}.\nIt expires in {minutes} minutes. If you did not ask for it, you can ignore this ' +
      'message.',
  },
  'registration-welcome': {
    sms: 'Welcome to {clinic}. Your medical record number is {mrn}. Quick login: {link}',
    subject: 'Welcome to {clinic}',
    email:
      'Welcome, {patient}!\nYour medical record number is {mrn}.\nOpen this link (or scan the QR code in the app) ' +
      'to log in quickly next time: {link}',
  },
  'booking-confirmation': {
    sms: '{clinic}: {patient} is booked for {when} at {location}. Details: {link}',
    subject: 'Appointment confirmed: {when}',
    email: '{patient} is booked for {when}.\nWhere: {location}, {address}\nTo change or cancel: {link}',
  },
  'reschedule-confirmation': {
    sms: '{clinic}: {patient}’s appointment moved to {when} at {location}. Details: {link}',
    subject: 'Appointment moved to {when}',
    email: '{patient}’s appointment is now on {when}.\nWhere: {location}, {address}\nDetails: {link}',
  },
  'cancellation-by-patient': {
    sms: '{clinic}: the appointment for {patient} on {when} is cancelled. Book again: {link}',
    subject: 'Appointment cancelled',
    email: 'The appointment for {patient} on {when} is cancelled as you asked.\nTo book again: {link}',
  },
  'cancellation-by-clinic': {
    sms: '{clinic} had to cancel {patient}’s appointment on {when}. We are sorry.{openTimes} Rebook: {link}',
    subject: 'The clinic cancelled your appointment',
    email:
      'We are sorry: {clinic} had to cancel the appointment for {patient} on {when}.{openTimes}\n' +
      'Please choose another time: {link}',
  },
  'moved-by-clinic': {
    sms: '{clinic} moved {patient}’s appointment to {when} at {location}. If that does not suit you: {link}',
    subject: 'The clinic moved your appointment to {when}',
    email:
      '{clinic} moved the appointment for {patient} to {when}.\nWhere: {location}, {address}\nIf the new time does ' +
      'not suit you, change or cancel it here: {link}',
  },
  'reminder-24h': {
    sms:
      'Reminder: {patient} has an appointment tomorrow, {when}, at {location}. Reply C to confirm, X to cancel. ' +
      'Details: {link}',
    subject: 'Reminder: appointment tomorrow, {when}',
    email:
      'A reminder that {patient} has an appointment on {when}.\nWhere: {location}, {address}\nTo change or cancel: ' +
      '{link}',
  },
  'reminder-2h': {
    sms:
      'Reminder: {patient}’s appointment at {location} is at {when}. Reply C to confirm, X to cancel. ' +
      'Check in from your phone when you arrive: {link}',
    subject: 'Your appointment is soon: {when}',
    email:
      '{patient}’s appointment is at {when}.\nWhere: {location}, {address}\nCheck in from your phone when you ' +
      'arrive: {link}',
  },
  'check-in-confirmation': {
    sms: '{clinic}: {patient} is checked in for {when}. Please take a seat; we will call you.',
    subject: 'You are checked in',
    email: '{patient} is checked in for the appointment at {when}. Please take a seat; we will call you.',
  },
  'sms-budget-alert': {
    sms: "{clinic}: today's text-message budget ({budget}) is used up; further texts are refused until tomorrow.",
    subject: '{clinic}: daily text-message budget used up',
    email:
      'Today {clinic} reached its budget of {budget} text messages. Further texts (codes, reminders) are refused ' +
      'until tomorrow (UTC); patients are asked to use email. If this is unexpected, check the audit log.',
  },
  'waitlist-offer': {
    sms:
      '{clinic}: an earlier time opened for {patient}: {when} at {location}. ' +
      'Take it (first to tap gets it, open {minutes} min): {link} or reply Y.',
    subject: 'An earlier time for {patient}: {when}',
    email:
      'A time opened for {patient}: {when} at {location}, {address}.\n' +
      'The first person to take it gets it; the offer is open for {minutes} minutes. To take it: {link}',
  },
  'waitlist-offer-gone': {
    sms: '{clinic}: the time {when} was taken by someone else. {patient} stays on the waitlist.',
    subject: 'That time was taken',
    email: 'The time {when} we offered was taken by someone else. {patient} stays on the waitlist.',
  },
};

const es: Catalog = {
  'login-code': {
    sms: '{clinic}: su código de acceso es {code}. Vence en {minutes} minutos. No lo comparta.',
    subject: 'Su código de acceso de {clinic}',
    email: 'Su código de acceso es {code}.\nVence en {minutes} minutos. Si no lo pidió, puede ignorar este mensaje.',
  },
  'registration-welcome': {
    sms: 'Bienvenido a {clinic}. Su número de expediente es {mrn}. Acceso rápido: {link}',
    subject: 'Bienvenido a {clinic}',
    email:
      '¡Bienvenido, {patient}!\nSu número de expediente es {mrn}.\nAbra este enlace (o escanee el código QR) para ' +
      'entrar rápido la próxima vez: {link}',
  },
  'booking-confirmation': {
    sms: '{clinic}: {patient} tiene cita el {when} en {location}. Detalles: {link}',
    subject: 'Cita confirmada: {when}',
    email: '{patient} tiene cita el {when}.\nDónde: {location}, {address}\nPara cambiar o cancelar: {link}',
  },
  'reschedule-confirmation': {
    sms: '{clinic}: la cita de {patient} cambió al {when} en {location}. Detalles: {link}',
    subject: 'Cita cambiada al {when}',
    email: 'La cita de {patient} ahora es el {when}.\nDónde: {location}, {address}\nDetalles: {link}',
  },
  'cancellation-by-patient': {
    sms: '{clinic}: la cita de {patient} del {when} está cancelada. Reservar de nuevo: {link}',
    subject: 'Cita cancelada',
    email: 'La cita de {patient} del {when} está cancelada como pidió.\nPara reservar de nuevo: {link}',
  },
  'cancellation-by-clinic': {
    sms: '{clinic} tuvo que cancelar la cita de {patient} del {when}. Lo sentimos.{openTimes} Reserve otra: {link}',
    subject: 'La clínica canceló su cita',
    email:
      'Lo sentimos: {clinic} tuvo que cancelar la cita de {patient} del {when}.{openTimes}\nElija otro horario: {link}',
  },
  'moved-by-clinic': {
    sms: '{clinic} cambió la cita de {patient} al {when} en {location}. Si no le conviene: {link}',
    subject: 'La clínica cambió su cita al {when}',
    email:
      '{clinic} cambió la cita de {patient} al {when}.\nDónde: {location}, {address}\nSi el nuevo horario no le ' +
      'conviene, cámbielo o cancélelo aquí: {link}',
  },
  'reminder-24h': {
    sms:
      'Recordatorio: {patient} tiene cita mañana, {when}, en {location}. ' +
      'Responda C para confirmar, X para cancelar. Detalles: {link}',
    subject: 'Recordatorio: cita mañana, {when}',
    email:
      'Le recordamos que {patient} tiene cita el {when}.\nDónde: {location}, {address}\nPara cambiar o cancelar: ' +
      '{link}',
  },
  'reminder-2h': {
    sms:
      'Recordatorio: la cita de {patient} en {location} es a las {when}. ' +
      'Responda C para confirmar, X para cancelar. Regístrese desde su teléfono al llegar: {link}',
    subject: 'Su cita es pronto: {when}',
    email:
      'La cita de {patient} es a las {when}.\nDónde: {location}, {address}\nRegístrese desde su teléfono al ' +
      'llegar: {link}',
  },
  'check-in-confirmation': {
    sms: '{clinic}: {patient} ya está registrado para las {when}. Tome asiento; lo llamaremos.',
    subject: 'Ya está registrado',
    email: '{patient} ya está registrado para la cita de las {when}. Tome asiento; lo llamaremos.',
  },
  'sms-budget-alert': {
    sms: '{clinic}: se agotó el presupuesto diario de mensajes de texto ({budget}); se rechazan más hasta mañana.',
    subject: '{clinic}: presupuesto diario de mensajes de texto agotado',
    email:
      'Hoy {clinic} alcanzó su presupuesto de {budget} mensajes de texto. Se rechazan más mensajes hasta mañana ' +
      '(UTC); se pide a los pacientes usar el correo electrónico. Si no lo esperaba, revise el registro de auditoría.',
  },
  'waitlist-offer': {
    sms:
      '{clinic}: se abrió un horario antes para {patient}: {when} en {location}. ' +
      'Tómelo (gana quien toque primero, abierto {minutes} min): {link} o responda Y.',
    subject: 'Un horario antes para {patient}: {when}',
    email:
      'Se abrió un horario para {patient}: {when} en {location}, {address}.\n' +
      'Lo obtiene la primera persona que lo tome; la oferta está abierta {minutes} minutos. Para tomarlo: {link}',
  },
  'waitlist-offer-gone': {
    sms: '{clinic}: otra persona tomó el horario {when}. {patient} sigue en la lista de espera.',
    subject: 'Ese horario ya se tomó',
    email: 'Otra persona tomó el horario {when} que ofrecimos. {patient} sigue en la lista de espera.',
  },
};

const zh: Catalog = {
  'login-code': {
    sms: '{clinic}：您的登录验证码是 {code}，{minutes} 分钟内有效。请勿告诉他人。',
    subject: '您的{clinic}登录验证码',
    email: '您的登录验证码是 {code}。\n{minutes} 分钟内有效。如果不是您本人申请，请忽略此消息。',
  },
  'registration-welcome': {
    sms: '欢迎来到{clinic}。您的病历号是 {mrn}。快速登录：{link}',
    subject: '欢迎来到{clinic}',
    email: '欢迎，{patient}！\n您的病历号是 {mrn}。\n下次可打开此链接（或扫描二维码）快速登录：{link}',
  },
  'booking-confirmation': {
    sms: '{clinic}：{patient} 已预约 {when}，地点 {location}。详情：{link}',
    subject: '预约已确认：{when}',
    email: '{patient} 已预约 {when}。\n地点：{location}，{address}\n如需更改或取消：{link}',
  },
  'reschedule-confirmation': {
    sms: '{clinic}：{patient} 的预约已改到 {when}，地点 {location}。详情：{link}',
    subject: '预约已改到 {when}',
    email: '{patient} 的预约现在是 {when}。\n地点：{location}，{address}\n详情：{link}',
  },
  'cancellation-by-patient': {
    sms: '{clinic}：{patient} 在 {when} 的预约已取消。重新预约：{link}',
    subject: '预约已取消',
    email: '按照您的要求，{patient} 在 {when} 的预约已取消。\n重新预约：{link}',
  },
  'cancellation-by-clinic': {
    sms: '很抱歉，{clinic} 不得不取消 {patient} 在 {when} 的预约。{openTimes}重新预约：{link}',
    subject: '诊所取消了您的预约',
    email: '很抱歉：{clinic} 不得不取消 {patient} 在 {when} 的预约。{openTimes}\n请选择其他时间：{link}',
  },
  'moved-by-clinic': {
    sms: '{clinic} 已将 {patient} 的预约改到 {when}，地点 {location}。如不合适：{link}',
    subject: '诊所已将您的预约改到 {when}',
    email:
      '{clinic} 已将 {patient} 的预约改到 {when}。\n地点：{location}，{address}\n如新时间不合适，可在此更改或取消：{link}',
  },
  'reminder-24h': {
    sms: '提醒：{patient} 明天 {when} 在 {location} 有预约。回复 C 确认，X 取消。详情：{link}',
    subject: '提醒：明天的预约 {when}',
    email: '提醒您，{patient} 的预约时间是 {when}。\n地点：{location}，{address}\n如需更改或取消：{link}',
  },
  'reminder-2h': {
    sms: '提醒：{patient} 在 {location} 的预约时间是 {when}。回复 C 确认，X 取消。到达后可用手机签到：{link}',
    subject: '您的预约即将开始：{when}',
    email: '{patient} 的预约时间是 {when}。\n地点：{location}，{address}\n到达后可用手机签到：{link}',
  },
  'check-in-confirmation': {
    sms: '{clinic}：{patient} 已签到（{when}）。请就座，我们会叫您。',
    subject: '您已签到',
    email: '{patient} 已为 {when} 的预约签到。请就座，我们会叫您。',
  },
  'sms-budget-alert': {
    sms: '{clinic}：今日短信额度（{budget}）已用完；明天之前将拒绝发送更多短信。',
    subject: '{clinic}：今日短信额度已用完',
    email:
      '{clinic} 今天已达到 {budget} 条短信的额度。明天（UTC）之前将拒绝更多短信，并请患者使用电子邮件。如有异常，请查看审计日志。',
  },
  'waitlist-offer': {
    sms: '{clinic}：{patient} 有更早的时间：{when}，地点 {location}。先到先得，{minutes} 分钟内有效：{link} 或回复 Y。',
    subject: '{patient} 的更早时间：{when}',
    email:
      '{patient} 有一个空出的时间：{when}，地点 {location}，{address}。\n先到先得，邀约 {minutes} 分钟内有效。预约：{link}',
  },
  'waitlist-offer-gone': {
    sms: '{clinic}：{when} 的时间已被他人选走。{patient} 仍在候补名单中。',
    subject: '该时间已被选走',
    email: '我们提供的 {when} 时间已被他人选走。{patient} 仍在候补名单中。',
  },
};

export const DEFAULT_TEMPLATES: Record<Locale, Catalog> = { en, es, zh };

export type TemplateOverrides = Partial<Record<Locale, Partial<Record<TemplateName, Partial<TemplateText>>>>>;

function fill(text: string, variables: Record<string, string>, template: TemplateName): string {
  return text.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined)
      throw new AppError('invalid_input', 'contact.templateValueMissing', { params: { template, name: `{${name}}` } });
    return value;
  });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

export interface RenderedMessage {
  sms: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The `{openTimes}` of a clinic's cancellation: the times still open for the same visit (already
 * formatted in the reader's language), as a sentence that fits where the templates place it; empty
 * when there are none.
 */
export function openTimesPhrase(locale: Locale, times: readonly string[]): string {
  if (times.length === 0) return '';
  switch (locale) {
    case 'en':
      return ` Still open: ${times.join(', ')}.`;
    case 'es':
      return ` Horarios libres: ${times.join(', ')}.`;
    case 'zh':
      return `仍可预约：${times.join('、')}。`;
  }
}

export function renderTemplate(
  template: TemplateName,
  locale: Locale,
  variables: Record<string, string>,
  overrides: TemplateOverrides = {},
): RenderedMessage {
  const base = DEFAULT_TEMPLATES[locale][template];
  const text = { ...base, ...(overrides[locale]?.[template] ?? {}) };
  const email = fill(text.email, variables, template);
  const body = 'font-family:system-ui,sans-serif;line-height:1.5';
  const html = `<!doctype html><html lang="${HTML_LANG[locale]}"><body style="${body}">${email
    .split('\n')
    .map((line) => `<p>${escapeHtml(line).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</p>`)
    .join('')}</body></html>`;
  return {
    sms: fill(text.sms, variables, template),
    subject: fill(text.subject, variables, template),
    text: email,
    html,
  };
}
