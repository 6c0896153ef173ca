/**
 * Renders the installable app's icons (public/) from the two SVG sources in public/icons: the
 * favicon (ICO with 16, 32 and 48 px PNGs inside, and favicon.svg), the home-screen icons (192 and
 * 512 px, "any" purpose), the maskable icons (full-bleed background, the drawing inside the central
 * safe zone) and the Apple touch icon (180 px, full-bleed: iOS rounds the corners itself).
 * Run after changing an SVG: `npx tsx scripts/make-app-icons.ts`; the output is committed, so
 * nothing is fetched or generated at run time. Uses sharp, which Next.js installs for images.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';

const icon = readFileSync('public/icons/icon.svg');
const maskable = readFileSync('public/icons/icon-maskable.svg');

async function png(svg: Buffer, size: number): Promise<Buffer> {
  return sharp(svg, { density: 72 * (size / 512) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** An ICO file whose images are PNGs (supported by every browser since Windows Vista-era formats). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

async function main(): Promise<void> {
  for (const size of [192, 512]) {
    writeFileSync(`public/icons/icon-${size}.png`, await png(icon, size));
    writeFileSync(`public/icons/icon-maskable-${size}.png`, await png(maskable, size));
  }
  writeFileSync('public/icons/apple-touch-icon.png', await png(maskable, 180));
  const small = await Promise.all([16, 32, 48].map(async (size) => ({ size, data: await png(icon, size) })));
  writeFileSync('public/favicon.ico', ico(small));
  copyFileSync('public/icons/icon.svg', 'public/favicon.svg');
}

void main();
