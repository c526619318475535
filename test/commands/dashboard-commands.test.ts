/**
 * `dashboard` and the public flags through the router (docs/dashboard.md): the signed link and its
 * lifetime, the reply without PACTA_PUBLIC_URL, `--for` bounds and nonsense; `service set --public` /
 * `--no-public`, `incident <id> --public` / `--no-public` and who may use them; the flag in the
 * configuration documents, export → apply → export byte for byte.
 */
import { expect, it } from 'vitest';
import { LinkSigner } from '../../adapters/http/signed-links.ts';
import { nodeHasher } from '../../adapters/webhooks/auth.ts';
import { exportDocuments } from '../../commands/config/export.ts';
import { loadDocuments } from '../../commands/config/load.ts';
import { exportOpenSlo, importOpenSlo } from '../../commands/config/openslo.ts';
import { applyDocuments } from '../../commands/config/state.ts';
import { toYaml } from '../../commands/config/yaml.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { ADMIN, RESPONDER, SETUP_LINES, VIEWER, expectRefused, messageText, runAll, setup, type Harness } from './harness.ts';

const HOUR = 3_600_000;

describeEachDatabase('dashboard and public flags', (db) => {
  async function withLinks(): Promise<{ h: Harness; signer: LinkSigner }> {
    const h = await setup(db());
    const signer = new LinkSigner(db().store.read.settings);
    h.deps.links = { dashboard: (expiresAt, timezone) => signer.dashboardToken({ expiresAt, timezone }) };
    return { h, signer };
  }

  /** The token in a reply's dashboard URL. */
  function tokenIn(text: string): string {
    const m = /https:\/\/pacta\.example\.com\/dashboard\/([A-Za-z0-9_.-]+)\//.exec(text);
    if (!m) throw new Error(`no dashboard link in:\n${text}`);
    return m[1]!;
  }

  it('dashboard gives a viewer a signed link for 24 hours in their zone, for them alone', async () => {
    const { h, signer } = await withLinks();
    const o = await h.run('dashboard', VIEWER, { timezone: 'America/New_York' });
    expect(o.changed).toBe(false);
    expect(o.reply.visibility).toBe('ephemeral');
    const text = messageText(o.reply.message);
    expect(text).toContain('Open the dashboard: https://pacta.example.com/dashboard/');
    expect(text).toMatch(/Valid until Tue 24 Nov 04:00 EST \(1d\), times in America\/New_York\. Anyone with the link can open it until then/);
    expect(o.reply.message.fallback).toContain('https://pacta.example.com/dashboard/');
    const grant = await signer.verifyDashboard(tokenIn(text), h.time.now());
    expect(grant).toEqual({ expiresAt: new Date(h.time.now().getTime() + 24 * HOUR), timezone: 'America/New_York' });
    // It stops working when it says.
    expect(await signer.verifyDashboard(tokenIn(text), new Date(h.time.now().getTime() + 24 * HOUR))).toBeNull();
  });

  it('--for sets the lifetime, from 5 minutes to 30 days; nonsense is refused and writes nothing', async () => {
    const { h, signer } = await withLinks();
    const week = messageText((await h.run('dashboard --for 7d', VIEWER)).reply.message);
    expect((await signer.verifyDashboard(tokenIn(week), h.time.now()))?.expiresAt).toEqual(new Date(h.time.now().getTime() + 7 * 24 * HOUR));
    expect(messageText((await h.run('dashboard --for 30d', VIEWER)).reply.message)).toContain('(30d)');
    expect(messageText((await h.run('dashboard --for 5m', VIEWER)).reply.message)).toContain('(5m)');
    await expectRefused(h, db(), 'dashboard --for 31d', [/at most 30d/, /Usage: dashboard \[--for 24h\]/], VIEWER);
    await expectRefused(h, db(), 'dashboard --for 4m', [/at least 5m/], VIEWER);
    await expectRefused(h, db(), 'dashboard --for forever', [/forever/], VIEWER);
    await expectRefused(h, db(), 'dashboard --for -1h', [/negative/], VIEWER);
    await expectRefused(h, db(), 'dashboard --for', [/--for/], VIEWER);
    await expectRefused(h, db(), 'dashboard now please', [/Too many arguments: "now" "please"/], VIEWER);
    await expectRefused(h, db(), 'dashboard --forever', [/--forever/], VIEWER);
  });

  it('without PACTA_PUBLIC_URL it says how to set it, and signs nothing', async () => {
    const { h } = await withLinks();
    let signed = 0;
    h.deps.links = { dashboard: async () => String(++signed) };
    h.deps.publicUrl = null;
    const text = messageText((await h.run('dashboard', VIEWER)).reply.message);
    expect(text).toContain('set PACTA_PUBLIC_URL');
    expect(text).toContain('PACTA_PUBLIC_URL=https://pacta.example.com');
    expect(signed).toBe(0);
    // A front end without links says so.
    h.deps.publicUrl = 'https://pacta.example.com/';
    delete h.deps.links;
    expect(messageText((await h.run('dashboard', VIEWER)).reply.message)).toMatch(/not available here/);
  });

  it('service set --public / --no-public, and service add --public', async () => {
    const h = await setup(db());
    await runAll(h, SETUP_LINES);
    expect((await db().store.read.services.get('payments'))?.public ?? false).toBe(false);
    expect(await h.say('service set payments --public')).toContain('shown on the public status page');
    expect((await db().store.read.services.get('payments'))?.public).toBe(true);
    // Other changes keep it.
    await h.run('service set payments --availability 99.95');
    expect((await db().store.read.services.get('payments'))?.public).toBe(true);
    expect(await h.say('service set payments --no-public')).not.toContain('public status page');
    expect((await db().store.read.services.get('payments'))?.public ?? false).toBe(false);
    await runAll(h, ['service add docs "Docs" --public']);
    expect((await db().store.read.services.get('docs'))?.public).toBe(true);
    await expectRefused(h, db(), 'service set payments --public --no-public', [/--public or --no-public, not both/]);
    await expectRefused(h, db(), 'service set payments --public', [/admin/], RESPONDER);
    await expectRefused(h, db(), 'service set payments --public=yes', [/switch/]);
  });

  it('incident <id> --public / --no-public: responders decide, viewers only look', async () => {
    const h = await setup(db());
    await runAll(h, SETUP_LINES);
    await h.run('open payments P1 Card payments failing', RESPONDER);
    const yes = await h.run('incident INC-1 --public', RESPONDER);
    expect(yes.changed).toBe(true);
    expect(messageText(yes.reply.message)).toContain("INC-1's title is public");
    expect((await db().store.read.incidents.get(1))?.public).toBe(true);
    const again = await h.run('incident INC-1 --public', RESPONDER);
    expect(again.changed).toBe(false);
    expect(messageText(again.reply.message)).toContain('Nothing changed');
    // The timeline and clocks are untouched: no event, no card refresh.
    expect(yes.followUps).toEqual([]);
    expect((await db().store.read.incidents.events(1)).length).toBe(1);
    expect(messageText((await h.run('incident INC-1 --no-public', ADMIN)).reply.message)).toContain('Service disruption');
    expect((await db().store.read.incidents.get(1))?.public ?? false).toBe(false);
    // Viewers may look, not publish.
    expect(await h.say('incident INC-1', VIEWER)).toContain('Card payments failing');
    await expectRefused(h, db(), 'incident INC-1 --public', [/responder/], VIEWER);
    await expectRefused(h, db(), 'incident INC-9 --public', [/There is no incident INC-9/], RESPONDER);
    await expectRefused(h, db(), 'incident INC-1 --public --no-public', [/not both/], RESPONDER);
    await expectRefused(h, db(), 'incident --public', [/Missing the incident id/], RESPONDER);
  });

  it('a public service is `public: true` in its document; export → apply → export gives the same bytes, OpenSLO too', async () => {
    const h = await setup(db());
    await runAll(h, [...SETUP_LINES, 'service add search "Search"', 'service set payments --public']);
    const docs = await exportDocuments(db().store.read);
    const exported = toYaml(docs);
    expect(exported).toMatch(/name: payments\n[\s\S]*?public: true/);
    expect(exported.match(/public:/g)?.length).toBe(1);
    await db().reset();
    const deps = { store: db().store, time: h.time, hasher: nodeHasher, actor: ADMIN, env: {} };
    const load = () => {
      const r = loadDocuments([{ name: 'export.yaml', text: exported }]);
      expect(r.errors).toEqual([]);
      return r.documents;
    };
    await applyDocuments(deps, load(), { prune: false, dryRun: false });
    expect((await db().store.read.services.get('payments'))?.public).toBe(true);
    expect((await db().store.read.services.get('search'))?.public ?? false).toBe(false);
    expect(toYaml(await exportDocuments(db().store.read))).toBe(exported);
    // A second apply changes nothing.
    const again = await applyDocuments(deps, load(), { prune: false, dryRun: false });
    expect(again.changes).toEqual([]);
    const openslo = exportOpenSlo(docs);
    expect(openslo).toContain('pacta.dev/public');
    const back = importOpenSlo([{ name: 'openslo.yaml', text: openslo }]);
    const payments = back.documents.find((d) => d.doc.kind === 'Service' && d.doc.metadata.name === 'payments')?.doc;
    expect(payments?.kind === 'Service' && payments.spec.public).toBe(true);
  });
});
