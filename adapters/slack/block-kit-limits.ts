/**
 * Slack's Block Kit limits, and a checker for payloads. Slack answers a payload past any of these with
 * `invalid_blocks` and posts nothing, so the renderer enforces them and the tests check every payload.
 * Lengths are counted in UTF-16 code units, never fewer than the characters Slack counts.
 */
import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;

/** Limits from https://docs.slack.dev/reference/block-kit (blocks, elements, composition objects). */
export const BLOCK_KIT_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  elementsPerActions: 25,
  buttonText: 75,
  buttonUrl: 3000,
  actionId: 255,
  buttonValue: 2000,
  elementsPerContext: 10,
  contextText: 3000,
  blockId: 255,
  /** Slack truncates `text` past 40,000 characters; Pacta keeps notifications much shorter. */
  fallbackText: 4000,
} as const;

/** A Slack message as Pacta posts it: notification text plus blocks. */
export type SlackMessagePayload = { text: string; blocks: KnownBlock[] };

/**
 * Lists every Block Kit limit `payload` breaks, as readable strings (`blocks[3] header: text is 151
 * chars (max 150)`); empty when Slack will accept it. Block types Pacta does not produce are reported
 * too, so a new block kind cannot slip past unchecked.
 */
export function checkBlockKitLimits(payload: SlackMessagePayload): string[] {
  const L = BLOCK_KIT_LIMITS;
  const out: string[] = [];
  const len = (where: string, s: unknown, max: number, min = 1): void => {
    if (typeof s !== 'string') out.push(`${where}: missing text`);
    else if (s.length < min || s.trim() === '') out.push(`${where}: empty text`);
    else if (s.length > max) out.push(`${where}: text is ${s.length} chars (max ${max})`);
  };

  len('text', payload.text, L.fallbackText);
  if (payload.blocks.length > L.blocksPerMessage) {
    out.push(`blocks: ${payload.blocks.length} blocks (max ${L.blocksPerMessage})`);
  }
  const blockIds = new Set<string>();
  payload.blocks.forEach((block, i) => {
    const at = `blocks[${i}] ${block.type}`;
    if (block.block_id !== undefined) {
      len(`${at} block_id`, block.block_id, L.blockId);
      if (blockIds.has(block.block_id)) out.push(`${at}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        if (block.text.type !== 'plain_text') out.push(`${at}: text must be plain_text`);
        len(at, block.text.text, L.headerText);
        break;
      case 'section': {
        if (!block.text && !block.fields?.length) out.push(`${at}: needs text or fields`);
        if (block.text) len(at, block.text.text, L.sectionText);
        const fields = block.fields ?? [];
        if (fields.length > L.fieldsPerSection) out.push(`${at}: ${fields.length} fields (max ${L.fieldsPerSection})`);
        fields.forEach((f, j) => len(`${at} fields[${j}]`, f.text, L.fieldText));
        break;
      }
      case 'actions': {
        const n = block.elements.length;
        if (n === 0 || n > L.elementsPerActions) out.push(`${at}: ${n} elements (1 to ${L.elementsPerActions})`);
        const ids = new Set<string>();
        block.elements.forEach((e, j) => {
          const where = `${at} elements[${j}]`;
          if (e.type !== 'button') return void out.push(`${where}: unchecked element type ${e.type}`);
          len(`${where} text`, e.text.text, L.buttonText);
          if (e.action_id !== undefined) {
            len(`${where} action_id`, e.action_id, L.actionId);
            if (ids.has(e.action_id)) out.push(`${where}: duplicate action_id ${e.action_id}`);
            ids.add(e.action_id);
          }
          if (e.value !== undefined) len(`${where} value`, e.value, L.buttonValue);
          if (e.url !== undefined) {
            len(`${where} url`, e.url, L.buttonUrl);
            if (!/^https?:\/\//.test(e.url)) out.push(`${where}: url is not http(s)`);
          }
          if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') {
            out.push(`${where}: style ${String(e.style)}`);
          }
        });
        break;
      }
      case 'context': {
        const n = block.elements.length;
        if (n === 0 || n > L.elementsPerContext) out.push(`${at}: ${n} elements (1 to ${L.elementsPerContext})`);
        block.elements.forEach((e, j) => {
          if (e.type === 'mrkdwn' || e.type === 'plain_text') len(`${at} elements[${j}]`, e.text, L.contextText);
          else out.push(`${at} elements[${j}]: unchecked element type ${e.type}`);
        });
        break;
      }
      case 'divider':
        break;
      default:
        out.push(`${at}: unchecked block type`);
    }
  });
  return out;
}
