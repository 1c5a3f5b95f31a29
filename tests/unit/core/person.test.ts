import { describe, expect, it } from 'vitest';
import { personKeyOf } from '../../../electron/core/person';

describe('personKeyOf', () => {
  it('uses the lower-cased email as is, across sources', () => {
    expect(personKeyOf({ name: 'A', address: ' Alice+news@Example.com ' }, 'imap')).toBe(
      'alice+news@example.com',
    );
    expect(personKeyOf({ name: 'A', address: 'alice@example.com' }, 'slack')).toBe('alice@example.com');
  });

  it('scopes chat ids and handles to their source', () => {
    expect(personKeyOf({ name: 'A', address: 'U123' }, 'slack')).toBe('slack:u123');
    expect(personKeyOf({ name: 'A', address: '@alice' }, 'teams')).toBe('teams:@alice');
  });

  it('is empty for a sender without an address', () => {
    expect(personKeyOf({ name: '(unknown sender)', address: '' }, 'imap')).toBe('');
  });
});
