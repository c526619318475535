/**
 * The manifests a Slack admin installs from must ask for what the adapter uses: the scopes, the two
 * reaction events, interactivity, `/sla`, and (HTTP mode) the one endpoint Pacta serves.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../../adapters/slack/slack-app.ts';

const read = (name: string) => readFileSync(new URL(`../../../adapters/slack/${name}`, import.meta.url), 'utf8');
const lines = (text: string) => text.split('\n').filter((l) => !l.trimStart().startsWith('#'));
/** The `- item` lines under `key:` (YAML block list), in order. */
function listUnder(text: string, key: string): string[] {
  const ls = lines(text);
  const i = ls.findIndex((l) => l.trim() === `${key}:`);
  if (i < 0) return [];
  const indent = ls[i]!.search(/\S/);
  const out: string[] = [];
  for (const l of ls.slice(i + 1)) {
    if (l.trim() === '') continue;
    if (l.search(/\S/) <= indent) break;
    const m = /^\s*-\s+(\S+)/.exec(l);
    if (m) out.push(m[1]!);
  }
  return out;
}

describe.each([
  ['manifest.yml', 'http'],
  ['manifest.socket-mode.yml', 'socket'],
])('%s', (file, mode) => {
  const text = read(file);

  it('asks for the bot scopes and events the adapter uses, with interactivity on', () => {
    expect(listUnder(text, 'bot')).toEqual(['commands', 'chat:write', 'chat:write.public', 'reactions:read', 'users:read', 'im:write', 'files:write']);
    expect(listUnder(text, 'bot_events')).toEqual(['reaction_added', 'reaction_removed']);
    expect(text).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(text).toMatch(/- command: \/sla\n/);
    expect(text).toMatch(/should_escape: true/);
  });

  it(mode === 'http' ? 'sends commands, events and clicks to /slack/events' : 'turns Socket Mode on and names no URL', () => {
    const urls = lines(text).flatMap((l) => /^\s*(?:url|request_url):\s*(\S+)/.exec(l)?.[1] ?? []);
    if (mode === 'http') {
      expect(urls).toEqual(Array(3).fill(`https://YOUR-HOST${SLACK_EVENTS_PATH}`));
      expect(text).toMatch(/socket_mode_enabled: false/);
    } else {
      expect(urls).toEqual([]);
      expect(text).toMatch(/socket_mode_enabled: true/);
    }
  });
});
