/**
 * Which Slack posts failed while one person's command ran. `App.handle` applies a command's effects
 * (posting or refreshing incident cards) and logs a chat failure rather than turning a saved change into
 * an error; the person who typed the command should still hear that the card is missing and why. The
 * Slack chat port reports failures into the scope of the request that caused them (AsyncLocalStorage
 * follows the awaits), and the listener that opened the scope adds them to its reply.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SlackFailure } from './web-api-errors.ts';

export type DeliveryProblem = { action: 'post' | 'update'; failure: SlackFailure };

const scope = new AsyncLocalStorage<DeliveryProblem[]>();

/** Runs `fn` and returns its result with the Slack delivery problems reported while it ran. */
export async function collectDeliveryProblems<T>(fn: () => Promise<T>): Promise<{ result: T; problems: DeliveryProblem[] }> {
  const problems: DeliveryProblem[] = [];
  const result = await scope.run(problems, fn);
  return { result, problems };
}

/** Records a failure for the request in progress; outside one (background work) it is a no-op. */
export function reportDeliveryProblem(problem: DeliveryProblem): void {
  scope.getStore()?.push(problem);
}
