/**
 * `report … --chart`: the report's message, then its charts as image blocks with alt text that says the key
 * figures (docs/semantics.md §9). For one service four charts; for all, the budgets of those that lost the
 * most, attainment and MTTA/MTTR. --chart and --csv together are refused, and nothing is written.
 */
import { expect, it } from 'vitest';
import type { ImageBlock } from '../../src/messages/message.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { messageText, setup, SETUP_LINES, VIEWER } from './harness.ts';

describeEachDatabase('report --chart', (db) => {
  it('adds the charts under the report, each with alt text; viewers may ask', async () => {
    const h = await setup(db());
    for (const l of SETUP_LINES) await h.run(l);
    await h.run('open payments P1 "Checkout down" --impact outage');
    h.time.advance(45 * 60_000);
    await h.run('resolve INC-1');
    const plain = await h.run('report payments', VIEWER);
    const charted = await h.run('report payments --chart', VIEWER);
    expect(charted.changed).toBe(false);
    const images = charted.reply.message.blocks.filter((b): b is ImageBlock => b.type === 'image');
    expect(images.map((i) => i.chart.kind)).toEqual(['budget', 'availability', 'attainment', 'response']);
    for (const i of images) expect(i.alt.length).toBeGreaterThan(20);
    // The report itself is unchanged above the charts.
    expect(messageText(charted.reply.message).startsWith(messageText(plain.reply.message))).toBe(true);
    const all = await h.run('report all --period quarter --chart', VIEWER);
    expect(all.reply.message.blocks.filter((b) => b.type === 'image').map((b) => (b as ImageBlock).chart.kind)).toEqual(['budget', 'attainment', 'response']);
  });

  it('refuses --chart with --csv', async () => {
    const h = await setup(db());
    for (const l of SETUP_LINES) await h.run(l);
    const both = await h.say('report payments --chart --csv');
    expect(both).toMatch(/Choose one of --csv, --chart|Choose one of --chart, --csv/);
  });
});
