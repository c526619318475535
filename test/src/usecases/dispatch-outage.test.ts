/**
 * The dispatcher when the database goes away mid-delivery, and when its process stops (issue 16): a post
 * that reached the platform but could not be marked sent is marked once the database answers, never
 * posted again; an attempt that could not be recorded is handed back and delivered; `stop` finishes the
 * post in flight and hands back the claims on rows not started, at once, channel slots included.
 */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { outbox, outboxChannels } from '../../../db/schema.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { UnavailableError } from '../../../src/errors.ts';
import type { ChatPort, MessageRef } from '../../../src/ports/chat.ts';
import type { Repositories, Store } from '../../../src/ports/store.ts';
import { Dispatcher } from '../../../src/usecases/dispatch.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { NotificationRenderer } from '../../../src/usecases/notifications.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { RecordingChatPort } from '../../fakes/recording-chat.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';

const C0: ChannelRef = { platform: 'slack', id: 'C0' };
const C1: ChannelRef = { platform: 'slack', id: 'C1' };
const silent = { error: () => {}, warn: () => {} };

/** `store` with a switch: while `down`, every transaction and read fails as the database layer reports an outage. */
function switchable(store: Store): Store & { down: boolean } {
  const fail = () => Promise.reject(new UnavailableError('the database is unavailable (ECONNREFUSED)'));
  const s = {
    down: false,
    get commits() {
      return store.commits;
    },
    transaction: <T>(fn: (tx: Repositories) => Promise<T>): Promise<T> => (s.down ? fail() : store.transaction(fn)),
    read: new Proxy(store.read, {
      get: (target, name) =>
        new Proxy(target[name as keyof Repositories] as object, {
          get: (repo, method) => {
            const fn = Reflect.get(repo, method, repo) as unknown;
            return typeof fn === 'function' ? (...args: unknown[]) => (s.down ? fail() : (fn as (...a: unknown[]) => unknown).apply(repo, args)) : fn;
          },
        }),
    }),
  };
  return s;
}

describeEachDatabase('outbox dispatcher through an outage and a stop', (db) => {
  const setup = async (port: ChatPort) => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const admin = await seedEstate(db().store, time);
    const store = switchable(db().store);
    const incidents = new IncidentUseCases(db().store, time);
    const queries = new QueryUseCases(store, time, 'Europe/Berlin');
    const renderer = new NotificationRenderer(store, new IncidentUseCases(store, time), queries, async () => 'Europe/Berlin', null, (s) => incidentCard(s, { timezone: 'Europe/Berlin' }));
    const dispatcher = new Dispatcher(store, time, { get: (p) => (p === 'slack' ? port : null), platforms: () => ['slack'] }, (n) => renderer.render(n), silent);
    await admin.subscribe({ channel: C1, services: ['payments'], allServices: false, digestSpec: null, digestCron: null, timezone: 'Europe/Berlin', createdBy: ALICE });
    return { time, store, incidents, dispatcher };
  };
  const rows = async () => (await db().handle.db.select().from(outbox)).sort((a, b) => a.id - b.id);

  it('a post the database could not mark sent is marked when it answers again, and never posted twice', async () => {
    const slack = new RecordingChatPort();
    const { store, incidents, dispatcher } = await setup({
      post: async (channel, message, threadOf) => {
        const ref = await slack.post(channel, message, threadOf);
        store.down = true; // the database goes away while the platform answers
        return ref;
      },
      update: (ref, message) => slack.update(ref, message),
    });
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', actor: ALICE, channel: null });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(slack.posts).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ status: 'sending' });
    // Still down: the run stops before claiming anything.
    await expect(dispatcher.runOnce()).rejects.toBeInstanceOf(UnavailableError);
    store.down = false;
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    expect(await rows()).toEqual([expect.objectContaining({ status: 'sent', messageId: slack.posts[0]!.id, claimedUntil: null })]);
    // Reacting to it works: the alert was remembered with the mark.
    expect(await db().store.read.messages.find(C1, slack.posts[0]!.id)).toMatchObject({ incidentNumber: 1 });
    expect(slack.posts).toHaveLength(1);
  });

  it('an attempt the database could not record is handed back and delivered once it answers', async () => {
    const slack = new RecordingChatPort();
    const { store, incidents, dispatcher } = await setup(slack);
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: null });
    // Claimed, then the database goes: rendering fails, and so does recording the retry.
    const port = slack.post.bind(slack);
    const claimOnly = new Proxy(store, {
      get(target, prop) {
        if (prop !== 'transaction') return Reflect.get(target, prop);
        return async <T>(fn: (tx: Repositories) => Promise<T>) => {
          const out = await target.transaction(fn);
          target.down = true;
          return out;
        };
      },
    });
    const once = new Dispatcher(claimOnly, new ManualTime('2026-11-23T09:00:00Z'), { get: () => ({ post: port, update: slack.update.bind(slack) }), platforms: () => ['slack'] }, async () => {
      throw new UnavailableError('the database is unavailable (ECONNRESET)');
    }, silent);
    expect(await once.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect((await rows())[0]).toMatchObject({ status: 'sending', attempts: 1 });
    store.down = false;
    // Its next run, or its stop, hands the row back first (the attempt uncounted)…
    await once.stop(1000);
    expect((await rows())[0]).toMatchObject({ status: 'pending', attempts: 0, claimedUntil: null });
    // …and any dispatcher delivers it at once, not after the lease.
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    expect(slack.posts).toHaveLength(1);
  });

  it('stop: the post in flight finishes and is marked; claims not started are handed back at once, slots freed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let posting!: () => void;
    const started = new Promise<void>((resolve) => (posting = resolve));
    const posts: string[] = [];
    const slow: ChatPort = {
      async post(channel, message) {
        posts.push(`${channel.id}: ${message.fallback}`);
        const id = `slow-${posts.length}`;
        posting();
        await held;
        return { channel, id };
      },
      async update(_ref: MessageRef) {},
    };
    const { time, incidents, dispatcher } = await setup(slow);
    // Three cards for C0 (one by one, unpaced) and three notices for C1 (paced: one combined post).
    for (const title of ['one', 'two', 'three']) await incidents.open({ serviceKey: 'payments', priority: 'P1', title, actor: ALICE, channel: C0 });
    const run = dispatcher.runOnce(50);
    await started;
    const stopped = dispatcher.stop(60_000);
    release();
    await run;
    expect(await stopped).toEqual({ released: expect.any(Number), inFlight: 0 });
    const after = await rows();
    // Posted: the first card in C0 and the notices' combined post in C1, both marked; the rest handed back.
    const sent = after.filter((r) => r.status === 'sent');
    const back = after.filter((r) => r.status === 'pending');
    expect(sent.length + back.length).toBe(after.length);
    expect(back.length).toBeGreaterThan(0);
    expect((await stopped).released).toBe(back.length);
    for (const r of back) expect(r).toMatchObject({ claimedUntil: null, attempts: 0 });
    expect(posts.length).toBe(new Set(sent.map((r) => r.messageId)).size);
    // Nothing more from the stopped dispatcher; another delivers the rest now, its channels free.
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    const slack = new RecordingChatPort();
    const other = new Dispatcher(db().store, time, { get: () => slack, platforms: () => ['slack'] }, (n) => new NotificationRenderer(db().store, incidents, new QueryUseCases(db().store, time, 'UTC'), async () => 'UTC', null, (s) => incidentCard(s, { timezone: 'UTC' })).render(n), silent);
    time.advance(1000);
    for (let i = 0; i < 5; i++) await other.runOnce(50);
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
    expect(slack.posts.length + posts.length).toBe(new Set((await rows()).map((r) => r.messageId)).size);
  });

  it('release hands back only the claim it names: a lapsed claim another replica took is left alone', async () => {
    const { time, incidents } = await setup(new RecordingChatPort());
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: null });
    const repo = db().store.read.outbox;
    const [mine] = await repo.claim(time.now(), 10, 5_000);
    expect(mine!.claimedUntil).toBeInstanceOf(Date);
    // The lease lapses and another replica claims the row (and its channel's slot) anew.
    time.advance(6_000);
    const [theirs] = await repo.claim(time.now(), 10, 5_000);
    expect(theirs!.id).toBe(mine!.id);
    expect(await repo.release([{ id: mine!.id, claimedUntil: mine!.claimedUntil! }], time.now())).toBe(0);
    expect((await rows())[0]).toMatchObject({ status: 'sending', attempts: 2 });
    const [slot] = await db().handle.db.select().from(outboxChannels).where(eq(outboxChannels.channelId, 'C1'));
    expect(slot!.nextPostAt.getTime()).toBe(theirs!.claimedUntil!.getTime());
    // Its own claim it hands back, with the channel free at once.
    expect(await repo.release([{ id: theirs!.id, claimedUntil: theirs!.claimedUntil! }], time.now())).toBe(1);
    expect((await rows())[0]).toMatchObject({ status: 'pending', attempts: 1, claimedUntil: null });
    const [freed] = await db().handle.db.select().from(outboxChannels).where(eq(outboxChannels.channelId, 'C1'));
    expect(freed!.nextPostAt.getTime()).toBe(time.now().getTime());
    expect(await repo.claim(time.now(), 10, 5_000)).toHaveLength(1);
  });
});
