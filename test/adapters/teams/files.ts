/**
 * Readers for what `npm run teams:package` and `make-icons` write, independent of the writers: a ZIP
 * reader (central directory, local headers, CRC) and a PNG decoder (chunk CRCs, IHDR, zlib, filters).
 */
import { inflateRawSync, inflateSync } from 'node:zlib';
import { crc32 } from '../../../adapters/teams/manifest/crc32.ts';

export type ZipFile = { name: string; data: Buffer; mode: number };

export function readZip(zip: Buffer): ZipFile[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const files: ZipFile[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30);
    const comment = zip.readUInt16LE(p + 32);
    const mode = zip.readUInt32LE(p + 38) >>> 16;
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    const data = method === 8 ? inflateRawSync(raw) : method === 0 ? Buffer.from(raw) : null;
    if (!data) throw new Error(`unsupported method ${method} for ${name}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`size or CRC mismatch for ${name}`);
    files.push({ name, data, mode });
    p += 46 + nameLength + extra + comment;
  }
  return files;
}

export type Png = { width: number; height: number; colorType: number; pixels: Buffer };

/** Decodes an 8-bit RGBA PNG (the only kind Pacta writes); checks every chunk's CRC. */
export function readPng(png: Buffer): Png {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  let p = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  for (;;) {
    const length = png.readUInt32BE(p);
    const type = png.toString('latin1', p + 4, p + 8);
    const body = png.subarray(p + 8, p + 8 + length);
    if (crc32(png.subarray(p + 4, p + 8 + length)) !== png.readUInt32BE(p + 8 + length)) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8) throw new Error('not 8 bits per channel');
      colorType = body[9]!;
    } else if (type === 'IDAT') idat.push(body);
    p += 12 + length;
    if (type === 'IEND') break;
  }
  if (colorType !== 6) throw new Error(`colour type ${colorType}, expected RGBA (6)`);
  const rows = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = rows[y * (stride + 1)];
    if (filter !== 0) throw new Error(`row ${y}: filter ${filter} not supported by this reader`);
    rows.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, colorType, pixels };
}
