/**
 * `report … --csv` (docs/semantics.md §10) through the router on a real database: the file parses back
 * with a strict RFC 4180 reader and reproduces the report's figures exactly — opened, resolved,
 * breaches, MTTA and MTTR (wall clock and business time) per service and overall, and availability per
 * service from the downtime counted — on an estate with overlapping incidents, degraded impact,
 * maintenance, a reopened incident, a paused clock and open incidents; and on random estates.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Report } from '../../src/model/report.ts';
import type { IncidentStats } from '../../src/slo/incident-stats.ts';
import type { Repositories, Store } from '../../src/ports/store.ts';
import { QueryUseCases } from '../../src/usecases/queries.ts';
import { csvObjects, parseCsv } from '../helpers/csv.ts';
import { describeEachDatabase, type TestDatabase } from '../helpers/databases.ts';
import { RESPONDER, VIEWER, ZONE, expectRefused, fingerprint, messageText, runAll, setup, type Harness } from './harness.ts';

const MIN = 60_000;
type Row = Record<string, string>;

const ESTATE = [
  'calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"',
  'service add payments "Payments API" --availability 99.9 --window 30d --calendar business',
  'policy set payments P1 ack=15m resolve=4h',
  // A degraded weight of 0.25: weighted downtime stays exact in binary, so sums compare with toBe.
  'service add search "Search" --availability 99.5 --window month --degraded-weight 0.25',
  'policy set search P2 ack=30m resolve=8h',
  'service add docs',
];

/** What happens in the estate, from Sat 31 Oct 2026 21:00 Berlin to Mon 23 Nov 10:00 (see `estate`). */
const HISTORY = [
  // INC-1: opened before November, down into it: 2 of its 5 hours count in November.
  ...['open search P2 "Index rebuild, stuck" --impact outage', '+5', 'ack INC-1', '@2026-11-01T01:00:00Z', 'resolve INC-1'],
  // Mon 2 Nov, 09:00 Berlin: a degraded incident, an outage inside it, and maintenance across both. The
  // outage is acknowledged after 20 minutes: its 15-minute target is breached.
  ...['@2026-11-02T08:00:00Z', 'maintenance payments 2026-11-02T09:40:00Z 20m planned failover', 'open payments P1 "Card payments slow, \\"EU\\" only" --impact degraded'],
  ...['+10', 'ack INC-2', '+20', `open payments P1 "=cmd|' /C calc'!A0" --impact outage`, '+20', 'ack INC-3', '+60', 'resolve INC-3', '+70', 'resolve INC-2'],
  // Tue 10 Nov: degraded search, acknowledged, then paused (still paused at the report).
  ...['@2026-11-10T10:00:00Z', 'open search P2 "Search down for 🚀 users" --impact degraded', '+15', 'ack INC-4', '+45', 'pause INC-4 waiting on the vendor'],
  // Mon 16 Nov: resolved unacknowledged, reopened, acknowledged, resolved again.
  ...['@2026-11-16T12:00:00Z', 'open payments P1 "+SUM(1,2) flapping" --impact outage', '+30', 'resolve INC-5', '+120', 'reopen INC-5', '+45', 'ack INC-5', '+15', 'resolve INC-5'],
  // Wed 18 Nov: no impact, no downtime.
  ...['@2026-11-18T12:00:00Z', 'open payments P1 "@here nothing down" --impact none', '+5', 'ack INC-6', '+10', 'resolve INC-6'],
  // Fri 20 Nov: a service with no objective and no policy; Sun 22 Nov: an outage that began 3 h before.
  ...['@2026-11-20T12:00:00Z', 'open docs P3 "-docs 404, \\"all\\" pages" --impact outage'],
  ...['@2026-11-22T12:00:00Z', 'open payments P1 "Checkout down" --impact outage --since -3h', '@2026-11-23T09:00:00Z'],
];

/** The report's figures as a spreadsheet would recompute them from the rows (docs/semantics.md §10). */
function recompute(rows: readonly Row[]): IncidentStats {
  const mine = rows.filter((r) => r.in_period === 'yes');
  const ms = (s: string) => Math.round(Number(s) * 1000);
  const mean = (values: string[]) => (values.length ? values.reduce((sum, v) => sum + ms(v), 0) / values.length : null);
  const acked = mine.filter((r) => r.acknowledged !== '');
  const resolved = mine.filter((r) => r.resolved !== '');
  return {
    opened: mine.length,
    resolved: resolved.length,
    breaches: mine.filter((r) => r.breached === 'yes').length,
    mttaMs: mean(acked.map((r) => r.seconds_to_ack!)),
    mttrMs: mean(resolved.map((r) => r.seconds_to_resolve!)),
    mttaBusinessMs: mean(acked.map((r) => r.ack_business_seconds!).filter((v) => v !== '')),
    mttrBusinessMs: mean(resolved.map((r) => r.resolve_business_seconds!).filter((v) => v !== '')),
  };
}

/** 1 − Σ downtime counted ÷ the service's measured time; 1 with no rows (nothing went down). */
function availabilityFrom(rows: readonly Row[]): number {
  if (rows.length === 0) return 1;
  const measured = new Set(rows.map((r) => r.service_measured_seconds));
  expect(measured.size).toBe(1);
  const down = rows.reduce((sum, r) => sum + Number(r.downtime_counted_seconds) * 1000, 0);
  return Math.min(1, Math.max(0, 1 - down / (Number([...measured][0]) * 1000)));
}

/** Every figure of `report` reproduced from `csv`'s rows, per service and (for all services) overall. */
function expectReproduces(csv: string, report: Report, all: boolean): void {
  const rows = csvObjects(csv);
  for (const s of report.services) {
    const mine = rows.filter((r) => r.service === s.service.key);
    expect({ service: s.service.key, ...recompute(mine) }).toEqual({ service: s.service.key, ...s.stats });
    if (s.availability !== null) expect({ service: s.service.key, availability: availabilityFrom(mine) }).toEqual({ service: s.service.key, availability: s.availability });
  }
  if (all) expect(recompute(rows)).toEqual((({ breachedClocks: _, ...stats }) => stats)(report.overall));
  // Rows of earlier incidents are there for their downtime alone.
  for (const r of rows.filter((x) => x.in_period === 'no')) {
    expect(Number(r.downtime_counted_seconds)).toBeGreaterThan(0);
    expect(new Date(r.opened!).getTime()).toBeLessThan(report.from.getTime());
  }
}

async function csvOf(h: Harness, line: string): Promise<{ text: string; name: string; reply: string }> {
  const o = await h.run(line, VIEWER);
  expect(o.changed).toBe(false);
  expect(o.reply.files).toHaveLength(1);
  const file = o.reply.files![0]!;
  return { text: file.text, name: file.name, reply: messageText(o.reply.message) };
}

/** Runs `line` (as the admin) and fails loudly when it changes nothing. */
async function act(h: Harness, line: string): Promise<void> {
  const o = await h.run(line);
  if (!o.changed) throw new Error(`"${line}" changed nothing: ${o.reply.message.fallback}`);
}

/** A store whose reads count every repository call, as `repo.method`. */
function countingStore(inner: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const read = new Proxy(inner.read, {
    get: (target, repo: string) => {
      const r = target[repo as keyof Repositories] as unknown as Record<string, unknown>;
      return new Proxy(r, {
        get: (t, method: string) => {
          const f = t[method];
          return typeof f === 'function' ? (...args: unknown[]) => (calls.push(`${repo}.${method}`), (f as (...a: unknown[]) => unknown).apply(t, args)) : f;
        },
      });
    },
  });
  return { store: { transaction: (fn) => inner.transaction(fn), read, get commits() { return inner.commits; } }, calls };
}

describeEachDatabase('report --csv', (db) => {
  /** The estate of the file's heading: ESTATE, then HISTORY. */
  async function estate(): Promise<Harness> {
    const h = await setup(db(), '2026-10-31T20:00:00Z');
    await runAll(h, ESTATE);
    // Each line must change something; `@<instant>` sets the time, `+<n>` moves it n minutes.
    for (const line of HISTORY) {
      if (line.startsWith('@')) h.time.set(line.slice(1));
      else if (line.startsWith('+')) h.time.advance(Number(line.slice(1)) * MIN);
      else await act(h, line);
      // Pacta folds white space in titles it is given; a stored one with a line break must still be one field.
      if (line.startsWith('open search P2 "Search down')) {
        await db().store.transaction(async (tx) => tx.incidents.update({ ...(await tx.incidents.get(4))!, title: 'Search down for 🚀 users,\r\nagain' }));
      }
    }
    return h;
  }

  it('reproduces every figure of the report from the rows, for each period, one service or all', async () => {
    const h = await estate();
    const before = await fingerprint(db());
    for (const period of ['7d', '30d', 'month', 'quarter']) {
      const report = await h.deps.queries.report(null, period, ZONE);
      const all = await csvOf(h, `report all --period ${period} --csv`);
      expectReproduces(all.text, report, true);
      // No service word is the same as `all`.
      expect((await csvOf(h, `report --period ${period} --csv`)).text).toBe(all.text);
      // One service's report is the whole one cut to it; the two kinds of period show it.
      if (period !== '30d' && period !== 'month') continue;
      for (const key of ['payments', 'search', 'docs']) {
        const one = await csvOf(h, `report ${key} --period ${period} --csv`);
        expectReproduces(one.text, await h.deps.queries.report(key, period, ZONE), false);
        // One service's file is that service's rows of the whole file.
        const [header, ...rows] = parseCsv(all.text);
        expect(parseCsv(one.text)).toEqual([header, ...rows.filter((r) => r[0] === key)]);
      }
    }
    expect(await fingerprint(db())).toBe(before);
  });

  it('says what each incident contributed, with the attribution rule, clocks and hostile titles intact', async () => {
    const h = await estate();
    const month = await csvOf(h, 'report --period month --csv');
    expect(month.name).toBe('pacta-report-all-2026-11.csv');
    expect(month.reply).toBe(
      'Report data for all services, November, 23 days in: 8 rows in pacta-report-all-2026-11.csv (7 incidents opened in the period and 1 earlier one counted for its downtime).\n' +
        'One row per incident, instants in UTC, durations in seconds; in_period no marks a row counted only for its downtime.',
    );
    const rows = csvObjects(month.text);
    const by = (id: string) => rows.find((r) => r.incident === id)!;
    expect(rows.map((r) => `${r.service} ${r.incident} ${r.in_period}`)).toEqual([
      'docs INC-7 yes',
      'payments INC-2 yes',
      'payments INC-3 yes',
      'payments INC-5 yes',
      'payments INC-6 yes',
      'payments INC-8 yes',
      'search INC-1 no',
      'search INC-4 yes',
    ]);
    // Titles come back as typed; those a spreadsheet would run get an apostrophe.
    expect(rows.map((r) => r.title)).toEqual([
      `'-docs 404, "all" pages`,
      'Card payments slow, "EU" only',
      `'=cmd|' /C calc'!A0`,
      "'+SUM(1,2) flapping",
      "'@here nothing down",
      'Checkout down',
      'Index rebuild, stuck',
      'Search down for 🚀 users,\r\nagain',
    ]);
    expect(month.text).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(month.text).toContain(`,"Search down for 🚀 users,\r\nagain",`);
    expect(month.text.split('\r\n')[0]).toBe(
      'service,incident,in_period,priority,title,status,impact,impact_start,opened,acknowledged,resolved,seconds_to_ack,seconds_to_resolve,' +
        'ack_business_seconds,ack_target_seconds,ack_state,resolve_business_seconds,resolve_target_seconds,resolve_state,breached,' +
        'downtime_counted_seconds,service_measured_seconds',
    );
    // INC-2 degraded 08:00–11:00 at 0.5; INC-3's outage takes 08:30–09:50 of it, maintenance 09:40–10:00:
    // INC-2 counts 30 + 60 min × 0.5, INC-3 70 min.
    expect(by('INC-2')).toMatchObject({ downtime_counted_seconds: '2700', seconds_to_ack: '600', seconds_to_resolve: '10800', ack_state: 'met', resolve_state: 'met', breached: 'no' });
    expect(by('INC-3')).toMatchObject({ downtime_counted_seconds: '4200', seconds_to_ack: '1200', ack_business_seconds: '1200', ack_target_seconds: '900', ack_state: 'breached', breached: 'yes' });
    // The whole of November less the 20 minutes of maintenance.
    expect(by('INC-3').service_measured_seconds).toBe(String(30 * 24 * 3600 - 20 * 60));
    // Resolved unacknowledged after 30 min (which stopped its acknowledge clock, past target), reopened 2 h
    // later for 1 h: down 30 + 60 min. Acknowledged after the reopen, 3 h 15 min after opening.
    expect(by('INC-5')).toMatchObject({ status: 'resolved', downtime_counted_seconds: '5400', seconds_to_ack: '11700', seconds_to_resolve: '12600', ack_business_seconds: '1800', ack_state: 'breached', resolve_business_seconds: '5400' });
    expect(by('INC-6')).toMatchObject({ impact: 'none', downtime_counted_seconds: '0', acknowledged: '2026-11-18T12:05:00Z', resolved: '2026-11-18T12:15:00Z' });
    // Open since Sun 12:00, impact from 09:00: 24 h of outage so far; no acknowledgement, no resolution.
    // Its clocks count business time, Monday 09:00–10:00 Berlin alone: past the 15-minute target.
    expect(by('INC-8')).toMatchObject({ status: 'open', impact_start: '2026-11-22T09:00:00Z', opened: '2026-11-22T12:00:00Z', acknowledged: '', resolved: '', seconds_to_ack: '', downtime_counted_seconds: '86400' });
    expect(by('INC-8')).toMatchObject({ ack_business_seconds: '3600', ack_state: 'breached', resolve_business_seconds: '3600', resolve_state: 'running', breached: 'yes' });
    // Opened in October: 2 of its 5 hours fall in November.
    expect(by('INC-1')).toMatchObject({ opened: '2026-10-31T20:00:00Z', downtime_counted_seconds: '7200', ack_state: 'met' });
    // Degraded at 0.25 since Tue 10 Nov 10:00 UTC, and paused: 311 h × 0.25.
    expect(by('INC-4')).toMatchObject({ status: 'paused', resolve_state: 'paused', downtime_counted_seconds: String(311 * 3600 * 0.25), resolve_business_seconds: '3600' });
    // A service without policy or objective: no clocks, its downtime still said.
    expect(by('INC-7')).toMatchObject({ ack_state: 'none', resolve_state: 'none', ack_target_seconds: '', ack_business_seconds: '', downtime_counted_seconds: String(3 * 24 * 3600 - 3 * 3600) });

    // Over the last 30 days INC-1 is an incident of the period like any other: 5 hours.
    const rolling = await csvOf(h, 'report search --csv');
    expect(rolling.name).toBe('pacta-report-search-30d-2026-11-23.csv');
    expect(csvObjects(rolling.text).map((r) => [r.incident, r.in_period, r.downtime_counted_seconds])).toEqual([
      ['INC-1', 'yes', '18000'],
      ['INC-4', 'yes', String(311 * 3600 * 0.25)],
    ]);
    expect((await csvOf(h, 'report payments --period quarter --csv')).name).toBe('pacta-report-payments-2026-Q4.csv');
  });

  it('keeps the message report as it was, refuses a bad period or service, and reads a fixed number of times', async () => {
    const h = await estate();
    const text = await h.run('report all --period month', VIEWER);
    expect(text.reply.files).toBeUndefined();
    expect(messageText(text.reply.message)).toBe(messageText((await h.run('report --period month', VIEWER)).reply.message));
    await expectRefused(h, db(), 'report --csv --period 1y', [/"1y" is not a report period/, /Usage: report \[service\|all\]/], VIEWER);
    await expectRefused(h, db(), 'report nope --csv', [/There is no service "nope"/], VIEWER);

    // The same reads for 8 incidents as for 32: batched, never one per incident.
    const reads = async (d: TestDatabase) => {
      const { store, calls } = countingStore(d.store);
      await new QueryUseCases(store, h.time, ZONE).reportTable(null, 'month', ZONE);
      return calls.sort();
    };
    const few = await reads(db());
    for (let i = 0; i < 24; i++) await h.deps.incidents.open({ serviceKey: i % 2 ? 'payments' : 'search', priority: 'P1', title: `load ${i}`, actor: { platform: 'console', id: 'load' } });
    expect(await reads(db())).toEqual(few);
    expect(few.filter((c) => c.startsWith('clocks.'))).toEqual(['clocks.forIncidents']);
  });
});

describeEachDatabase('report --csv on random estates', (db) => {
  it('reproduces the report for any history of opens, acks, pauses, resolves, reopens, impact changes and maintenance (property)', async () => {
    const SERVICES = ['payments', 'search', 'docs'];
    const step = fc.record({
      gap: fc.integer({ min: 1, max: 4 * 60 }),
      what: fc.constantFrom('open', 'open', 'open', 'open', 'ack', 'pause', 'resume', 'resolve', 'resolve', 'reopen', 'impact', 'maintenance'),
      service: fc.constantFrom(...SERVICES),
      priority: fc.constantFrom('P1', 'P2'),
      impact: fc.constantFrom('outage', 'degraded', 'none'),
      since: fc.integer({ min: 0, max: 180 }),
      pick: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 8, maxLength: 24 }), fc.integer({ min: 0, max: 48 * 60 }), async (steps, tail) => {
        await db().reset();
        // From Fri 30 Oct, a day or a few across the end of October: `month` then lists earlier incidents.
        const h = await setup(db(), '2026-10-30T20:00:00Z');
        await runAll(h, [...ESTATE, 'policy set payments P2 ack=1h resolve=1d', 'policy set search P1 ack=5m resolve=1h']);
        let opened = 0;
        for (const s of steps) {
          h.time.advance(s.gap * MIN);
          const id = `INC-${opened ? (s.pick % opened) + 1 : 1}`;
          const line = {
            open: `open ${s.service} ${s.priority} "t ${opened + 1}" --impact ${s.impact}${s.since ? ` --since -${s.since}m` : ''}`,
            ack: `ack ${id}`,
            pause: `pause ${id}`,
            resume: `resume ${id}`,
            resolve: `resolve ${id}`,
            reopen: `reopen ${id}`,
            impact: `impact ${id} ${s.impact}`,
            maintenance: `maintenance ${s.service} +${s.since + 1}m ${1 + (s.pick % 240)}m`,
          }[s.what];
          // Refusals (acknowledging a resolved incident, …) are part of the history: nothing changes.
          const o = await h.run(line, RESPONDER);
          if (s.what === 'open' && o.changed) opened++;
        }
        h.time.advance(tail * MIN);
        // A rolling period and a calendar one: the two ways a report's window is cut.
        for (const period of ['30d', 'month']) {
          const o = await h.run(`report --period ${period} --csv`, VIEWER);
          expectReproduces(o.reply.files![0]!.text, await h.deps.queries.report(null, period, ZONE), true);
        }
      }),
      { numRuns: 8 },
    );
  });
});
