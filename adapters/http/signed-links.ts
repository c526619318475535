/**
 * Signed, expiring links: the dashboard link `dashboard` hands out and the chart image URLs Teams cards
 * show. A link carries its expiry and what it opens, and an HMAC-SHA256 of both under a key Pacta keeps in
 * its database (created at random by the first replica that needs it, shared by all). Nothing is public
 * unless signed: a forged, tampered or expired link is refused without saying which (docs/dashboard.md).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SettingRepository } from '../../src/ports/store.ts';

const KEY_SETTING = 'link-signing-key';

/** What a dashboard token grants, once verified. */
export type DashboardGrant = { expiresAt: Date; timezone: string };

export class LinkSigner {
  private key: Promise<Buffer> | null = null;

  constructor(private readonly settings: SettingRepository) {}

  private secret(): Promise<Buffer> {
    this.key ??= this.settings.getOrCreate(KEY_SETTING, randomBytes(32).toString('base64url')).then(
      (k) => Buffer.from(k, 'base64url'),
      (err: unknown) => {
        this.key = null; // a database fault now must not poison every later link
        throw err;
      },
    );
    return this.key;
  }

  private async mac(purpose: string, text: string): Promise<string> {
    return createHmac('sha256', await this.secret()).update(`${purpose}\n${text}`).digest('base64url');
  }

  private async matches(purpose: string, text: string, sig: string): Promise<boolean> {
    const want = Buffer.from(await this.mac(purpose, text));
    const got = Buffer.from(sig);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  /** A token for the dashboard, valid until `expiresAt`, showing times in `timezone`. URL-safe. */
  async dashboardToken(grant: DashboardGrant): Promise<string> {
    const body = `${Math.floor(grant.expiresAt.getTime() / 1000)}.${Buffer.from(grant.timezone).toString('base64url')}`;
    return `${body}.${await this.mac('dashboard', body)}`;
  }

  /** The grant a token carries, or null when it is forged, tampered with, malformed or expired. */
  async verifyDashboard(token: string, now: Date): Promise<DashboardGrant | null> {
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{0,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return null;
    if (!(await this.matches('dashboard', `${m[1]}.${m[2]}`, m[3]!))) return null;
    const expiresAt = new Date(Number(m[1]) * 1000);
    if (expiresAt.getTime() <= now.getTime()) return null;
    return { expiresAt, timezone: Buffer.from(m[2]!, 'base64url').toString() };
  }

  /** The query string (`e=…&s=…`) that lets `/charts/<id>.png` be fetched until `expiresAt`. */
  async chartQuery(id: string, expiresAt: Date): Promise<string> {
    const e = Math.floor(expiresAt.getTime() / 1000);
    return `e=${e}&s=${await this.mac('chart', `${id}.${e}`)}`;
  }

  /** Whether `e` and `s` from a chart URL are a valid, unexpired signature for image `id`. */
  async verifyChart(id: string, e: string | null, s: string | null, now: Date): Promise<boolean> {
    if (!e || !s || !/^\d{1,12}$/.test(e) || !/^[A-Za-z0-9_-]{43}$/.test(s)) return false;
    if (Number(e) * 1000 <= now.getTime()) return false;
    return this.matches('chart', `${id}.${e}`, s);
  }
}
