/**
 * The 53-bit hash that items are deduplicated by (items.ext_hash).
 *
 * A unique index on (account, hash) costs about a third less per insert than one on the text
 * of the external id (a random Message-ID is ~45 bytes, spread over every leaf page). The hash
 * only narrows the search: two ids with one hash are told apart by their text (see insertItems).
 *
 * It is stored, so it must never change: this is cyrb53 (public domain) over UTF-16 code units.
 */
export function externalIdHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
