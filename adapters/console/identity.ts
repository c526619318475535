/** Who and where the console is: one local person, an admin, in a channel named `console`. */
import { userInfo } from 'node:os';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Actor } from '../../src/domain/incident.ts';

/** The console's one channel. */
export const CONSOLE_CHANNEL: ChannelRef = { platform: 'console', id: 'console' };

/** The person at the keyboard: always an admin (docs/semantics.md §4). */
export function consoleActor(): Actor {
  let name = 'local';
  try {
    name = userInfo().username || name;
  } catch {
    // No passwd entry (some containers): keep the generic name.
  }
  return { platform: 'console', id: 'local', name };
}
