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
