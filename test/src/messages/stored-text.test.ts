/**
 * Stored text with person markers (docs/semantics.md §4): one function turns it into spans, the views
 * that show stored text use it, and each renderer shows the person as it can — a mention in Slack, the
 * name in Teams and the console — while nothing else in the text becomes markup.
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../../adapters/console/render-text.ts';
import { renderBlocks } from '../../../adapters/slack/render-blocks.ts';
import { renderCard } from '../../../adapters/teams/render-card.ts';
import type { Actor } from '../../../src/domain/incident.ts';
import type { Message } from '../../../src/messages/message.ts';
import { personMarker, storedPlain, storedText } from '../../../src/messages/stored-text.ts';
import { breachAlert } from '../../../src/messages/views/alerts.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { incidentDetail } from '../../../src/messages/views/incident-detail.ts';
import { incidentsList } from '../../../src/messages/views/lists.ts';
import { ALICE, incidentState } from './view-helpers.ts';

const ZONE = 'Europe/Berlin';
const TEAMS_ANA: Actor = { platform: 'teams', id: '0b8a6c2e-1f4d-4c55-9a7e-3d2f1e0a9b01', name: 'Ana Lima' };

describe('storedText', () => {
  it('turns each person marker into a user of the author’s platform, and keeps the rest as text', () => {
    expect(storedText('ask <@U123|bob> and <@U456> now', ALICE)).toEqual([
      'ask ',
      { user: { platform: 'slack', id: 'U123', name: 'bob' } },
      ' and ',
      { user: { platform: 'slack', id: 'U456' } },
      ' now',
    ]);
    // A Teams author's marker is a Teams user (the Entra object id the Teams adapter writes).
    expect(storedText('ping <@5e2d7c41-8a3b>', TEAMS_ANA)).toEqual(['ping ', { user: { platform: 'teams', id: '5e2d7c41-8a3b' } }]);
    // The console's, like the command language's `role grant`, a Slack user.
    expect(storedText('<@U123>', { platform: 'console', id: 'local' })).toEqual([{ user: { platform: 'slack', id: 'U123' } }]);
  });

  it('leaves everything that is not a marker alone: broadcasts, tags, half markers, empty text', () => {
    for (const text of ['<!channel> @here <b>', '<@>', '<@U1 x>', '<@U1|a|b>', '<@U1|a\nb>', 'a < b > c', '']) {
      expect(storedText(text, ALICE), text).toEqual([text]);
    }
  });

  it('storedPlain names people; personMarker writes markers storedText reads back', () => {
    expect(storedPlain('ask <@U123|bob> and <@U456>')).toBe('ask bob and U456');
    const marker = personMarker({ id: 'U123', name: 'b<o>|b\n' });
    expect(marker).toBe('<@U123|bob>');
    expect(storedText(marker, ALICE)).toEqual([{ user: { platform: 'slack', id: 'U123', name: 'bob' } }]);
    expect(personMarker({ id: 'U123' })).toBe('<@U123>');
  });
});

/** An incident opened by alice (Slack) titled `title`, with a note by bob. */
function state(title: string, note = 'handing over to <@U0CAROL|carol>') {
  const s = incidentState([{ kind: 'note', min: 2, text: note }], 3);
  s.incident.title = title;
  s.events[0]!.text = title;
  return s;
}

const slack = (m: Message) => JSON.stringify(renderBlocks(m));
const teams = (m: Message) => JSON.stringify(renderCard(m));
const terminal = (m: Message) => renderText(m, { timezone: ZONE });

describe('stored text in every renderer', () => {
  const title = 'Ask <@U0BOB|bob> about <!channel>';

  it('the card: a mention in Slack blocks, bob in the Teams card and the console, the title in the header by name', () => {
    const opened = incidentState([], 3);
    opened.incident.title = title;
    opened.events[0]!.text = title;
    const card = incidentCard(opened, { timezone: ZONE });
    expect(card.blocks[0]).toMatchObject({ type: 'header', text: 'INC-1 · P1 · Ask bob about <!channel>' });

    // Slack parses mrkdwn and the notification text (escaped), and shows plain_text as written (the header).
    const payload = renderBlocks(card);
    const [header, ...rest] = payload.blocks;
    expect(header).toMatchObject({ type: 'header', text: { type: 'plain_text', text: ':red_circle: INC-1 · P1 · Ask bob about <!channel>' } });
    const parsed = JSON.stringify({ text: payload.text, rest });
    expect(parsed).toContain('opened — Ask <@U0BOB> about &lt;!channel&gt;');
    expect(parsed).toContain('INC-1 · P1 · Ask bob about &lt;!channel&gt;');
    expect(parsed).not.toContain('<!channel>');

    const card2 = renderCard(card);
    expect(teams(card)).toContain('Ask bob about \\\\<!channel\\\\>');
    expect(teams(card)).not.toMatch(/<at>|U0BOB/);
    expect(card2.msteams.entities).toBeUndefined();

    const text = terminal(card);
    expect(text).toContain('INC-1 · P1 · Ask bob about <!channel>');
    expect(text).toContain('opened — Ask @bob about <!channel>');
    expect(text).not.toContain('U0BOB');
  });

  it('timeline notes, incident lists and alerts show people the same way', () => {
    const s = state(title);
    const detail = incidentDetail(s, { timezone: ZONE });
    expect(slack(detail)).toContain('noted: handing over to <@U0CAROL>');
    expect(teams(detail)).toContain('noted: handing over to carol');
    expect(terminal(detail)).toContain('noted: handing over to @carol');

    const list = incidentsList({ now: s.now, incidents: [{ incident: s.incident, clocks: [] }], more: false }, { timezone: ZONE, all: false, serviceKey: null });
    expect(slack(list)).toContain('Ask <@U0BOB> about &lt;!channel&gt;');
    expect(teams(list)).toContain('Ask bob about');
    expect(terminal(list)).toContain('Ask @bob about <!channel>');
    expect(list.fallback).toContain('Ask bob about <!channel>');

    const alert = breachAlert(state(title), 'ack', { timezone: ZONE });
    expect(slack(alert)).toContain('Ask bob about &lt;!channel&gt;');
    expect(`${slack(alert)}${teams(alert)}${terminal(alert)}`).not.toMatch(/U0BOB|<@|<at>/);
  });
});
