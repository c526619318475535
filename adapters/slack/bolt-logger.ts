/**
 * Bolt and the Slack Web API log through their own small Logger interface; this one forwards to Pacta's
 * pino logger, so Slack's lines are structured JSON like every other line, tagged `component: slack`.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const TO_BOLT: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN };

/** A Bolt logger writing to `log`. Its level follows pino's; Bolt's `setLevel` is ignored (pino's level rules). */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  const errorOf = (parts: unknown[]) => parts.find((p): p is Error => p instanceof Error);
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => {
      const err = errorOf(msg);
      if (err) child.error({ err }, text(msg));
      else child.error(text(msg));
    },
    setLevel: () => {},
    getLevel: () => TO_BOLT[child.level] ?? LogLevel.ERROR,
    setName: () => {},
  };
}
