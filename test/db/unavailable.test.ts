/**
 * Database outages as the core sees them (issue 16): the driver errors that mean "unreachable right
 * now" are recognised in one place and become UnavailableError; the pool gate bounds the wait for a
 * connection; and on PostgreSQL, a pool held by slow statements or a statement stuck behind a lock is
 * answered within seconds with the clear reply instead of hanging a Slack command.
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { createApp, type App } from '../../adapters/root/app.ts';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { PoolGate, withConnectionWait } from '../../db/pool-gate.ts';
import { asUnavailable, isUnavailable, outageCode, POOL_EXHAUSTED } from '../../db/unavailable.ts';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../src/errors.ts';
import { POSTGRES_URL, throwawayDatabase } from '../helpers/databases.ts';
import { seedEstate } from '../helpers/seed.ts';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
/** What drizzle throws: its own error, the driver's as the cause. */
const drizzled = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

describe('recognising an outage', () => {
  it('knows connection failures wherever they sit in the cause chain', () => {
    expect(outageCode(coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe('ECONNREFUSED');
    expect(outageCode(drizzled(coded('57P01', 'terminating connection due to administrator command')))).toBe('57P01');
    expect(outageCode(drizzled(coded('CONNECTION_CLOSED')))).toBe('CONNECTION_CLOSED');
    expect(outageCode(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe('ECONNREFUSED');
    for (const code of ['ECONNRESET', 'CONNECT_TIMEOUT', '57P03', '53300', '57014', '08006', '25P03', POOL_EXHAUSTED]) expect(isUnavailable(drizzled(coded(code)))).toBe(true);
  });

  it('leaves every other error alone', () => {
    for (const err of [coded('23505', 'duplicate key'), coded('42P01', 'relation does not exist'), new Error('boom'), drizzled(new TypeError('x')), null, 'text']) {
      expect(isUnavailable(err)).toBe(false);
      expect(asUnavailable(err)).toBe(err);
    }
  });

  it('maps an outage to UnavailableError, naming the driver’s own words and keeping them as the cause', () => {
    const cause = drizzled(coded('57P01', 'terminating connection due to administrator command'));
    const mapped = asUnavailable(cause);
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect((mapped as Error).message).toBe('the database is unavailable (57P01: terminating connection due to administrator command)');
    expect((mapped as Error).cause).toBe(cause);
    expect(asUnavailable(mapped)).toBe(mapped);
  });
});

describe('the pool gate', () => {
  it('admits as many as the pool holds, queues the rest in order, and fails one that waits too long', async () => {
    const gate = new PoolGate(2, 200);
    const order: string[] = [];
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    const a = gate.run(() => held.then(() => order.push('a')));
    const b = gate.run(() => held.then(() => order.push('b')));
    const c = gate.run(async () => order.push('c'));
    expect(gate.queued).toBe(1);
    await expect(c).rejects.toMatchObject({ code: POOL_EXHAUSTED });
    expect(gate.queued).toBe(0);
    const d = gate.run(async () => order.push('d'));
    open();
    await Promise.all([a, b, d]);
    expect(order).toEqual(['a', 'b', 'd']);
  });

  it('waits as long as the work it serves says: a person’s command less than the gate’s own bound', async () => {
    const gate = new PoolGate(1, 60_000);
    let open!: () => void;
    const held = gate.run(() => new Promise<void>((resolve) => (open = resolve)));
    await expect(withConnectionWait(100, () => gate.run(async () => 'ran'))).rejects.toThrow('no database connection came free within 100 ms (all 1 busy)');
    open();
    await held;
    expect(await withConnectionWait(100, () => gate.run(async () => 'ran'))).toBe('ran');
  });
});

describe.skipIf(!POSTGRES_URL)(`a busy or blocked PostgreSQL${POSTGRES_URL ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let url: string;
  let app: App;
  let handle: DatabaseHandle;
  const actor = { platform: 'slack' as const, id: 'U0ALICE' };
  const channel = { platform: 'slack' as const, id: 'C0' };
  const command = (text: string) => app.inbound.command({ text, actor, channel });

  beforeAll(async () => {
    const made = await throwawayDatabase(`pacta_t_unavail_${process.pid}`);
    url = made.url;
    dropDatabase = made.drop;
    // Two connections, statements cut at 4 s. The door's statements wait 2 s for a connection (a person
    // waits on them); others as long as the statement timeout.
    handle = await openDatabase({ url, poolSize: 2, acquireTimeoutMs: 4000, statementTimeoutMs: 4000 });
    app = await createApp({ config: loadConfig({ DATABASE_URL: url }), db: handle });
    await seedEstate(app.store, app.time);
  });

  afterAll(async () => {
    await app?.close();
    await dropDatabase?.();
  });

  it('sets the statement timeout and the idle-in-transaction timeout on every connection', async () => {
    const rows = await handle.db.execute<{ s: string; i: string }>(sql`select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`);
    expect(Array.from(rows as unknown as Iterable<{ s: string; i: string }>)).toEqual([{ s: '4s', i: '15s' }]);
  });

  it('a pool held by slow statements: a command is answered with the clear reply while they still run', async () => {
    // Both connections busy with statements well inside the statement timeout.
    const sleeping = [0, 1].map(() => handle.db.execute(sql`select pg_sleep(3.5)`).then(
      () => 'finished',
      (err: unknown) => `failed: ${String(err)}`,
    ));
    let done = 0;
    for (const s of sleeping) void s.then(() => done++);
    const answer = await command('status');
    expect(answer.reply.message.fallback).toBe(UNAVAILABLE_TEXT);
    expect(answer.changed).toBe(false);
    // The gate let the command go before either slow statement ended: it did not wait its turn behind them.
    expect(done).toBe(0);
    await Promise.all(sleeping);
    // Free again: the same command runs.
    expect((await command('status')).reply.message.fallback).not.toBe(UNAVAILABLE_TEXT);
  });

  it('a statement stuck behind a lock is cut at the statement timeout and answered with the clear reply', async () => {
    const other = postgres(url, { max: 1, onnotice: () => {} });
    const lock = await other.reserve();
    try {
      await lock`begin`;
      await lock`lock table services, user_roles, status_head in access exclusive mode`;
      const answer = await command('status');
      expect(answer.reply.message.fallback).toBe(UNAVAILABLE_TEXT);
    } finally {
      await lock`rollback`;
      lock.release();
      await other.end();
    }
    expect((await command('status')).reply.message.fallback).not.toBe(UNAVAILABLE_TEXT);
  });
});
