/**
 * `export [--format pacta|openslo]` (admins): the whole configuration as documents (docs/semantics.md
 * §8), the same text `pacta export` prints, as a file for the asker alone. Secrets are never in it.
 */
import { BadArgumentError } from '../../src/errors.ts';
import { echo } from '../parse/echo.ts';
import { flagValue, noPositionals } from '../arguments.ts';
import { say } from '../replies.ts';
import type { CommandSpec } from '../spec.ts';

export const exportCommand: CommandSpec = {
  name: 'export',
  aliases: [],
  usage: ['export [--format pacta|openslo]'],
  summary: 'The whole configuration as YAML documents (pacta apply reads them back), sent to you as a file.',
  role: 'admin',
  args: { valueFlags: ['format'] },
  examples: ['export', 'export --format openslo'],
  async run(ctx) {
    noPositionals(ctx.args);
    const format = (flagValue(ctx.args, 'format') ?? 'pacta').toLowerCase();
    if (format !== 'pacta' && format !== 'openslo') throw new BadArgumentError(`--format takes pacta or openslo, not "${echo(format)}".`);
    if (!ctx.deps.configuration) throw new BadArgumentError('Export is not available here; run `pacta export` where Pacta runs.');
    const { text, documents } = await ctx.deps.configuration.export(format);
    const name = format === 'openslo' ? 'pacta-openslo.yaml' : 'pacta.yaml';
    return {
      message: say(`The configuration: ${documents} ${documents === 1 ? 'document' : 'documents'} (${name}).`, format === 'pacta' ? '`pacta apply -f pacta.yaml` applies it; secrets are not in it.' : 'OpenSLO v1 Service and SLO documents.'),
      files: [{ name, title: format === 'openslo' ? 'Pacta services as OpenSLO v1' : 'Pacta configuration (pacta/v1)', text }],
    };
  },
};
