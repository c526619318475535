/**
 * The one error a webhook body parser throws. Its message is one sentence naming the problem and where
 * it is (`alerts[2].startsAt is not a date`), written for the sender: the HTTP answer's 400 body. It never
 * quotes more than a few characters of the body, so a hostile payload cannot fill a log or an answer.
 */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';

  /**
   * @param message one sentence, without a trailing period.
   * @param path where the problem is (`alerts[2].startsAt`), or null when it concerns the whole body.
   * @param options `cause`: for logs only, never for the answer.
   */
  constructor(
    message: string,
    readonly path: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
