/**
 * The console's file reader for `calendar import` (adapters/console/local-files.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, localFiles } from '../../../adapters/console/local-files.ts';
import { BadArgumentError, NotFoundError } from '../../../src/errors.ts';

describe('localFiles', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pacta-files-'));
    await writeFile(join(dir, 'small.ics'), 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    await writeFile(join(dir, 'big.ics'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x41));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a path relative to the working directory, or absolute, and names the file by its base name', async () => {
    const files = localFiles(dir);
    expect(await files.read('small.ics')).toEqual({ name: 'small.ics', text: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' });
    expect((await localFiles('/').read(join(dir, 'small.ics'))).name).toBe('small.ics');
  });

  it('refuses missing files, directories and files over 1 MiB, clearly', async () => {
    const files = localFiles(dir);
    await expect(files.read('nope.ics')).rejects.toThrow(NotFoundError);
    await expect(files.read('nope.ics')).rejects.toThrow(`There is no file ${join(dir, 'nope.ics')} (paths are relative to ${dir}`);
    await expect(files.read('.')).rejects.toThrow(/is a directory/);
    await expect(files.read('big.ics')).rejects.toThrow(BadArgumentError);
    await expect(files.read('big.ics')).rejects.toThrow(/at most 1 MiB/);
  });
});
