/**
 * Runtime knowledge of {@link ButtonAction}: platforms send a clicked button back as untrusted data,
 * and each adapter decodes it. The list and the checks live here, once, so Slack and Teams accept
 * exactly the same set.
 */
import { formatIncidentRef, isIncidentNumber, parseIncidentRef } from '../domain/incident-id.ts';
import type { ButtonAction } from './message.ts';

/** Every button action id, in the order cards usually show them. */
export const BUTTON_ACTION_IDS = ['ack', 'resolve', 'pause', 'resume', 'reopen'] as const;

/** A button action id. Compile-time check below keeps it equal to `ButtonAction['id']`. */
export type ButtonActionId = (typeof BUTTON_ACTION_IDS)[number];

// Fails to compile if message.ts gains or loses an action id without this list following.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const idsMatch: Same<ButtonActionId, ButtonAction['id']> = true;
void idsMatch;

/** True when `x` is one of {@link BUTTON_ACTION_IDS}. */
export function isButtonActionId(x: unknown): x is ButtonActionId {
  return typeof x === 'string' && (BUTTON_ACTION_IDS as readonly string[]).includes(x);
}

/** Builds a {@link ButtonAction} from untrusted parts, or null when either part is not valid. */
export function buttonAction(id: unknown, incident: unknown): ButtonAction | null {
  return isButtonActionId(id) && isIncidentNumber(incident) ? { id, incident } : null;
}

/**
 * The command line a button runs, e.g. `ack INC-4`. The console shows it as a hint, and Slack uses it
 * as the button value, so a click and a typed command are visibly the same thing.
 */
export function buttonCommand(action: ButtonAction): string {
  return `${action.id} ${formatIncidentRef(action.incident)}`;
}

const COMMAND = /^([a-z]+) (INC-[0-9]+)$/;

/** Parses the output of {@link buttonCommand} back; null for anything else. */
export function parseButtonCommand(s: string): ButtonAction | null {
  const m = COMMAND.exec(s);
  const incident = m ? parseIncidentRef(m[2]!) : null;
  return incident === null ? null : buttonAction(m![1], incident);
}
