import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeAdapters, loadConfig, parseAdmins, parseReactions, readEnvFile, DEFAULT_ACK_REACTIONS } from '../../adapters/config.ts';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('needs nothing: PGlite in ./data, port 3978, UTC, responder, default reactions', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe(resolve('./data'));
    expect(c.port).toBe(3978);
    expect(c.host).toBe('0.0.0.0');
    expect(c.timezone).toBe('UTC');
    expect(c.defaultRole).toBe('responder');
    expect(c.logLevel).toBe('info');
    expect([...c.admins]).toEqual([]);
    expect(c.reactions.ack).toEqual({ slack: ['eyes'], teams: ['like'] });
    expect(c.reactions.resolve).toEqual({ slack: ['white_check_mark'], teams: [] });
    expect(c.slack).toMatchObject({ mode: null, apiUrl: 'https://slack.com/api/', botToken: null });
    expect(c.teams).toMatchObject({ appId: null, appType: 'MultiTenant' });
  });

  it('treats blank values as unset, as a copied .env.example has them', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '  ', PACTA_TIMEZONE: '', SLACK_BOT_TOKEN: '' });
    expect(c.port).toBe(3978);
    expect(c.databaseUrl).toBeNull();
    expect(c.timezone).toBe('UTC');
  });

  it('reads every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://pacta:pw@db:5432/pacta',
      PACTA_DATA_DIR: '/var/lib/pacta',
      PORT: '8080',
      PACTA_HOST: '127.0.0.1',
      SLACK_SIGNING_SECRET: 'sig',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      SLACK_BOT_ID: 'B1',
      SLACK_BOT_USER_ID: 'U1',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'pw',
      MICROSOFT_APP_TENANT_ID: 'tenant',
      MICROSOFT_APP_TYPE: 'singletenant',
      PACTA_DEFAULT_ROLE: 'Viewer',
      PACTA_TIMEZONE: 'europe/berlin',
      LOG_LEVEL: 'debug',
    });
    expect(c).toMatchObject({ databaseUrl: 'postgres://pacta:pw@db:5432/pacta', dataDir: '/var/lib/pacta', port: 8080, host: '127.0.0.1', defaultRole: 'viewer', timezone: 'Europe/Berlin', logLevel: 'debug' });
    expect(c.slack).toEqual({ signingSecret: 'sig', botToken: 'xoxb-1', appToken: null, apiUrl: 'http://127.0.0.1:9999/api/', botId: 'B1', botUserId: 'U1', mode: 'http' });
    expect(c.teams).toEqual({ appId: 'app', appPassword: 'pw', tenantId: 'tenant', appType: 'SingleTenant' });
  });

  it('reads the PostgreSQL pool settings, with their defaults', () => {
    expect(loadConfig({}).database).toEqual({ poolSize: 10, statementTimeoutMs: 5000 });
    expect(loadConfig({ PACTA_DB_POOL_SIZE: '25', PACTA_DB_STATEMENT_TIMEOUT_MS: '0' }).database).toEqual({ poolSize: 25, statementTimeoutMs: 0 });
    expect(problemsOf({ PACTA_DB_POOL_SIZE: '0', PACTA_DB_STATEMENT_TIMEOUT_MS: '50' }).map((p) => p.split(':')[0])).toEqual(['PACTA_DB_POOL_SIZE', 'PACTA_DB_STATEMENT_TIMEOUT_MS']);
  });

  it('reads the metrics port and token: /metrics on the main port, and open, unless set', () => {
    expect(loadConfig({}).metrics).toEqual({ port: null, token: null });
    expect(loadConfig({ PACTA_METRICS_PORT: '9464', PACTA_METRICS_TOKEN: 'a'.repeat(16) }).metrics).toEqual({ port: 9464, token: 'a'.repeat(16) });
    const problems = problemsOf({ PACTA_METRICS_PORT: 'metrics', PACTA_METRICS_TOKEN: 'short secret' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['PACTA_METRICS_PORT', 'PACTA_METRICS_TOKEN']);
    expect(problems[1]).toMatch(/at least 16 characters without spaces/);
    // Its own port, or none: the main port is not a second metrics port.
    expect(problemsOf({ PACTA_METRICS_PORT: '3978' })).toEqual([expect.stringMatching(/^PACTA_METRICS_PORT: 3978 is also the main port/)]);
    expect(problemsOf({ PORT: '8080', PACTA_METRICS_PORT: '8080' })).toHaveLength(1);
    expect(loadConfig({ PORT: '0', PACTA_METRICS_PORT: '0' }).metrics.port).toBe(0);
  });

  it('prefers Socket Mode when an app token is given', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toBe('socket');
  });
});

describe('loadConfig problems', () => {
  it('lists every bad value in one error', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://x',
      PORT: '70000',
      SLACK_BOT_TOKEN: 'xapp-wrong',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: 'not a url',
      MICROSOFT_APP_TYPE: 'Whatever',
      PACTA_ADMINS: 'slack:U1,bob',
      PACTA_DEFAULT_ROLE: 'owner',
      PACTA_TIMEZONE: 'Mars/Olympus',
      PACTA_ACK_REACTIONS: 'slack:ey es!',
      LOG_LEVEL: 'loud',
    });
    const vars = problems.map((p) => p.split(':')[0]);
    expect(vars.sort()).toEqual(
      ['DATABASE_URL', 'PORT', 'SLACK_BOT_TOKEN', 'SLACK_API_URL', 'MICROSOFT_APP_TYPE', 'PACTA_ADMINS', 'PACTA_DEFAULT_ROLE', 'PACTA_TIMEZONE', 'PACTA_ACK_REACTIONS', 'LOG_LEVEL'].sort(),
    );
    expect(problems.find((p) => p.startsWith('PACTA_TIMEZONE'))).toContain('Mars/Olympus');
    expect(problems.find((p) => p.startsWith('PACTA_ADMINS'))).toContain('"bob"');
    expect(problems.find((p) => p.startsWith('PORT'))).toContain('70000');
  });

  it('says how to fix it in the message', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toMatch(/^Pacta cannot start: 2 configuration problems:/);
      expect(msg).toContain('  - PORT: "abc" is not a port number');
      expect(msg).toContain('  - LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent.');
      expect(msg).toContain('.env.example');
    }
  });

  it('refuses half-configured platforms', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: 's' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN: is required when SLACK_SIGNING_SECRET/)]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: is required/)]);
    expect(problemsOf({ MICROSOFT_APP_ID: 'app' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_PASSWORD/)]);
    expect(problemsOf({ MICROSOFT_APP_PASSWORD: 'pw' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_ID/)]);
    expect(problemsOf({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_TENANT_ID/)]);
    // A managed identity has no password, but needs the tenant.
    expect(loadConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't' }).teams.appType).toBe('UserAssignedMSI');
  });

  it('refuses a reaction that would both acknowledge and resolve', () => {
    expect(problemsOf({ PACTA_RESOLVE_REACTIONS: 'eyes' })).toEqual([expect.stringMatching(/^PACTA_RESOLVE_REACTIONS: "eyes" is also an acknowledge reaction on slack/)]);
  });

  it('reports the reaction overlap beside every other problem, not after they are fixed', () => {
    const problems = problemsOf({ PACTA_ACK_REACTIONS: 'eyes,white_check_mark', PORT: 'abc', SLACK_SIGNING_SECRET: 's' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: "abc"/),
        expect.stringMatching(/^SLACK_BOT_TOKEN: is required/),
        expect.stringMatching(/^PACTA_RESOLVE_REACTIONS: "white_check_mark" is also an acknowledge reaction on slack/),
      ]),
    );
    expect(problems).toHaveLength(3);
    // A bad entry in the same list does not hide the overlap of its good ones.
    expect(problemsOf({ PACTA_ACK_REACTIONS: 'eyes,white_check_mark,b@d' })).toEqual([
      expect.stringMatching(/^PACTA_ACK_REACTIONS: "b@d" is not a reaction name/),
      expect.stringMatching(/^PACTA_RESOLVE_REACTIONS: "white_check_mark" is also an acknowledge reaction on slack/),
    ]);
  });

  it('finds in one pass what it finds one variable at a time: the problems of a combined environment are the union', () => {
    // Each of these is wrong on its own; none depends on another's variables.
    const alone: NodeJS.ProcessEnv[] = [
      { DATABASE_URL: 'mysql://x' },
      { PORT: '70000' },
      { PACTA_DELIVERY_LEASE_SECONDS: '1' },
      { SLACK_BOT_TOKEN: 'xapp-wrong', SLACK_SIGNING_SECRET: 's' },
      { SLACK_API_URL: 'not a url' },
      { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_PASSWORD: 'pw' },
      { PACTA_ADMINS: 'bob' },
      { PACTA_DEFAULT_ROLE: 'owner' },
      { PACTA_TIMEZONE: 'Mars/Olympus' },
      { PACTA_ACK_REACTIONS: 'eyes,white_check_mark' },
      { LOG_LEVEL: 'loud' },
    ];
    const each = alone.map((env) => problemsOf(env));
    for (const [i, found] of each.entries()) expect(found, JSON.stringify(alone[i])).toHaveLength(1);
    expect(problemsOf(Object.assign({}, ...alone) as NodeJS.ProcessEnv).sort()).toEqual(each.flat().sort());
  });
});

describe('PACTA_ADMINS', () => {
  it('parses platform:id pairs, keeping the colons of Teams ids', () => {
    expect(parseAdmins('slack:U123,teams:29:1abc')).toEqual(['slack:U123', 'teams:29:1abc']);
    expect(parseAdmins(' slack:U1 , slack:U1 SLACK:U2 ')).toEqual(['slack:U1', 'slack:U2']);
    expect([...loadConfig({ PACTA_ADMINS: 'slack:U123,teams:29:1abc' }).admins]).toEqual(['slack:U123', 'teams:29:1abc']);
  });

  it('names the bad entries', () => {
    expect(parseAdmins('U123,discord:1,slack:')).toBe('"U123", "discord:1", "slack:": each admin is platform:userId, e.g. slack:U0123ABC or teams:29:1abc… (comma-separated).');
  });
});

describe('reaction lists', () => {
  it('takes per-platform entries and keeps the default of a platform not named', () => {
    expect(parseReactions('slack:raised_hands', DEFAULT_ACK_REACTIONS)).toEqual({ slack: ['raised_hands'], teams: ['like'] });
    expect(parseReactions('slack:eyes,teams:like,teams:heart', DEFAULT_ACK_REACTIONS)).toEqual({ slack: ['eyes'], teams: ['like', 'heart'] });
  });

  it('applies plain names to every platform, and accepts :emoji: spelling', () => {
    expect(parseReactions(':eyes:, heart', DEFAULT_ACK_REACTIONS)).toEqual({ slack: ['eyes', 'heart'], teams: ['eyes', 'heart'] });
    expect(parseReactions('thumbsup::skin-tone-2', DEFAULT_ACK_REACTIONS)).toEqual({ slack: ['thumbsup::skin-tone-2'], teams: ['thumbsup::skin-tone-2'] });
  });

  it('turns reactions off with none', () => {
    expect(parseReactions('none', DEFAULT_ACK_REACTIONS)).toEqual({ slack: [], teams: [] });
    expect(parseReactions('teams:none', DEFAULT_ACK_REACTIONS)).toEqual({ slack: ['eyes'], teams: [] });
    const c = loadConfig({ PACTA_ACK_REACTIONS: 'slack:eyes,teams:like', PACTA_RESOLVE_REACTIONS: 'slack:white_check_mark,teams:heart' });
    expect(c.reactions).toEqual({ ack: { slack: ['eyes'], teams: ['like'] }, resolve: { slack: ['white_check_mark'], teams: ['heart'] } });
  });
});

describe('describeAdapters', () => {
  it('with nothing configured: Teams anonymous, PGlite, and how to enable Slack, Teams and PostgreSQL', () => {
    const s = describeAdapters(loadConfig({}));
    expect(s.enabled.join('\n')).toMatch(/Teams: \/api\/messages in anonymous mode/);
    expect(s.enabled.join('\n')).toMatch(/PGlite/);
    expect(s.disabled.join('\n')).toMatch(/Slack: off\. Set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET .* or with SLACK_APP_TOKEN/);
    expect(s.disabled.join('\n')).toMatch(/MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD/);
    expect(s.disabled.join('\n')).toMatch(/DATABASE_URL/);
  });

  it('with everything configured: nothing left to enable', () => {
    const s = describeAdapters(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', DATABASE_URL: 'postgresql://h/db' }),
    );
    expect(s.enabled).toEqual([expect.stringMatching(/^Slack: HTTP events.*\/slack\/events/), expect.stringMatching(/^Teams: .* app a \(MultiTenant\)/), expect.stringMatching(/^Database: PostgreSQL/)]);
    expect(s.disabled).toEqual([]);
  });
});

describe('.env.example', () => {
  const example = readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url)), 'utf8');
  // What a copied .env sets, read the way process.loadEnvFile reads it.
  const effective = parseEnv(example) as Record<string, string>;

  it('copied to .env, sets nothing: every assignment left in it is blank', () => {
    expect(Object.keys(effective).length).toBeGreaterThan(0);
    expect(Object.entries(effective).filter(([, value]) => value.trim() !== '')).toEqual([]);
  });

  it('copied to .env, starts Pacta with the defaults', () => {
    expect(loadConfig(effective)).toEqual(loadConfig({}));
  });

  it('still shows every commented-out setting with a valid value', () => {
    const commented = Object.fromEntries(
      example
        .split('\n')
        .map((line) => /^# ([A-Z][A-Z0-9_]+)=(\S+)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
    expect(Object.keys(commented)).toEqual(expect.arrayContaining(['PACTA_DATA_DIR', 'PORT', 'PACTA_ADMINS', 'PACTA_TIMEZONE', 'LOG_LEVEL']));
    // Uncommented together they are a valid configuration, and mean what their comments say.
    const c = loadConfig(commented);
    expect(c).toMatchObject({ dataDir: resolve('./data'), port: 3978, host: '0.0.0.0', defaultRole: 'responder', timezone: 'Europe/Berlin', logLevel: 'info' });
    expect([...c.admins]).toEqual(['slack:U0123ABCD', 'teams:0b8a6c2e-1f4d-4c55-9a7e-3d2f1e0a9b01']);
  });
});

describe('readEnvFile', () => {
  it('loads a .env file without overriding the real environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacta-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'PACTA_TEST_FROM_FILE=file\nPACTA_TEST_BOTH=file\n');
    process.env.PACTA_TEST_BOTH = 'env';
    try {
      expect(readEnvFile(file)).toBe(true);
      expect(process.env.PACTA_TEST_FROM_FILE).toBe('file');
      expect(process.env.PACTA_TEST_BOTH).toBe('env');
      expect(readEnvFile(join(dir, 'missing.env'))).toBe(false);
    } finally {
      delete process.env.PACTA_TEST_FROM_FILE;
      delete process.env.PACTA_TEST_BOTH;
    }
  });
});
