/**
 * The counted door (adapters/metrics/inbound.ts): each command, click and reaction is recorded once with
 * its platform, command name and outcome, answers and errors pass through unchanged.
 */
import { describe, expect, it } from 'vitest';
import { meteredInbound } from '../../../adapters/metrics/inbound.ts';
import { UnavailableError } from '../../../src/errors.ts';
import type { ButtonAnswer, CommandAnswer, Inbound, ReactionAnswer } from '../../../src/ports/inbound.ts';

const reply = { visibility: 'ephemeral' as const, message: { fallback: 'x', blocks: [] } };
const channel = { platform: 'teams' as const, id: '19:abc' };
const actor = { platform: 'teams' as const, id: 'aad-1', name: 'Ann' };

function recorder() {
  const calls: unknown[][] = [];
  return { calls, metrics: { command: (...a: unknown[]) => void calls.push(['command', ...a]), interaction: (...a: unknown[]) => void calls.push(['interaction', ...a]) } };
}

describe('meteredInbound', () => {
  it('records a command with the name and outcome the router gave, and its duration', async () => {
    const answers: CommandAnswer[] = [
      { reply, changed: true, command: 'calendar add', outcome: 'ok' },
      { reply, changed: false, command: null, outcome: 'refused' },
      { reply, changed: false },
    ];
    const inner = { command: async () => answers.shift()! } as unknown as Inbound;
    const { calls, metrics } = recorder();
    const door = meteredInbound(inner, metrics);
    const first = await door.command({ text: 'calendar add x', actor, channel });
    expect(first).toEqual({ reply, changed: true, command: 'calendar add', outcome: 'ok' });
    await door.command({ text: 'frobnicate INC-12', actor, channel });
    await door.command({ text: 'status', actor, channel });
    expect(calls.map((c) => c.slice(0, 4))).toEqual([
      ['command', 'teams', 'calendar add', 'ok'],
      ['command', 'teams', null, 'refused'],
      ['command', 'teams', undefined, 'ok'],
    ]);
    for (const c of calls) expect(c[4]).toBeGreaterThanOrEqual(0);
  });

  it('maps button and reaction answers to outcomes, and counts a throw as an error before passing it on', async () => {
    const buttons: Array<ButtonAnswer | Error> = [
      { kind: 'changed', incident: 1, card: reply.message, problems: null },
      { kind: 'refused', reply },
      { kind: 'duplicate', card: null },
      new Error('database gone'),
      new UnavailableError('connection refused'),
    ];
    const reactions: ReactionAnswer[] = [
      { kind: 'changed', action: 'acknowledged', incident: 1 },
      { kind: 'ignored', reason: 'forbidden' },
      { kind: 'ignored', reason: 'duplicate' },
      { kind: 'ignored', reason: 'unknown-message' },
      { kind: 'ignored', reason: 'not-configured' },
    ];
    const next = <T>(list: Array<T | Error>) => {
      const x = list.shift()!;
      return x instanceof Error ? Promise.reject(x) : Promise.resolve(x);
    };
    const inner = { button: () => next(buttons), reaction: () => next(reactions), firstDelivery: async (k: string) => k === 'new' } as unknown as Inbound;
    const { calls, metrics } = recorder();
    const door = meteredInbound(inner, metrics);
    const click = { action: { id: 'ack' as const, incident: 1 }, actor, channel };
    for (let i = 0; i < 3; i++) await door.button(click);
    await expect(door.button(click)).rejects.toThrow('database gone');
    await expect(door.button(click)).rejects.toBeInstanceOf(UnavailableError);
    const reaction = { channel, messageId: 'm1', reaction: 'like', actor, added: true, eventKey: 'e1' };
    for (let i = 0; i < 5; i++) await door.reaction(reaction);
    expect(calls.map((c) => c.slice(0, 4))).toEqual([
      ['interaction', 'teams', 'button', 'ok'],
      ['interaction', 'teams', 'button', 'refused'],
      ['interaction', 'teams', 'button', 'duplicate'],
      ['interaction', 'teams', 'button', 'error'],
      ['interaction', 'teams', 'button', 'unavailable'],
      ['interaction', 'teams', 'reaction', 'ok'],
      ['interaction', 'teams', 'reaction', 'refused'],
      ['interaction', 'teams', 'reaction', 'duplicate'],
      ['interaction', 'teams', 'reaction', 'ignored'],
      ['interaction', 'teams', 'reaction', 'ignored'],
    ]);
    expect([await door.firstDelivery('new'), await door.firstDelivery('old')]).toEqual([true, false]);
  });
});
