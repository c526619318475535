/**
 * Files a person at the console names (`calendar import business holidays.ics`): read from this
 * machine's disk, relative to the directory the console was started in. Only the console gets this
 * (CommandDeps.files); Slack and Teams never do, so nobody in a chat can make Pacta read its disk.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, isAbsolute, resolve } from 'node:path';
import type { LocalFiles } from '../../commands/types.ts';
import { BadArgumentError, NotFoundError } from '../../src/errors.ts';
import type { HolidayFile } from '../../src/usecases/holidays.ts';

/** A holiday file is a few kilobytes; a larger one is the wrong file. */
export const MAX_FILE_BYTES = 1024 * 1024;

export function localFiles(cwd: string = process.cwd()): LocalFiles {
  return {
    async read(path: string): Promise<HolidayFile> {
      const typed = path.trim();
      if (typed === '') throw new BadArgumentError('Name the file to import, e.g. holidays.ics.');
      const full = typed === '~' || typed.startsWith('~/') ? resolve(homedir(), typed.slice(2)) : isAbsolute(typed) ? typed : resolve(cwd, typed);
      let size: number;
      try {
        const s = await stat(full);
        if (s.isDirectory()) throw new BadArgumentError(`${full} is a directory: name the .ics file in it.`);
        if (!s.isFile()) throw new BadArgumentError(`${full} is not a regular file.`);
        size = s.size;
      } catch (err) {
        throw fileError(err, full, cwd);
      }
      if (size > MAX_FILE_BYTES) throw new BadArgumentError(`${full} is ${(size / 1024 / 1024).toFixed(1)} MiB; a holiday file may be at most 1 MiB.`);
      let text: string;
      try {
        text = await readFile(full, 'utf8');
      } catch (err) {
        throw fileError(err, full, cwd);
      }
      return { name: basename(full), text };
    },
  };
}

function fileError(err: unknown, full: string, cwd: string): Error {
  if (err instanceof BadArgumentError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new NotFoundError(`There is no file ${full} (paths are relative to ${cwd}, where the console started).`);
  if (code === 'EACCES' || code === 'EPERM') return new BadArgumentError(`Pacta may not read ${full} (permission denied).`);
  return new BadArgumentError(`Cannot read ${full}: ${err instanceof Error ? err.message : String(err)}.`);
}
