/**
 * An existing Pacta data directory in a moment: a copy of the migrated, marked directory the global
 * setup built once (test/helpers/global-setup.ts). For tests about what happens to a directory Pacta
 * already initialised — locks, damage, reopening — not about initialising one.
 */
import { cpSync } from 'node:fs';
import { inject } from 'vitest';

/** Copies the template into `dir` (created if missing; must be empty or absent) and returns `dir`. */
export function copyDataDir(dir: string): string {
  cpSync(inject('pgliteDataDir'), dir, { recursive: true });
  return dir;
}
