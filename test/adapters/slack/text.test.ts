/**
 * Text through Slack and back (docs/semantics.md §4): Slack escapes what people type (`&amp;`, `&lt;`,
 * `&gt;`, `<@U123|bob>`, `<!channel>`); Pacta stores what they meant, keeps a person as a person, and
 * posts it escaped exactly once — and stored text never becomes a broadcast.
 */
import { describe, expect, it } from 'vitest';
import { decodeSlackText } from '../../../adapters/slack/slack-text.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { ADMIN, BOB, visibleText, type SlackHarness, useSeededSlackHarness } from './slack-harness.ts';

let api: FakeSlackApi;
let h: SlackHarness;

useSeededSlackHarness((bed) => {
  ({ h, api } = bed);
});

/** Every text object of one type in a payload's blocks. */
function texts(payload: unknown, type: 'mrkdwn' | 'plain_text'): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === type && typeof o.text === 'string') out.push(o.text);
      else Object.values(o).forEach(walk);
    }
  };
  walk((payload as { blocks?: unknown }).blocks);
  return out;
}

/**
 * The one card post: its notification text and mrkdwn (parsed by Slack: entities, `<…>` tokens), and
 * its header (plain_text, which Slack shows as written, after the tone emoji).
 */
function cardPost() {
  const posts = api.callsOf('chat.postMessage');
  expect(posts).toHaveLength(1);
  const params = posts[0]!.params;
  const header = (params.blocks as Array<{ type: string; text?: { type: string; text: string } }>).find((b) => b.type === 'header')!.text!;
  expect(header.type).toBe('plain_text');
  return { fallback: String(params.text), mrkdwn: texts(params, 'mrkdwn').join('\n'), header: header.text.replace(/^:\w+: /, '') };
}

describe('Slack text in, Slack text out', () => {
  it('a title typed as "Q&A <b>" is stored as typed and posted escaped exactly once', async () => {
    // Slack sends the typed `Q&A <b>` as `Q&amp;A &lt;b&gt;`.
    const ack = await h.slash('open payments P1 Q&amp;A &lt;b&gt; down');
    expect(ack.status).toBe(200);
    expect((await h.app.incidents.get(1)).incident.title).toBe('Q&A <b> down');

    const card = cardPost();
    // plain_text is shown as written; mrkdwn and the notification text carry each entity once.
    expect(card.header).toBe('INC-1 · P1 · Q&A <b> down');
    expect(card.mrkdwn).toContain('Q&amp;A &lt;b&gt; down');
    expect(card.fallback).toContain('Q&amp;A &lt;b&gt; down');
    expect(`${card.mrkdwn}\n${card.fallback}`).not.toMatch(/&amp;(amp|lt|gt);/);
    // The answer to the person who typed it, too.
    expect(visibleText(ack.json)).toContain('Q&amp;A &lt;b&gt; down');
    expect(visibleText(ack.json)).not.toContain('&amp;amp;');
  });

  it('a mentioned person stays a person: a mention in Slack blocks, the name in the header', async () => {
    const ack = await h.slash(`open payments P1 Ask <@${BOB}|bob> about the deploy`);
    expect(visibleText(ack.json)).toContain(`Ask <@${BOB}> about the deploy`);
    const stored = (await h.app.incidents.get(1)).incident.title;
    expect(stored).toBe(`Ask <@${BOB}|bob> about the deploy`);

    const card = cardPost();
    // The last event (opened, with the title) is mrkdwn: the person is a real mention.
    expect(card.mrkdwn).toContain(`Ask <@${BOB}> about the deploy`);
    // A header is plain_text, which cannot mention: the name, as in the notification text.
    expect(card.header).toBe('INC-1 · P1 · Ask bob about the deploy');
    expect(card.fallback).toContain('Ask bob about the deploy');
    expect(`${card.mrkdwn}\n${card.fallback}`).not.toContain('&lt;@');

    // Lists show stored titles with the mention too.
    const list = await h.slash('incidents');
    expect(visibleText(list.json)).toContain(`Ask <@${BOB}> about the deploy`);
  });

  it('notes keep their mentions, and `role grant` still reads a Slack mention', async () => {
    await h.slash('open payments P1 Card payments failing');
    await h.slash(`note INC-1 handing over to <@${BOB}|bob> &amp; the network team`);
    const note = (await h.app.incidents.get(1)).events.find((e) => e.kind === 'note');
    expect(note?.text).toBe(`handing over to <@${BOB}|bob> & the network team`);
    const detail = await h.slash('incident INC-1');
    expect(visibleText(detail.json)).toContain(`handing over to <@${BOB}> &amp; the network team`);

    const granted = await h.slash(`role grant <@${BOB}|bob> viewer`, { user: ADMIN });
    expect(visibleText(granted.json)).toContain('is now a viewer');
    expect(await h.app.store.read.roles.list()).toEqual([expect.objectContaining({ platform: 'slack', userId: BOB, role: 'viewer' })]);
  });

  it('<!channel>, <!here>, <!everyone> and @channel in a title never become a broadcast', async () => {
    // A real broadcast typed in the title (Slack sends `<!channel>`), and the same typed as text.
    await h.slash('open payments P1 Deploy <!channel> <!here|here> <!everyone> <!subteam^S0OPS|@oncall> &lt;!channel&gt; @here');
    expect((await h.app.incidents.get(1)).incident.title).toBe('Deploy @channel @here @everyone @oncall <!channel> @here');

    const card = cardPost();
    // Where Slack parses tokens, the typed `<!channel>` is escaped; the header shows it as written.
    expect(`${card.mrkdwn}\n${card.fallback}`).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(card.mrkdwn).toContain('&lt;!channel&gt;');
    expect(card.header).toContain('<!channel>');
    // Broadcast words are shown with a word joiner that no client links as a broadcast.
    const everything = `${card.header}\n${card.mrkdwn}\n${card.fallback}`;
    expect(everything).not.toMatch(/@(channel|here|everyone)\b/);
    expect(everything).toContain('@\u2060channel @\u2060here @\u2060everyone @oncall');
  });
});

describe('decodeSlackText', () => {
  it.each([
    ['Q&amp;A &lt;b&gt;', 'Q&A <b>'],
    ['&amp;amp; stays one level', '&amp; stays one level'],
    ['&quot;not Slack’s&quot;', '&quot;not Slack’s&quot;'],
    ['ask <@U0BOB|bob>', 'ask <@U0BOB|bob>'],
    ['ask <@U0BOB>', 'ask <@U0BOB>'],
    ['in <#C0OPS|ops> and <#C0NEW>', 'in #ops and #C0NEW'],
    ['<!here> <!channel> <!everyone> <!here|here>', '@here @channel @everyone @here'],
    ['<!subteam^S0OPS|@oncall> <!subteam^S0DB>', '@oncall @S0DB'],
    ['see <https://status.example.com/a?b=1&amp;c=2|status page>', 'see status page (https://status.example.com/a?b=1&c=2)'],
    ['<https://example.com/x> and <http://example.com|example.com> and <mailto:a@b.c|a@b.c>', 'https://example.com/x and example.com and a@b.c'],
    ['<!date^1764000000^{date}|Nov 24>', 'Nov 24'],
    ['a < b without a token', 'a < b without a token'],
  ])('%s → %s', (sent, meant) => {
    expect(decodeSlackText(sent)).toBe(meant);
  });
});
