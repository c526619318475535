/**
 * What a Pacta button carries in Slack, and how a click is read back. Slack returns a clicked button's
 * `action_id` and `value` verbatim in the `block_actions` payload, so both are untrusted input there.
 */
import type { ButtonAction } from '../../src/messages/message.ts';
import { buttonCommand, parseButtonCommand } from '../../src/messages/button-action.ts';

/** Every Pacta `action_id` starts with this, so the Bolt app can listen with `/^pacta:/`. */
export const ACTION_ID_PREFIX = 'pacta:';

/** Matches every action id {@link actionIdFor} produces, for `app.action(PACTA_ACTION_ID, …)`. */
export const PACTA_ACTION_ID = /^pacta:/;

/**
 * Link buttons (an alert's source, its runbook) open their URL in the browser, yet Slack still sends a
 * `block_actions` payload for the click, which must be acknowledged. Their ids start with `pacta-link:`,
 * which {@link PACTA_ACTION_ID} does not match, so a link click never reaches the command door.
 */
export const LINK_ACTION_ID = /^pacta-link:/;

/** The `action_id` of the `nth` link button of an actions block: `pacta-link:1`. */
export function linkActionId(nth: number): string {
  return `pacta-link:${nth}`;
}

/**
 * The button `value`: the command it runs, e.g. `ack INC-42`. Readable in Slack's payload logs, and
 * far below the 2,000-character value limit.
 */
export function encodeButtonValue(action: ButtonAction): string {
  return buttonCommand(action);
}

/** Reads a clicked button's `value` back; null for anything {@link encodeButtonValue} cannot produce. */
export function decodeButtonValue(value: unknown): ButtonAction | null {
  return typeof value === 'string' ? parseButtonCommand(value) : null;
}

/**
 * The `action_id` of a button: `pacta:ack:42`. Slack rejects a message whose action ids repeat within
 * an actions block, and one block may hold buttons for several incidents, so the incident is part of
 * the id. `nth` > 1 disambiguates the (odd) case of the same action twice in one block.
 */
export function actionIdFor(action: ButtonAction, nth = 1): string {
  const base = `${ACTION_ID_PREFIX}${action.id}:${action.incident}`;
  return nth > 1 ? `${base}:${nth}` : base;
}
