/**
 * Runtime knowledge of {@link ButtonAction}: platforms send a clicked button back as untrusted data,
 * and each adapter decodes it. The list and the checks live here, once, so Slack and Teams accept
 * exactly the same set.
 */
import { formatIncidentRef, isIncidentNumber, parseIncidentRef } from '../domain/incident-id.ts';
import type { ButtonAction } from './message.ts';

/** Every button action id, in the order cards usually show them. */
export const BUTTON_ACTION_IDS = ['ack', 'resolve', 'pause', 'resume', 'reopen', 'snooze30m', 'snooze1h', 'snooze2h'] as const;

/** How long each snooze button snoozes, in the words `snooze` takes. */
export const SNOOZE_BUTTONS = { snooze30m: '30m', snooze1h: '1h', snooze2h: '2h' } as const;

export const SNOOZE_SECONDS: Record<keyof typeof SNOOZE_BUTTONS, number> = { snooze30m: 1800, snooze1h: 3600, snooze2h: 7200 };

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
  const id = action.id;
  if (id === 'snooze30m' || id === 'snooze1h' || id === 'snooze2h') return `snooze ${formatIncidentRef(action.incident)} ${SNOOZE_BUTTONS[id]}`;
  return `${id} ${formatIncidentRef(action.incident)}`;
}

const COMMAND = /^([a-z]+) (INC-[0-9]+)$/;
const SNOOZE = /^snooze (INC-[0-9]+) (30m|1h|2h)$/;

/** Parses the output of {@link buttonCommand} back; null for anything else. */
export function parseButtonCommand(s: string): ButtonAction | null {
  const z = SNOOZE.exec(s);
  if (z) {
    const incident = parseIncidentRef(z[1]!);
    const id = (Object.keys(SNOOZE_BUTTONS) as Array<keyof typeof SNOOZE_BUTTONS>).find((k) => SNOOZE_BUTTONS[k] === z[2]);
    return incident === null || !id ? null : buttonAction(id, incident);
  }
  const m = COMMAND.exec(s);
  const incident = m ? parseIncidentRef(m[2]!) : null;
  return incident === null ? null : buttonAction(m![1], incident);
}
