// `npm run icons [-- --out DIR]`: draws Synfin's app icon from its SVG sources at every size the
// installers use, with Debian's Chromium (the same one the end-to-end tests drive):
//   build/icons/NxN.png   16 … 1024 (Linux: AppImage, deb and the desktop entry take them all)
//   build/icon.ico        16 … 256 (Windows, the NSIS installer)
//   build/icon.icns       16 … 1024 (macOS, the dmg)
// Sizes up to SMALL_MAX use build/icon-small.svg, drawn on whole pixels so the lanes stay crisp at
// 16 px; larger ones use build/icon.svg. The outputs are committed: a build never needs Chromium.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { encodeIcns, encodeIco, ICNS_TYPES, ICO_SIZES } from './icon-formats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Up to this size the simplified drawing reads better than a scaled-down large one. */
export const SMALL_MAX = 32;
const CHROMIUM = process.env.SYNFIN_CHROMIUM ?? '/usr/bin/chromium';

const outArg = process.argv.indexOf('--out');
const out = outArg > 0 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1]) : join(root, 'build');
// Base64 of the file's bytes: the page decodes it as an image, whatever characters the comments use.
const svg = { small: readFileSync(join(root, 'build/icon-small.svg')).toString('base64'), large: readFileSync(join(root, 'build/icon.svg')).toString('base64') };

/* global Image, document -- the drawing function runs in the page, not in Node. */
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  /** Draws the SVG into a size×size canvas: the PNG Chromium encodes and the raw RGBA pixels. */
  const draw = (source, size) =>
    page.evaluate(async ({ source, size }) => {
      const img = new Image();
      img.src = `data:image/svg+xml;base64,${source}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = size;
      canvas.height = size;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0, size, size);
      const rgba = ctx.getImageData(0, 0, size, size).data;
      let bin = '';
      for (let i = 0; i < rgba.length; i += 0x8000) bin += String.fromCharCode(...rgba.subarray(i, i + 0x8000));
      return { png: canvas.toDataURL('image/png').split(',')[1], rgba: btoa(bin) };
    }, { source, size });

  const images = [];
  for (const size of PNG_SIZES) {
    const d = await draw(size <= SMALL_MAX ? svg.small : svg.large, size);
    images.push({ size, png: Buffer.from(d.png, 'base64'), rgba: Buffer.from(d.rgba, 'base64') });
  }
  mkdirSync(join(out, 'icons'), { recursive: true });
  for (const im of images) writeFileSync(join(out, 'icons', `${im.size}x${im.size}.png`), im.png);
  const bySize = new Map(images.map((im) => [im.size, im.png]));
  writeFileSync(join(out, 'icon.ico'), encodeIco(images.filter((im) => ICO_SIZES.includes(im.size))));
  writeFileSync(join(out, 'icon.icns'), encodeIcns(bySize));
  console.log(`icons: ${PNG_SIZES.length} PNGs, icon.ico (${ICO_SIZES.join(', ')}), icon.icns (${ICNS_TYPES.length} elements) in ${out}`);
} finally {
  await browser.close();
}
