import type { Messages } from './en';

export const zh: Messages = {
  common: {
    skipToContent: '跳到主要内容',
    appName: '患者预约',
    language: '语言',
    change: '更改',
    questionsCall: '有疑问？请致电{clinic}：',
  },
  home: {
    welcome: '欢迎来到{clinic}',
    yourClinic: '您的诊所',
    intro: '为您自己和您照顾的人预约、更改或取消就诊，并在到达时签到。',
    clinicTime: '诊所时间：',
    phone: '电话：',
    chooseClinic: '请选择您的诊所',
    noClinics: '尚未设置任何诊所。',
  },
  notFound: {
    title: '找不到该页面',
    body: '您要找的诊所或页面不存在。请检查网址，或从列表中选择您的诊所。',
    allClinics: '查看所有诊所',
  },
  error: {
    title: '出了点问题',
    body: '我们无法加载此页面。请稍后再试。',
    reference: '参考编号：{digest}',
    retry: '重试',
  },
};
