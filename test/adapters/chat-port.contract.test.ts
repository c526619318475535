/**
 * One contract for every chat port (src/ports/chat.ts): Slack, Teams, the console and the recording fake
 * run the same cases. A post returns a ref in its channel with an id of its own; a post in the thread
 * of a ref lands in that thread (the root's, when the ref is itself a reply); an update replaces the
 * message it names; the platform's refusals come back as ChatDeliveryError, with `retryAfterMs` for a
 * rate limit and `permanent` for a channel Pacta cannot reach, so the outbox dispatcher knows whether
 * and when to try again (docs/semantics.md §4 for cards and threads, §5 for delivery). What a platform cannot express is named in the case
 * that stands in for it, and that case asserts what the platform does instead.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textMessage } from '../../src/messages/message.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { ChatDeliveryError } from '../../src/ports/chat.ts';
import { CHAT_PORT_SUBJECTS, type Call, type ChatPortSubject } from './chat-port-contract.ts';

/** The rejection of `attempt`, which must be a ChatDeliveryError. */
async function refusal(attempt: Promise<unknown>): Promise<ChatDeliveryError> {
  const err: unknown = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the call should have been refused').toBeInstanceOf(ChatDeliveryError);
  const e = err as ChatDeliveryError;
  expect(e.message).not.toBe('');
  // `advice` may be absent; when given it is a sentence for the person who acted.
  if (e.detail.advice !== undefined) {
    expect(typeof e.detail.advice).toBe('string');
    expect(e.detail.advice.trim()).toMatch(/\S.*[.!?]$/s);
  }
  return e;
}

for (const factory of CHAT_PORT_SUBJECTS) {
  describe(`chat port contract: ${factory.name}`, () => {
    let s: ChatPortSubject;
    beforeAll(async () => {
      s = await factory.start();
    });
    afterAll(async () => {
      await s?.close();
    });
    beforeEach(() => s.reset());

    /** Makes the next `call` fail as `arm` says, then makes that call (updating a ref posted first). */
    async function failing(call: Call, arm: (call: Call) => ChannelRef | void): Promise<ChatDeliveryError> {
      // Nothing is posted before a failing post, so the platform's record holds that one call alone.
      const ref = call === 'update' ? await s.port.post(s.channel, textMessage('INC-1 · P1 · Card payments failing')) : null;
      // A refusal of "this channel" names the channel to use instead.
      const channel = arm(call) ?? s.channel;
      return call === 'post'
        ? refusal(s.port.post(channel, textMessage('Breach: INC-1 missed its acknowledge target')))
        : refusal(s.port.update({ ...ref!, channel }, textMessage('INC-1 · P1 · Card payments failing · Acknowledged')));
    }

    it('post returns a ref in that channel with a non-empty id, distinct per post', async () => {
      const first = await s.port.post(s.channel, textMessage('INC-1 · P1 · Card payments failing'));
      const second = await s.port.post(s.channel, textMessage('INC-2 · P2 · Search is slow'));
      for (const ref of [first, second]) {
        expect(ref.channel).toEqual(s.channel);
        expect(typeof ref.id).toBe('string');
        expect(ref.id.trim()).not.toBe('');
        // A message posted to the channel itself is in no thread.
        expect(ref.threadId).toBeUndefined();
      }
      expect(second.id).not.toBe(first.id);
      const landed = s.posted();
      expect(landed).toHaveLength(2);
      expect(landed.map((l) => [l.channelId, l.threadOf])).toEqual([
        [s.channel.id, null],
        [s.channel.id, null],
      ]);
      expect(landed[0]!.text).toContain('Card payments failing');
      expect(landed[1]!.text).toContain('Search is slow');
      // Where the platform shows the id it gave the message, it is the ref's.
      for (const [i, ref] of [first, second].entries()) if (landed[i]!.id !== undefined) expect(landed[i]!.id).toBe(ref.id);
    });

    it('a post in the thread of a ref lands in that thread; the reply has its own id and names the thread', async () => {
      const root = await s.port.post(s.channel, textMessage('INC-1 · P1 · Card payments failing'));
      const reply = await s.port.post(s.channel, textMessage('Ana acknowledged INC-1'), root);
      expect(reply.channel).toEqual(s.channel);
      expect(reply.id).not.toBe(root.id);
      expect(reply.id.trim()).not.toBe('');
      if (reply.threadId !== undefined) expect(reply.threadId).toBe(root.id);
      const [, note] = s.posted();
      expect(note).toMatchObject({ channelId: s.channel.id, threadOf: root.id });
      expect(note!.text).toContain('Ana acknowledged INC-1');
    });

    it('a post in the thread of a reply lands in the thread of its root (a thread has one parent)', async () => {
      const root = await s.port.post(s.channel, textMessage('INC-1 · P1 · Card payments failing'));
      const reply = await s.port.post(s.channel, textMessage('Breach: INC-1 missed its acknowledge target'), root);
      await s.port.post(s.channel, textMessage('Ana acknowledged INC-1'), reply);
      expect(s.posted().map((l) => l.threadOf)).toEqual([null, root.id, root.id]);
    });

    it(
      factory.cannotReplace
        ? `update of a posted ref prints the new version in that channel and posts nothing new (${factory.cannotReplace})`
        : 'update of a posted ref replaces that message and posts nothing new',
      async () => {
        const ref = await s.port.post(s.channel, textMessage('INC-1 · P1 · Card payments failing · Open'));
        await s.port.update(ref, textMessage('INC-1 · P1 · Card payments failing · Acknowledged'));
        expect(s.posted()).toHaveLength(1);
        const updated = s.updated();
        expect(updated).toHaveLength(1);
        expect(updated[0]!.channelId).toBe(s.channel.id);
        expect(updated[0]!.text).toContain('Acknowledged');
        if (factory.cannotReplace) expect(updated[0]!.id).toBeUndefined();
        else expect(updated[0]!.id).toBe(ref.id);
      },
    );

    for (const call of ['post', 'update'] as const) {
      if (factory.cannotFail) {
        it(`${call}: cannot be rate-limited or refused (${factory.cannotFail}); it never throws, even in a channel nobody set up`, async () => {
          const nowhere = { ...s.channel, id: 'never-configured' };
          for (let i = 0; i < 50; i++) {
            const ref = await s.port.post(i % 2 ? nowhere : s.channel, textMessage(`burst ${i}`));
            if (call === 'update') await s.port.update(ref, textMessage(`burst ${i}, updated`));
          }
          expect(s.posted()).toHaveLength(50);
          expect(s.updated()).toHaveLength(call === 'update' ? 50 : 0);
        });
        continue;
      }

      it(`${call}: a rate limit surfaces as ChatDeliveryError with the platform's retryAfterMs`, async () => {
        const limit = s.rateLimit!;
        let expected = 0;
        const e = await failing(call, (c) => {
          expected = limit.arm(c);
        });
        expect(e.detail.retryAfterMs, limit.what).toBe(expected);
        expect(e.detail.permanent, limit.what).not.toBe(true);
        if (limit.attempts) expect(limit.attempts.seen(call), limit.attempts.why).toBe(limit.attempts.expected);
      });

      it(`${call}: a permanent refusal (channel gone, bot removed, no access) surfaces with permanent: true`, async () => {
        expect(s.refusals.length).toBeGreaterThan(0);
        for (const r of s.refusals) {
          const e = await failing(call, (c) => r.arm(c));
          expect(e.detail.permanent, r.what).toBe(true);
          expect(e.detail.retryAfterMs, r.what).toBeUndefined();
        }
      });
    }
  });
}

