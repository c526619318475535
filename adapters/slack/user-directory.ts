/**
 * Who a Slack user is: display name (for timelines read outside Slack) and IANA time zone (times in
 * replies are shown in the reader's zone). One `users.info` call per user per hour at most, shared by
 * concurrent requests, and never allowed to hold up a reply: a slow or failed lookup means "unknown", and
 * the deployment's zone is used.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

export type SlackProfile = { name?: string; timezone?: string };

export type UserDirectoryOptions = {
  log: Logger;
  /** How long a profile is kept (default 1 h). */
  ttlMs?: number;
  /** How long a failed lookup is remembered, so a missing `users:read` scope costs one call, not one per command (default 5 min). */
  failureTtlMs?: number;
  /** How long a request waits for a lookup before going on without it (default 1 s); the lookup still fills the cache. */
  timeoutMs?: number;
  /** Entries kept at most (default 10,000); the oldest go first. */
  maxEntries?: number;
};

type Entry = { profile: Promise<SlackProfile>; expires: number };

export class SlackUserDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly ttl: number;
  private readonly failureTtl: number;
  private readonly timeout: number;
  private readonly max: number;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly options: UserDirectoryOptions,
  ) {
    this.ttl = options.ttlMs ?? 3_600_000;
    this.failureTtl = options.failureTtlMs ?? 300_000;
    this.timeout = options.timeoutMs ?? 1_000;
    this.max = options.maxEntries ?? 10_000;
  }

  /** The user's profile, or `{}` when Slack does not tell in time. Never throws. */
  async lookup(userId: string): Promise<SlackProfile> {
    const now = Date.now();
    let entry = this.entries.get(userId);
    if (!entry || entry.expires <= now) {
      entry = { profile: this.fetch(userId), expires: now + this.ttl };
      this.entries.delete(userId);
      this.entries.set(userId, entry);
      if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<SlackProfile>((resolve) => {
      timer = setTimeout(() => resolve({}), this.timeout);
    });
    try {
      return await Promise.race([entry.profile, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetch(userId: string): Promise<SlackProfile> {
    try {
      const res = await this.client.users.info({ user: userId });
      const u = res.user;
      const name = u?.profile?.display_name || u?.real_name || u?.name;
      return { ...(name ? { name } : {}), ...(u?.tz ? { timezone: u.tz } : {}) };
    } catch (err) {
      this.options.log.warn({ err, userId }, 'Slack users.info failed: showing times in the deployment zone (is the users:read scope granted?)');
      const entry = this.entries.get(userId);
      if (entry) entry.expires = Math.min(entry.expires, Date.now() + this.failureTtl);
      return {};
    }
  }
}
