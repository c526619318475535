/**
 * The router under fire: at least 10,000 generated command lines — random text, word soup from the
 * grammar, and mutations of valid commands — each must get a non-empty reply, never throw, never log a
 * bug (every failure is a user error with a message), and leave the database exactly as it was unless
 * the outcome says it changed something.
 *
 * One PGlite database for the whole run, reset and re-seeded only when valid mutations have grown it.
 * Writes are detected by a row-level trigger counter after every line (one tiny query), and the full
 * content hash of every table is compared every 20 lines, so the run stays short (under a minute idle).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Actor } from '../../src/domain/incident.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CONSOLE, RESPONDER, SETUP_LINES, VIEWER, fingerprint, installWriteCounter, runAll, setup, type Harness } from './harness.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** Valid lines over the seeded estate; mutations of them explore the space just around the grammar. */
const VALID = [
  ...SETUP_LINES,
  'open payments P1 Card payments failing --impact outage',
  'open search P2 "Slow results" --impact degraded --since 10:05',
  'ack INC-1',
  'pause INC-1 waiting on the card network',
  'resume INC-1',
  'resolve INC-1 rolled back the release',
  'reopen INC-2 errors are back',
  'priority INC-1 P2',
  'note INC-1 rollback started',
  'impact INC-1 degraded',
  'incident INC-1',
  'incidents payments --all',
  'status',
  'status payments',
  'report payments --period 30d',
  'service add ledger "Ledger" --availability 99.95 --window month --degraded-weight 0.3',
  'service set payments --name "Payments" --availability 99.95',
  'service remove search',
  'service list',
  'policy set payments P2 ack=1h resolve=8h warn=50,90',
  'policy show payments',
  'calendar add support --tz America/New_York --hours mon-fri 08:00-12:00,13:00-18:00; sat 10:00-14:00',
  'calendar show business',
  'calendar list',
  'maintenance payments 22:00 2h database upgrade',
  'maintenance payments 2026-11-28 06:00 90m',
  'subscribe payments --digest weekly@mon 09:00 --tz Europe/Berlin',
  'subscribe all --digest 0 9 * * 1-5',
  'unsubscribe search',
  'subscriptions',
  'role grant <@U0NEW|newbie> responder',
  'role revoke slack:U0VIC',
  'role list',
  'help service add',
];

const WORDS = [
  'help', '?', 'status', 'open', 'ack', 'acknowledge', 'resolve', 'close', 'pause', 'resume', 'reopen', 'priority', 'note', 'impact',
  'incident', 'inc', 'incidents', 'ls', 'report', 'service', 'add', 'set', 'remove', 'list', 'policy', 'show', 'calendar', 'holiday',
  'maintenance', 'subscribe', 'unsubscribe', 'subscriptions', 'role', 'grant', 'revoke', '/sla', 'sla',
  'INC-1', 'INC-2', 'INC-0', 'inc-3', '#1', '42', 'INC-99999999999999', 'INC--1', '1.5',
  'payments', 'search', 'PAYMENTS', 'all', 'x', 'nope', 'pay ments', 'a'.repeat(41),
  'P1', 'p2', 'P0', 'P5', '1', 'outage', 'degraded', 'none', 'down',
  '--impact', '--since', '--all', '--period', '--digest', '--tz', '--hours', '--availability', '--window', '--calendar',
  '--degraded-weight', '--name', '--', '—impact', '--impact=outage', '--all=yes', '--bogus', '-x',
  '7d', '30d', 'month', 'quarter', '1y', '99.9', '100', '0', '-5', '0.5', '2', 'daily@09:00', 'weekly@mon', '09:00', 'daily@25:61',
  '0 9 * * 1-5', 'Europe/Berlin', 'UTC', 'Mars/Base', 'mon-fri', '09:00-17:00', '"mon-fri 09:00-17:00"', '24x7',
  '10:05', '-15m', '15m', 'ago', '+2h', 'in', 'now', '2026-11-25', '2026-02-30', '2026-12-25', '1h30m', '90s', '2d', '1w', '3650d', '0m',
  'ack=15m', 'resolve=4h', 'warn=75,90', 'warn=150', 'calendar=business', 'calendar=24x7', 'ackk=1m', '=', 'ack=',
  '<@U1>', '<@U1|bob>', 'slack:U1', 'teams:29:1abc', 'U1', 'admin', 'responder', 'viewer', 'superuser',
  '"', "'", '"quoted text"', '“smart quotes”', '\\', '`', '*bold*', '<!channel>', '&amp;',
  '🔥', '👍🏽', 'é', 'ß', '\u200b', '\u00a0', 'עברית', '中文', '\u0000', '\n', '\t',
];

const actors: readonly Actor[] = [CONSOLE, CONSOLE, CONSOLE, RESPONDER, VIEWER];

const word = fc.constantFrom(...WORDS);
const soup = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));
const randomText = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 30 }));

type Mutation = (ws: string[], r: { i: number; w: string }) => string[];
const MUTATIONS: Mutation[] = [
  (ws, { i }) => ws.filter((_, k) => k !== i % ws.length), // drop a word
  (ws, { i }) => [...ws.slice(0, i % ws.length), ws[i % ws.length] ?? '', ...ws.slice(i % ws.length)], // repeat one
  (ws, { i, w }) => ws.map((x, k) => (k === i % ws.length ? w : x)), // replace one
  (ws, { i, w }) => [...ws.slice(0, i % (ws.length + 1)), w, ...ws.slice(i % (ws.length + 1))], // insert one
  (ws, { i }) => ws.slice(0, Math.max(1, i % ws.length)), // truncate
  (ws, { i }) => ws.map((x, k) => (k === i % ws.length ? `"${x}` : x)), // open a quote
  (ws) => [...ws].reverse(),
  (ws, { i }) => ws.map((x, k) => (k === i % ws.length ? x.toUpperCase() : x)),
];
const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat(20), word), { minLength: 1, maxLength: 3 }))
  .map(([line, steps]) => steps.reduce((ws, [m, i, w]) => MUTATIONS[m]!(ws, { i, w }), line.split(' ')).join(' '));

const lines = fc.oneof({ arbitrary: mutated, weight: 5 }, { arbitrary: soup, weight: 3 }, { arbitrary: randomText, weight: 2 });

describeEachDatabase(
  'fuzzing the router',
  (db) => {
    it(`${RUNS} generated lines: a reply each, no throw, no bug, no write unless changed`, async () => {
      const writes = await installWriteCounter(db());
      let h: Harness = await seed();
      let stamp = await writes();
      let full = await fingerprint(db());
      let changes = 0;
      let sinceReset = 0;
      let runs = 0;
      let quiet = true; // no line has reported a change since `full` was taken

      async function seed(): Promise<Harness> {
        await db().reset();
        const harness = await setup(db());
        await runAll(harness, [...SETUP_LINES, 'service add search', 'policy set search P2 ack=30m resolve=8h', 'subscribe payments search --digest daily@09:00']);
        await runAll(harness, ['open payments P1 Card payments failing', 'open search P2 Slow results', 'resolve INC-2 fixed']);
        return harness;
      }

      await fc.assert(
        fc.asyncProperty(lines, fc.constantFrom(...actors), async (text, actor) => {
          h.errors.length = 0; // a failing run is replayed while shrinking: start each one clean
          const outcome = await h.router.run({ text, actor, channel: { platform: 'slack', id: 'C0OPS' } });
          const message = outcome.reply.message;
          expect(message.fallback.trim().length, text).toBeGreaterThan(0);
          expect(message.blocks.length, text).toBeGreaterThan(0);
          expect(outcome.reply.visibility).toBe('ephemeral');
          if (h.errors.length) throw new Error(`"${text}" hit a bug: ${String(h.errors[0]?.obj.err)}`);
          const before = stamp;
          stamp = await writes();
          if (!outcome.changed) expect(stamp, `"${text}" wrote to the database without saying so`).toBe(before);
          else {
            changes++;
            sinceReset++;
            quiet = false;
          }
          // Every few lines, the full content hash too, in case a write slipped past the counter.
          if (++runs % 20 === 0) {
            const current = await fingerprint(db());
            if (quiet) expect(current, 'the tables changed while no line reported a change').toBe(full);
            full = current;
            quiet = true;
          }
          // Valid mutations grow the estate (incidents, services); start over now and then so every
          // line meets a similar, small database.
          if (sinceReset >= 150) {
            h = await seed();
            stamp = await writes();
            full = await fingerprint(db());
            quiet = true;
            sinceReset = 0;
          }
        }),
        // The database carries state from line to line, so shrinking would replay lines against a
        // different database and report a misleading minimum: report the first failing line as is.
        { numRuns: RUNS, endOnFailure: true },
      );
      // The generator must reach valid commands too, or the "unless changed" half is never exercised.
      expect(changes).toBeGreaterThan(50);
      // A guard against a hang, not a speed check: the run is a fixed number of lines (tens of seconds
      // idle, several times that on a loaded machine).
    }, 600_000);
  },
  ['pglite'],
);
