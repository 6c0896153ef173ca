import type { Locale } from '../locales';
import { en, type Messages } from './en';
import { es } from './es';
import { zh } from './zh';

export type { Messages };

export const MESSAGES: Record<Locale, Messages> = { en, es, zh };
