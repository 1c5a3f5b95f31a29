import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize } from '../../../electron/core/text';

describe('tokenize', () => {
  it('splits ASCII on non-alphanumerics', () => {
    expect(tokenize(normalizeText("Prod DOWN: it's 5xx!"))).toEqual(['prod', 'down', 'it', 's', '5xx']);
  });

  it('keeps Unicode words, folds with NFKC, and splits CJK per character', () => {
    expect(tokenize(normalizeText('Straße Ａｂｃ café-au-lait'))).toEqual([
      'straße',
      'abc',
      'café',
      'au',
      'lait',
    ]);
    expect(tokenize(normalizeText('서버 다운 サーバ障害 abc漢字'))).toEqual([
      '서버',
      '다운',
      'サ',
      'ー',
      'バ',
      '障',
      '害',
      'abc',
      '漢',
      '字',
    ]);
  });
});
