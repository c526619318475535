import { describe, expect, it } from 'vitest';
import { ChatPortRegistry, applyEffects } from '../../adapters/effects.ts';
import type { CommandEffect } from '../../commands/types.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { ChatPort } from '../../src/ports/chat.ts';
import type { IncidentState } from '../../src/usecases/incidents.ts';

const channel: ChannelRef = { platform: 'console', id: 'console' };

function state(number: number): IncidentState {
  return { incident: { number } as IncidentState['incident'], events: [], clocks: [], now: new Date('2026-11-23T09:00:00Z') };
}

function recordingCards(fail = false) {
  const calls: string[] = [];
  return {
    calls,
    cards: {
      post: async (s: IncidentState, c: ChannelRef) => {
        calls.push(`post INC-${s.incident.number} in ${c.platform}:${c.id}`);
        if (fail) throw new Error('chat down');
        return null;
      },
      refresh: async (n: number, s?: IncidentState) => {
        calls.push(`refresh INC-${n}${s ? ' with state' : ''}`);
        if (fail) throw new Error('chat down');
        return 1;
      },
    },
  };
}

describe('applyEffects', () => {
  it('posts a card in the invoking channel for a new incident and refreshes cards of a changed one, in order', async () => {
    const { calls, cards } = recordingCards();
    const effects: CommandEffect[] = [
      { kind: 'incident-opened', state: state(1) },
      { kind: 'incident-changed', state: state(2) },
    ];
    await applyEffects(effects, channel, cards, { error: () => {} });
    expect(calls).toEqual(['post INC-1 in console:console', 'refresh INC-2 with state']);
  });

  it('logs a chat failure and carries on with the next effect instead of throwing', async () => {
    const { calls, cards } = recordingCards(true);
    const errors: Array<{ obj: object; msg?: string }> = [];
    await applyEffects(
      [
        { kind: 'incident-opened', state: state(3) },
        { kind: 'incident-changed', state: state(3) },
      ],
      channel,
      cards,
      { error: (obj, msg) => errors.push({ obj, ...(msg ? { msg } : {}) }) },
    );
    expect(calls).toHaveLength(2);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ obj: { effect: 'incident-opened', incident: 3 }, msg: expect.stringMatching(/incident card/) });
  });
});

describe('ChatPortRegistry', () => {
  it('finds the port registered for a platform and null for the others', () => {
    const registry = new ChatPortRegistry();
    const port: ChatPort = { post: async (c) => ({ channel: c, id: '1' }), update: async () => {} };
    registry.register('console', port);
    expect(registry.lookup('console')).toBe(port);
    expect(registry.lookup('slack')).toBeNull();
  });
});
