import { openDatabase } from '../db/client.ts';
import { seedEstate } from './seed-estate.ts';
import { NOW, SIZE, fakeSlackApi, isStatus, load, pactaTarget } from './slack.ts';
const api = await fakeSlackApi();
const lite = await openDatabase();
await seedEstate(lite, NOW, SIZE);
const client = (lite.db as any).$client;
const counts = new Map<string, number>();
for (const m of ['query', 'exec', 'execProtocol', 'execProtocolRaw']) {
  const orig = client[m]?.bind(client);
  if (!orig) continue;
  client[m] = (...a: any[]) => { const k = m + ' ' + String(a[0]).slice(0, 60).replace(/\s+/g, ' '); counts.set(k, (counts.get(k) ?? 0) + 1); return orig(...a); };
}
const t = await pactaTarget('p', lite, api.url);
await load(t, 10, 100, isStatus);
counts.clear();
const c = process.cpuUsage();
const r = await load(t, 50, 500, isStatus);
const cu = process.cpuUsage(c);
console.log(r.rps, 'cpu per request ms', ((cu.user + cu.system) / 1000 / 500).toFixed(2));
console.log([...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20));
await t.stop(); await lite.close(); api.server.close();
