/**
 * The card Pacta posts when it is added to a team, a group chat or someone's 1:1 chat: what it does and
 * the first thing to type.
 */
import type { Message, Span, Text } from '../../src/messages/message.ts';
import type { ConversationScope } from './conversations.ts';

/** The welcome for a conversation of `scope`; `ackReactions` are the configured Teams ack reactions. */
export function welcomeMessage(scope: ConversationScope, ackReactions: readonly string[]): Message {
  // In a 1:1 chat everything typed is for Pacta; elsewhere Pacta hears only messages that mention it.
  const say = (command: string): Span => ({ code: scope === 'personal' ? command : `@Pacta ${command}` });
  const start: Text = scope === 'personal' ? ['Type ', say('help'), ' to see every command.'] : ['Mention me to start: ', say('help'), ' lists every command.'];
  const steps: Text[] = [
    [say('status'), ' — how every service stands against its SLA'],
    [say('open payments P1 Card payments failing'), ' — open an incident; its card appears here and its clocks start'],
    [say('subscribe payments --digest daily@09:00'), ' — breach alerts and a daily digest in this conversation'],
  ];
  if (ackReactions.length > 0) steps.push([`React with ${ackReactions.map((r) => `"${r}"`).join(' or ')} to an incident card, or press Acknowledge, to take the incident.`]);
  const where = scope === 'personal' ? [] : [{ type: 'context' as const, text: 'Answers to questions go in the thread of the question, folded to a few lines; a 1:1 chat with me shows them in full.' }];
  return {
    fallback: `Pacta is here: SLA clocks, incident cards and breach alerts. ${scope === 'personal' ? 'Type help' : 'Mention @Pacta help'} to start.`,
    blocks: [
      { type: 'header', text: 'Pacta keeps your SLAs' },
      { type: 'text', text: 'I run SLA clocks on incidents, warn before a target is missed, and tell you how your services stand against their objectives.' },
      { type: 'text', text: start },
      { type: 'list', items: steps },
      ...where,
    ],
  };
}
