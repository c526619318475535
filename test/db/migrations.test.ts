import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { POSTGRES_URL } from '../helpers/databases.ts';

async function tables(h: DatabaseHandle): Promise<string[]> {
  const r = await h.db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by 1`);
  return (Array.isArray(r) ? r : (r as { rows: Array<{ tablename: string }> }).rows).map((x) => x.tablename);
}

const EXPECTED = [
  'alert_deliveries',
  'alert_keys',
  'burn_episodes',
  'calendars',
  'chart_images',
  'conversation_refs',
  'counters',
  'digest_runs',
  'escalation_policies',
  'incident_escalations',
  'incident_events',
  'incidents',
  'integrations',
  'maintenance_windows',
  'message_refs',
  'outbox',
  'outbox_channels',
  'processed_events',
  'rota_overrides',
  'rotas',
  'services',
  'settings',
  'sla_clocks',
  'sla_policies',
  'status_head',
  'status_versions',
  'subscriptions',
  'user_roles',
];

describe('migrations', () => {
  it('apply on PGlite in a data directory, and again on reopen without change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacta-mig-'));
    try {
      const a = await openDatabase({ dataDir: dir });
      expect(await tables(a)).toEqual(EXPECTED);
      await a.close();
      const b = await openDatabase({ dataDir: dir });
      expect(await tables(b)).toEqual(EXPECTED);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.skipIf(!POSTGRES_URL)(`on PostgreSQL${POSTGRES_URL ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
    it('two replicas starting at once both come up on one migrated schema', async () => {
      const name = `pacta_t_mig_${process.pid}`;
      const admin = postgres(POSTGRES_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
      const url = new URL(POSTGRES_URL!);
      url.pathname = `/${name}`;
      try {
        const [a, b] = await Promise.all([openDatabase({ url: url.toString() }), openDatabase({ url: url.toString() })]);
        expect(await tables(a)).toEqual(EXPECTED);
        const c = await openDatabase({ url: url.toString() });
        expect(await tables(c)).toEqual(EXPECTED);
        await Promise.all([a.close(), b.close(), c.close()]);
      } finally {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    });
  });
});
