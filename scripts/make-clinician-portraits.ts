/**
 * `npx tsx scripts/make-clinician-portraits.ts`: draws the demo clinicians' portraits (flat SVG
 * illustrations, committed under public/clinicians; the demo seed names them in Practitioner.photo).
 * Deterministic: the same profiles give the same files.
 */
import { writeFileSync } from 'node:fs';
import { DEMO_CLINICIANS } from '@/lib/fhir-server/seed/demo-clinicians';

interface Look {
  skin: string;
  hair: string;
  style: 'short' | 'long' | 'bun' | 'curly' | 'covered';
  coat: string;
  backdrop: string;
  glasses?: boolean;
}

const LOOKS: Record<string, Look> = {
  'aisha-okafor': { skin: '#8d5524', hair: '#1b1b1b', style: 'curly', coat: '#ffffff', backdrop: '#cfe8e4' },
  'lucia-ramirez': { skin: '#d9a074', hair: '#3b2314', style: 'long', coat: '#ffffff', backdrop: '#f6dcc8' },
  'daniel-kim': {
    skin: '#eac4a0',
    hair: '#111111',
    style: 'short',
    coat: '#dbe9f7',
    backdrop: '#d6e4f0',
    glasses: true,
  },
  'wei-chen': { skin: '#e8c39e', hair: '#1a1a1a', style: 'short', coat: '#ffffff', backdrop: '#e4e0f3' },
  'grace-wong': { skin: '#f0cda8', hair: '#201a17', style: 'bun', coat: '#cfe3f1', backdrop: '#fbe3e8' },
  'carlos-mendoza': {
    skin: '#c68642',
    hair: '#2a1a10',
    style: 'short',
    coat: '#ffffff',
    backdrop: '#dcefd8',
    glasses: true,
  },
  'mei-lin-huang': { skin: '#f1d0b0', hair: '#2b211c', style: 'long', coat: '#ffffff', backdrop: '#e0eef8' },
  'samuel-brooks': { skin: '#6b4226', hair: '#141414', style: 'short', coat: '#d5e8f5', backdrop: '#f3ead0' },
  'priya-patel': { skin: '#b57a4f', hair: '#1c1410', style: 'long', coat: '#ffffff', backdrop: '#f5dfd0' },
  'rosa-martinez': { skin: '#cf9a6e', hair: '#4a2a17', style: 'curly', coat: '#d8ecea', backdrop: '#efe1f2' },
  'ahmed-hassan': {
    skin: '#b07b51',
    hair: '#1d1712',
    style: 'short',
    coat: '#ffffff',
    backdrop: '#dfeadf',
    glasses: true,
  },
};

function hair(look: Look): { back: string; front: string } {
  switch (look.style) {
    case 'short':
      return {
        back: '',
        front: `<path d="M34 44c0-16 11-24 26-24s26 8 26 24c-6-7-15-10-26-10s-20 3-26 10z" fill="${look.hair}"/>`,
      };
    case 'long':
      return {
        back: `<path d="M30 48c0-20 12-30 30-30s30 10 30 30v40H30z" fill="${look.hair}"/>`,
        front: `<path d="M34 46c2-15 12-22 26-22s24 7 26 22c-10-4-20-10-26-16-6 6-16 12-26 16z" fill="${look.hair}"/>`,
      };
    case 'bun':
      return {
        back: `<circle cx="60" cy="16" r="10" fill="${look.hair}"/>`,
        front: `<path d="M34 46c0-16 11-25 26-25s26 9 26 25c-8-6-17-9-26-9s-18 3-26 9z" fill="${look.hair}"/>`,
      };
    case 'curly':
      return {
        back: [
          `<g fill="${look.hair}">`,
          ...[
            [38, 40, 12],
            [82, 40, 12],
            [48, 26, 13],
            [72, 26, 13],
            [60, 22, 13],
            [34, 56, 9],
            [86, 56, 9],
          ].map(([cx, cy, r]) => `<circle cx="${cx}" cy="${cy}" r="${r}"/>`),
          '</g>',
        ].join(''),
        front: '',
      };
    case 'covered':
      return { back: `<path d="M28 56c0-24 14-36 32-36s32 12 32 36v34H28z" fill="${look.hair}"/>`, front: '' };
  }
}

function portrait(look: Look): string {
  const { back, front } = hair(look);
  const glasses = look.glasses
    ? '<g fill="none" stroke="#2d2d2d" stroke-width="2">' +
      '<circle cx="51" cy="52" r="6"/><circle cx="69" cy="52" r="6"/><path d="M57 52h6"/></g>'
    : '';
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">',
    `<rect width="120" height="120" fill="${look.backdrop}"/>`,
    back,
    `<path d="M18 120c2-24 18-34 42-34s40 10 42 34z" fill="${look.coat}" stroke="#c9d3dc" stroke-width="1"/>`,
    `<path d="M52 86l8 14 8-14z" fill="#5b7fa6"/>`,
    `<rect x="53" y="70" width="14" height="18" rx="6" fill="${look.skin}"/>`,
    `<ellipse cx="60" cy="52" rx="24" ry="27" fill="${look.skin}"/>`,
    front,
    `<g fill="#2d2d2d"><circle cx="51" cy="52" r="2.2"/><circle cx="69" cy="52" r="2.2"/></g>`,
    glasses,
    `<path d="M52 65q8 6 16 0" fill="none" stroke="#7a3b2e" stroke-width="2" stroke-linecap="round"/>`,
    `<path d="M30 104c4 6 8 10 12 12" fill="none" stroke="#5b7fa6" stroke-width="2.5" stroke-linecap="round"/>`,
    '</svg>',
    '',
  ].join('');
}

for (const clinician of DEMO_CLINICIANS) {
  if (!clinician.photo) continue;
  const look = LOOKS[clinician.slug];
  if (!look) throw new Error(`no look for ${clinician.slug}`);
  writeFileSync(`public/clinicians/${clinician.slug}.svg`, portrait(look));
}
