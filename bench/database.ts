/** A throw-away PostgreSQL database for one benchmark, migrated, dropped afterwards whatever happens. */
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';

export async function withBenchDatabase<T>(serverUrl: string, label: string, fn: (h: DatabaseHandle, url: string) => Promise<T>, poolSize?: number): Promise<T> {
  const name = `pacta_bench_${label}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const h = await openDatabase({ url: url.toString(), ...(poolSize ? { poolSize } : {}) });
  try {
    return await fn(h, url.toString());
  } finally {
    await h.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
