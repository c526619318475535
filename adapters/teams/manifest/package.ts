/**
 * `npm run teams:package [-- --domain pacta.example.com] [--out path]`: builds `dist/pacta-teams.zip`,
 * the app package a Teams admin uploads, with MICROSOFT_APP_ID (from the environment or .env) filled in.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readEnvFile } from '../../config.ts';
import { buildPackage, PackageError } from './app-package.ts';

function main(): number {
  const { values } = parseArgs({ options: { domain: { type: 'string', multiple: true }, out: { type: 'string' } }, strict: true });
  readEnvFile();
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const out = resolve(values.out ?? 'dist/pacta-teams.zip');
  const { zip, manifest } = buildPackage({ appId: process.env.MICROSOFT_APP_ID, version, domains: values.domain ?? [] });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(
    `Wrote ${relative(process.cwd(), out) || out} (${zip.length} bytes): manifest.json for app ${manifest.id} v${manifest.version}, ` +
      `${manifest.icons.color}, ${manifest.icons.outline}.\n` +
      'Upload it in Teams (Apps → Manage your apps → Upload an app) or in the Teams admin center (Teams apps → Manage apps → Upload new app).\n',
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (!(err instanceof PackageError) && !(err instanceof TypeError && 'code' in err)) throw err;
  process.stderr.write(`teams:package: ${err.message}\n`);
  process.exitCode = 1;
}
