/**
 * The one door platform adapters come through. Slack, Teams and the console translate what a person
 * did — typed a command, clicked a card button, reacted to a message — into one of these calls, and the
 * answer back into their platform's terms. They never see the database, the use cases or the whole
 * configuration: what follows a change (cards, thread notes, alerts) is decided behind this door, in the
 * same transaction as the change, and delivered through the outbox.
 */
import type { ChannelRef } from '../domain/channel.ts';
import type { Actor } from '../domain/incident.ts';
import type { ButtonAction, Message, Reply } from '../messages/message.ts';

export type CommandInvocation = {
  /** What was typed, without the platform's command word or bot mention (a leading `/sla` is tolerated). */
  text: string;
  actor: Actor;
  /** Where it was typed. */
  channel: ChannelRef;
  /** The actor's IANA zone when the platform tells us (Slack users.info `tz`); else the deployment's. */
  timezone?: string;
};

/** A command's answer: the reply for the person, and whether anything was saved. */
export type CommandAnswer = {
  /** Includes a note on any card or notice of this change that the platform refused (and why). */
  reply: Reply;
  changed: boolean;
  /** The command's name from the registry (`ack`, `calendar add`), null when the line named none (for metrics). */
  command?: string | null;
  /** How it ended: ran, refused (usage, role, a rule), the database was unreachable, or failed unexpectedly (for metrics). */
  outcome?: 'ok' | 'refused' | 'unavailable' | 'error';
};

/** A click on an incident card button: a structured action, never a command line. */
export type ButtonClick = {
  action: ButtonAction;
  actor: Actor;
  /** The channel of the card clicked. */
  channel: ChannelRef;
  timezone?: string;
  /** The platform's id of this delivery (a redelivered click acts once). */
  eventKey?: string;
};

export type ButtonAnswer =
  /** The incident changed; `card` is its card as it now stands (Teams shows it in place at once). */
  | { kind: 'changed'; incident: number; card: Message; problems: Reply | null }
  /** Nothing changed: not allowed, already done, no such incident. `reply` is for the clicker alone. */
  | { kind: 'refused'; reply: Reply }
  /** A redelivery of a click already acted on; `card` is the current card, if the incident exists. */
  | { kind: 'duplicate'; card: Message | null };

export type ReactionInput = {
  channel: ChannelRef;
  /** The message reacted to. */
  messageId: string;
  /** Platform reaction name: Slack `eyes`, Teams `like` or an emoji id. */
  reaction: string;
  actor: Actor;
  added: boolean;
  /** Unique id of the delivery (Slack `event_id`, Teams activity id) so retries act once. */
  eventKey: string;
};

export type ReactionAction = 'acknowledged' | 'resolved' | 'ack-undone' | 'resolve-undone';

export type ReactionAnswer =
  | { kind: 'ignored'; reason: 'not-configured' | 'unknown-message' | 'forbidden' | 'duplicate' | 'no-effect'; detail?: string }
  | { kind: 'changed'; action: ReactionAction; incident: number };

/** What platform adapters may ask of Pacta. */
export interface Inbound {
  /** Runs one command line. Never throws for bad input: every refusal is a reply. */
  command(invocation: CommandInvocation): Promise<CommandAnswer>;
  /** Acts on a card button as the person who clicked. */
  button(click: ButtonClick): Promise<ButtonAnswer>;
  /** Acknowledges or resolves (or takes back) by reaction; most reactions change nothing. */
  reaction(input: ReactionInput): Promise<ReactionAnswer>;
  /**
   * Records an inbound delivery id (a platform retry carries the same one); false when it was seen
   * before, so the caller must not act on it again.
   */
  firstDelivery(key: string): Promise<boolean>;
}
