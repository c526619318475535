/**
 * Incident card buttons (Acknowledge, Resolve, Pause, Resume, Reopen): a click is the structured action
 * the card carried, run as the person who clicked with that person's role — the same use case a typed
 * command reaches, without a round trip through command text. A redelivered click acts once.
 */
import type { Actor } from '../domain/incident.ts';
import { UserError } from '../errors.ts';
import { SNOOZE_SECONDS } from '../messages/button-action.ts';
import type { ButtonAction } from '../messages/message.ts';
import type { IncidentState } from '../model/incident-state.ts';
import { DuplicateEventError, type ChangeOptions, type IncidentUseCases } from './incidents.ts';
import type { RolePolicy } from './roles.ts';

export type ButtonOutcome =
  | { kind: 'changed'; state: IncidentState }
  /** Not allowed, already done, no such incident: `reason` says so, for the clicker alone. */
  | { kind: 'refused'; reason: string }
  | { kind: 'duplicate' };

const LABEL: Record<ButtonAction['id'], string> = {
  ack: 'Acknowledging',
  resolve: 'Resolving',
  pause: 'Pausing',
  resume: 'Resuming',
  reopen: 'Reopening',
  snooze30m: 'Snoozing',
  snooze1h: 'Snoozing',
  snooze2h: 'Snoozing',
};

export class ButtonUseCase {
  constructor(
    private readonly incidents: IncidentUseCases,
    private readonly roles: RolePolicy,
  ) {}

  async click(action: ButtonAction, actor: Actor, eventKey?: string): Promise<ButtonOutcome> {
    const opts: ChangeOptions = eventKey ? { dedupeKey: eventKey } : {};
    try {
      await this.roles.require(actor, 'responder', `${LABEL[action.id]} an incident`);
      return { kind: 'changed', state: await this.run(action, actor, opts) };
    } catch (err) {
      if (err instanceof DuplicateEventError) return { kind: 'duplicate' };
      if (err instanceof UserError) return { kind: 'refused', reason: err.message };
      throw err;
    }
  }

  private run(action: ButtonAction, actor: Actor, opts: ChangeOptions): Promise<IncidentState> {
    const n = action.incident;
    switch (action.id) {
      case 'ack':
        return this.incidents.acknowledge(n, actor, opts);
      case 'resolve':
        return this.incidents.resolve(n, actor, null, opts);
      case 'pause':
        return this.incidents.pause(n, actor, null, opts);
      case 'resume':
        return this.incidents.resume(n, actor, opts);
      case 'reopen':
        return this.incidents.reopen(n, actor, null, opts);
      case 'snooze30m':
      case 'snooze1h':
      case 'snooze2h':
        return this.incidents.snooze(n, actor, SNOOZE_SECONDS[action.id], opts);
    }
  }
}
