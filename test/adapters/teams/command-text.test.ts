import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { commandText, mentionsBot } from '../../../adapters/teams/command-text.ts';
import { BOT } from './activities.ts';

const PACTA = { type: 'mention', text: '<at>Pacta</at>', mentioned: BOT };

function text(raw: string, entities: object[] = [PACTA]): Promise<string> {
  const activity = { type: 'message', text: raw, recipient: BOT, from: { id: '29:1x' }, conversation: { id: 'a:1' }, channelId: 'msteams', entities } as Activity;
  return commandText(new TurnContext(new TestAdapter(), activity));
}

describe('a Teams message as a command line', () => {
  it('removes Pacta’s mention wherever it is', async () => {
    expect(await text('<at>Pacta</at> ack INC-4')).toBe('ack INC-4');
    expect(await text('ack INC-4 <at>Pacta</at>')).toBe('ack INC-4');
    expect(await text('<at>Pacta</at>&nbsp;status payments')).toBe('status payments');
  });

  it('decodes entities after dropping markup, so typed angle brackets and ampersands survive', async () => {
    expect(await text('<at>Pacta</at> <p>open payments P1 Q&amp;A &lt;b&gt; broken</p>')).toBe('open payments P1 Q&A <b> broken');
    expect(await text('<at>Pacta</at> note INC-1 first<br>second')).toBe('note INC-1 first\nsecond');
    expect(await text('<at>Pacta</at> note INC-1 caf&#233; &#x1F440;')).toBe('note INC-1 café 👀');
  });

  it('writes another person’s mention as a mention the command language reads', async () => {
    const bob = { type: 'mention', text: '<at>Bob Stone</at>', mentioned: { id: '29:1bob', name: 'Bob Stone', aadObjectId: '5e2d7c41-8a3b-4f6e-b0c9-2a1d3e4f5a02' } };
    expect(await text('<at>Pacta</at> role grant <at>Bob Stone</at> viewer', [PACTA, bob])).toBe('role grant <@5e2d7c41-8a3b-4f6e-b0c9-2a1d3e4f5a02> viewer');
  });

  it('without the mention entity, drops only a leading mention', async () => {
    expect(await text('<at>Pacta</at> help', [])).toBe('help');
  });

  it('knows whether Pacta was mentioned', () => {
    const a = (entities: object[]) => ({ type: 'message', recipient: BOT, entities }) as Activity;
    expect(mentionsBot(a([PACTA]))).toBe(true);
    expect(mentionsBot(a([{ type: 'mention', text: '<at>Bob</at>', mentioned: { id: '29:1bob' } }]))).toBe(false);
    expect(mentionsBot(a([]))).toBe(false);
  });
});
