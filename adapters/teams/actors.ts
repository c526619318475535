/**
 * Who acted in Teams. A person is known by their Microsoft Entra object id (`from.aadObjectId`): it is
 * the same for every bot and every conversation, and it is what an admin finds in the Entra admin
 * centre for PACTA_ADMINS (`teams:<object id>`). Bot Framework ids (`29:…`) differ per bot and are used
 * only when no object id is sent (local tools).
 */
import { TeamsInfo, type ChannelAccount, type TurnContext } from 'botbuilder';
import type { Actor } from '../../src/domain/incident.ts';

/** How long a member lookup may delay a reply before Pacta goes on without the name. */
const LOOKUP_TIMEOUT_MS = 3_000;

export function actorOf(from: ChannelAccount): Actor {
  const name = from.name?.trim();
  return { platform: 'teams', id: from.aadObjectId ?? from.id, ...(name ? { name } : {}) };
}

/**
 * The actor of the current activity with a display name. Teams leaves the name out of some activities
 * (reactions); then it is asked of the conversation's member list, and a failed lookup just leaves the
 * name out.
 */
export async function namedActor(context: TurnContext): Promise<Actor> {
  const from = context.activity.from;
  const actor = actorOf(from);
  if (actor.name) return actor;
  const member = await lookupMember(context, from.id);
  return member?.name ? { ...actor, name: member.name } : actor;
}

/** A member of the current conversation (or its team), or null if Teams cannot say in time. */
export async function lookupMember(context: TurnContext, userId: string): Promise<{ name?: string; aadObjectId?: string } | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      TeamsInfo.getMember(context, userId).then((m) => ({ ...(m.name ? { name: m.name } : {}), ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}) })),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), LOOKUP_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** The user's IANA zone as Teams reports it (`localTimezone`, or the clientInfo entity), if valid. */
export function timezoneOf(activity: { localTimezone?: string; entities?: Array<{ type?: string; timezone?: unknown }> }): string | undefined {
  const fromEntity = activity.entities?.find((e) => e.type === 'clientInfo')?.timezone;
  const zone = activity.localTimezone ?? (typeof fromEntity === 'string' ? fromEntity : undefined);
  if (!zone) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
