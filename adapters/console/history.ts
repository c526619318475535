/**
 * Prompt history for the interactive console, kept between sessions like a shell's. Losing it is never
 * worth an error: every failure here is silent.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const MAX_ENTRIES = 1000;

/** `~/.pacta_history`, or the data directory when there is no home directory. */
export function historyPath(dataDir: string): string {
  let home = '';
  try {
    home = homedir();
  } catch {
    // No home (some containers): fall back below.
  }
  return home ? join(home, '.pacta_history') : join(dataDir, '.pacta_history');
}

/** Entries newest first, as readline wants them. */
export function loadHistory(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).reverse().slice(0, MAX_ENTRIES);
  } catch {
    return [];
  }
}

/** Saves entries given newest first, stored oldest first like a shell history file. */
export function saveHistory(path: string, newestFirst: readonly string[]): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, [...newestFirst.slice(0, MAX_ENTRIES)].reverse().join('\n') + '\n', { mode: 0o600 });
  } catch {
    // Read-only home or disk full: the session still works without history.
  }
}
