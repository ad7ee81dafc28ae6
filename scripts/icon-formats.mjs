// Windows .ico and macOS .icns writers for scripts/icons.mjs: both are a directory of images, and
// writing them here (rather than with a tool downloaded at build time) keeps `npm run icons`
// working offline and its output checkable byte for byte.

/** Sizes a Windows icon carries: Explorer's views, the taskbar at 100–200 % scaling, the installer. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/**
 * The .icns element types and the pixel size each holds (Apple's names; the @2x types are the same
 * pixels as the next size up). All are stored as PNG, which macOS reads for every one of them.
 */
export const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512], ['ic10', 1024],
];

/**
 * A 32-bit BMP image as an .ico stores it: a BITMAPINFOHEADER whose height counts the colour rows
 * and the mask rows, BGRA rows bottom-up, then a 1-bit AND mask (rows padded to 4 bytes) that is
 * all zero because the alpha channel already says what is transparent.
 */
function icoBitmap(size, rgba) {
  const maskRow = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(40 + size * size * 4 + maskRow * size);
  out.writeUInt32LE(40, 0); // header size
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8); // colour rows + mask rows
  out.writeUInt16LE(1, 12); // planes
  out.writeUInt16LE(32, 14); // bits per pixel
  out.writeUInt32LE(size * size * 4 + maskRow * size, 20); // image size (compression 0 = BI_RGB)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = 40 + ((size - 1 - y) * size + x) * 4;
      out[to] = rgba[from + 2];
      out[to + 1] = rgba[from + 1];
      out[to + 2] = rgba[from];
      out[to + 3] = rgba[from + 3];
    }
  }
  return out;
}

/**
 * A Windows icon from images `{ size, png, rgba }`: BMP entries below 256 px (what every Windows
 * component, NSIS's installer included, reads), PNG for 256 px (as Windows Vista and later store it).
 */
export function encodeIco(images) {
  const entries = [...images].sort((a, b) => a.size - b.size).map((im) => ({ size: im.size, data: im.size >= 256 ? im.png : icoBitmap(im.size, im.rgba) }));
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach((e, i) => {
    const at = 6 + 16 * i;
    header[at] = e.size >= 256 ? 0 : e.size; // 0 means 256
    header[at + 1] = e.size >= 256 ? 0 : e.size;
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(e.data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += e.data.length;
  });
  return Buffer.concat([header, ...entries.map((e) => e.data)]);
}

/** A macOS icon from PNGs by pixel size: `magic, total length`, then `type, length, data` per element (big-endian). */
export function encodeIcns(pngBySize) {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`icns: no ${size} px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + elements.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}
