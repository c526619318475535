/**
 * Charts at the console: a terminal cannot show a picture, so each chart is written as a PNG file and the
 * message names its path beside the chart's alt text. Files are named by the hash of what they show, so the
 * same chart is written once.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withImageSources, type Message } from '../../src/messages/message.ts';
import type { ChartImages } from '../../src/ports/charts.ts';

/** The message with each chart written under `dir` and its path as the image's `src`. */
export function chartFiles(charts: ChartImages, dir: string): (message: Message) => Promise<Message> {
  return (message) =>
    withImageSources(message, async (image) => {
      const png = await charts.png(image.chart);
      const path = join(dir, `${createHash('sha256').update(png).digest('hex').slice(0, 16)}.png`);
      await mkdir(dir, { recursive: true });
      await writeFile(path, png);
      return path;
    });
}
