/** A chat channel. `id` is opaque: only its platform's adapter decodes it. */
export type ChannelRef = { platform: 'slack' | 'teams' | 'console'; id: string };

export function channelKey(c: ChannelRef): string {
  return `${c.platform}:${c.id}`;
}

export function parseChannelKey(key: string): ChannelRef | null {
  const i = key.indexOf(':');
  const platform = key.slice(0, i);
  if (i <= 0 || (platform !== 'slack' && platform !== 'teams' && platform !== 'console')) return null;
  return { platform, id: key.slice(i + 1) };
}

/**
 * Where a direct message to a person goes. Slack opens the DM when a message is posted to the user's id;
 * Teams needs the 1:1 chat the person has with Pacta, which the Teams adapter finds by `user:<id>`; the
 * console prints it.
 */
export function directChannel(person: { platform: ChannelRef['platform']; id: string }): ChannelRef {
  if (person.platform === 'teams') return { platform: 'teams', id: `user:${person.id}` };
  if (person.platform === 'console') return { platform: 'console', id: `@${person.id}` };
  return { platform: 'slack', id: person.id };
}
