import { describe, expect, it } from 'vitest';
import { matchReaction, teamsReactionNames } from '../../../adapters/teams/reaction-names.ts';

describe('Teams reaction types against configured names', () => {
  it('matches the classic names, with or without a skin tone', () => {
    expect(matchReaction('like', ['like'])).toBe('like');
    expect(matchReaction('like-tone4', ['like'])).toBe('like');
    expect(matchReaction('Like', ['like'])).toBe('like');
    expect(matchReaction('heart', ['like'])).toBeNull();
  });

  it('matches emoji ids by their name or in full', () => {
    expect(matchReaction('1f440_eyes', ['eyes'])).toBe('eyes');
    expect(matchReaction('1f440_eyes', ['1f440_eyes'])).toBe('1f440_eyes');
    expect(matchReaction('2705_whiteheavycheckmark', ['white_heavy_check_mark'])).toBe('white_heavy_check_mark');
    expect(matchReaction('1f44d_thumbsup-tone2', ['thumbsup'])).toBe('thumbsup');
    expect(matchReaction('1f1e9_1f1ea_flaggermany', ['flag_germany'])).toBe('flag_germany');
  });

  it('does not mistake a name for a code point, and reads custom emoji by name', () => {
    expect(teamsReactionNames('facepalm')).toEqual(['facepalm']);
    expect(teamsReactionNames('face_with_tears')).toEqual(['facewithtears']);
    expect(matchReaction('shipit;0-wus-d3-5b2c7e', ['shipit'])).toBe('shipit');
  });

  it('returns the first configured name that matches, and nothing for an empty configuration', () => {
    expect(matchReaction('1f440_eyes', ['like', 'eyes'])).toBe('eyes');
    expect(matchReaction('like', [])).toBeNull();
  });
});
