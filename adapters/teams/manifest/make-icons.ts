/**
 * Writes `color.png` and `outline.png` next to this file from the drawings in `icons.ts`
 * (`npm run teams:icons`). The PNGs are committed; run this after changing the drawing.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { colorIcon, outlineIcon } from './icons.ts';
import { encodePng } from './png.ts';

for (const [name, image] of [
  ['color.png', colorIcon()],
  ['outline.png', outlineIcon()],
] as const) {
  const path = fileURLToPath(new URL(name, import.meta.url));
  const png = encodePng(image);
  writeFileSync(path, png);
  process.stdout.write(`wrote ${path} (${image.width}×${image.height}, ${png.length} bytes)\n`);
}
