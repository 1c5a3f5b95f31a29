import { describe, expect, it } from 'vitest';
import { classifySender, parseSenders } from '../../../../../renderer/src/features/settings/senders';

describe('parseSenders', () => {
  it('takes a pasted list with names, separators, duplicates and junk', () => {
    const r = parseSenders(
      'Ann <Ann@Example.com>, bob@example.com; @corp.example\nU024BE7LH\nann@example.com, not-an@address, x@@y',
    );
    expect(r.valid).toEqual(['ann@example.com', 'bob@example.com', '@corp.example', 'u024be7lh']);
    expect(r.duplicates).toEqual(['ann@example.com']);
    expect(r.invalid).toEqual(['not-an@address', 'x@@y']);
  });

  it('classifies', () => {
    expect(classifySender('a@b.co')).toBe('email');
    expect(classifySender('@b.co')).toBe('domain');
    expect(classifySender('@handle')).toBe('chat');
    expect(classifySender('a b')).toBe('invalid');
  });
});
