/**
 * Bot Framework activities shaped as the Teams Bot Connector sends them (ids, mention entities, client
 * info, channel data with the tenant, thread suffixes on channel conversation ids), for a team "Ops"
 * with a channel "incidents", a group chat and 1:1 chats.
 */
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:6d1c9a52-5d4b-4d2e-9a36-0f5f4a1b7c11', name: 'Pacta' };
export const TEAM_ID = '19:ops-team-general@thread.tacv2';
/** The channel's conversation id (no thread suffix). */
export const CHANNEL_ID = '19:ops-incidents@thread.tacv2';
export const GROUP_CHAT_ID = '19:meeting-ops-huddle@thread.v2';

export type Person = { id: string; name: string; aadObjectId: string };
export const ANA: Person = { id: '29:1ana-teams-id', name: 'Ana Lima', aadObjectId: '0b8a6c2e-1f4d-4c55-9a7e-3d2f1e0a9b01' };
export const BOB: Person = { id: '29:1bob-teams-id', name: 'Bob Stone', aadObjectId: '5e2d7c41-8a3b-4f6e-b0c9-2a1d3e4f5a02' };
export const VIC: Person = { id: '29:1vic-teams-id', name: 'Vic Viewer', aadObjectId: '9c4b1a07-6e2d-4b8f-a3c5-7d6e5f4a3b03' };

export type Activity = Record<string, unknown> & { id: string; type: string };

let seq = 0;
/** A message id as Teams makes them: milliseconds since the epoch. */
export function nextId(): string {
  return String(1_763_888_400_000 + ++seq);
}

export type Where = { kind: 'channel'; threadOf?: string } | { kind: 'groupChat' } | { kind: 'personal'; person: Person };

function conversation(where: Where, messageId: string): Record<string, unknown> {
  if (where.kind === 'channel') {
    return { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${CHANNEL_ID};messageid=${where.threadOf ?? messageId}` };
  }
  if (where.kind === 'groupChat') return { isGroup: true, conversationType: 'groupChat', tenantId: TENANT, id: GROUP_CHAT_ID };
  return { conversationType: 'personal', tenantId: TENANT, id: personalChatId(where.person) };
}

export function personalChatId(p: Person): string {
  return `a:1${p.aadObjectId.replace(/-/g, '')}personalchat`;
}

function channelData(where: Where): Record<string, unknown> {
  if (where.kind !== 'channel') return { tenant: { id: TENANT } };
  return {
    teamsChannelId: CHANNEL_ID,
    teamsTeamId: TEAM_ID,
    channel: { id: CHANNEL_ID },
    team: { id: TEAM_ID },
    tenant: { id: TENANT },
  };
}

function base(serviceUrl: string, where: Where, from: Person | null, id = nextId()) {
  return {
    id,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    ...(from ? { from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId } } : {}),
    conversation: conversation(where, id),
    recipient: BOT,
    channelData: channelData(where),
    locale: 'en-US',
  };
}

/** A message. In channels and group chats it starts with Pacta's mention, as Teams writes it. */
export function message(serviceUrl: string, text: string, from: Person, where: Where = { kind: 'channel' }, mention = where.kind !== 'personal'): Activity {
  const b = base(serviceUrl, where, from);
  return {
    ...b,
    type: 'message',
    textFormat: 'plain',
    text: mention ? `<at>Pacta</at> ${text}` : text,
    attachments: [{ contentType: 'text/html', content: `<div><div>${mention ? '<span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">Pacta</span> ' : ''}${text}</div></div>` }],
    entities: [
      ...(mention ? [{ type: 'mention', text: '<at>Pacta</at>', mentioned: BOT }] : []),
      { type: 'clientInfo', locale: 'en-US', country: 'DE', platform: 'Web', timezone: 'Europe/Berlin' },
    ],
    localTimezone: 'Europe/Berlin',
  };
}

/** A reaction on `messageId` (a card Pacta posted). Teams sends no display name with reactions. */
export function reaction(serviceUrl: string, messageId: string, type: string, from: Person, added = true, where: Where = { kind: 'channel', threadOf: messageId }): Activity {
  const b = base(serviceUrl, where, null);
  return {
    ...b,
    type: 'messageReaction',
    from: { id: from.id, aadObjectId: from.aadObjectId },
    replyToId: messageId,
    ...(added ? { reactionsAdded: [{ type }] } : { reactionsRemoved: [{ type }] }),
    channelData: { ...(b.channelData as object), legacy: { replyToId: messageId } },
  };
}

/** A click on an `Action.Execute` button of the card `messageId`. */
export function execute(serviceUrl: string, messageId: string, verb: string, data: Record<string, unknown>, from: Person, where: Where = { kind: 'channel', threadOf: messageId }): Activity {
  const b = base(serviceUrl, where, from, `f:${nextId()}`);
  return {
    ...b,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: messageId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'DE', platform: 'Web', timezone: 'Europe/Berlin' }],
    channelData: { ...(b.channelData as object), source: { name: 'message' }, legacy: { replyToId: messageId } },
  };
}

/** Pacta added to the team (its General channel) or a chat: the install. */
export function installed(serviceUrl: string, by: Person, where: Where = { kind: 'channel' }): Activity {
  const b = base(serviceUrl, where, by, `f:${nextId()}`);
  const conv = where.kind === 'channel' ? { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: CHANNEL_ID } : b.conversation;
  return {
    ...b,
    type: 'conversationUpdate',
    conversation: conv,
    membersAdded: [{ id: BOT.id }],
    channelData: { ...(b.channelData as object), eventType: 'teamMemberAdded', team: { id: TEAM_ID, name: 'Ops', aadGroupId: 'c1d2e3f4-0000-4000-8000-000000000001' } },
  };
}

/** The `installationUpdate` Teams sends alongside an install. */
export function installationUpdate(serviceUrl: string, by: Person, where: Where = { kind: 'channel' }): Activity {
  const b = base(serviceUrl, where, by, `f:${nextId()}`);
  const conv = where.kind === 'channel' ? { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: CHANNEL_ID } : b.conversation;
  return { ...b, type: 'installationUpdate', action: 'add', conversation: conv };
}
