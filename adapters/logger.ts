/**
 * Structured logs (DESIGN §5): JSON lines for machines, pino-pretty for a person at a terminal.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config.ts';

export type { Logger };

export type LoggerOptions = {
  level: LogLevel;
  /** Where logs go: stdout for the server; stderr for the console, whose stdout carries the replies. */
  stream?: 'stdout' | 'stderr';
  /** Human-readable output; default: when that stream is a terminal. */
  pretty?: boolean;
};

/** Creates the process logger. */
export function createLogger(options: LoggerOptions): Logger {
  const fd = options.stream === 'stderr' ? 2 : 1;
  const tty = (fd === 2 ? process.stderr : process.stdout).isTTY === true;
  const destination: DestinationStream = options.pretty ?? tty
    ? // In-process (not a worker-thread transport): simpler, and logging volume here is small.
      pretty({ destination: fd, colorize: tty, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app', sync: true })
    : pino.destination({ fd, sync: true });
  return pino({ level: options.level, base: { app: 'pacta' } }, destination);
}

/** A logger that drops everything (tests, and the console before configuration is known). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
