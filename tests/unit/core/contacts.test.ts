import { describe, expect, it } from 'vitest';
import { BreakthroughLog, ContactWindow } from '../../../electron/core/contacts';
import { FIXED_NOW_MS } from '../../support/factories';

describe('ContactWindow', () => {
  it('counts contacts at or after a moment, per person', () => {
    const w = new ContactWindow();
    w.record('a', FIXED_NOW_MS - 10);
    w.record('a', FIXED_NOW_MS);
    w.record('b', FIXED_NOW_MS);
    expect(w.count('a', FIXED_NOW_MS - 10)).toBe(2);
    expect(w.count('a', FIXED_NOW_MS - 9)).toBe(1);
    expect(w.count('c', 0)).toBe(0);
  });

  it('keeps order when contacts arrive out of order', () => {
    const w = new ContactWindow();
    w.record('a', 30);
    w.record('a', 10);
    w.record('a', 20);
    expect(w.count('a', 15)).toBe(2);
  });

  it('prunes old entries and empty people', () => {
    const w = new ContactWindow();
    w.record('a', 1);
    w.record('a', 100);
    w.record('b', 2);
    w.prune(50);
    expect(w.count('a', 0)).toBe(1);
    expect(w.size).toBe(1);
  });

  it('bounds memory per person and in people', () => {
    const w = new ContactWindow(4, 3);
    for (let i = 0; i < 10; i++) w.record('a', i);
    expect(w.count('a', 0)).toBe(4);
    w.record('b', 1);
    w.record('c', 1);
    w.record('d', 1); // evicts the longest-known: a
    expect(w.size).toBe(3);
    expect(w.count('a', 0)).toBe(0);
    expect(w.count('d', 0)).toBe(1);
  });
});

describe('BreakthroughLog', () => {
  it('counts per rule and person', () => {
    const log = new BreakthroughLog();
    log.record('vip', 'a', 10);
    log.record('vip', 'a', 20);
    log.record('vip', 'b', 20);
    log.record('repeat', 'a', 20);
    expect(log.count('vip', 'a', 0)).toBe(2);
    expect(log.count('vip', 'a', 15)).toBe(1);
    expect(log.count('repeat', 'a', 0)).toBe(1);
    log.prune(15);
    expect(log.count('vip', 'a', 0)).toBe(1);
  });
});

describe('default caps', () => {
  it('count exactly up to the largest repeat count and hourly limit the contract allows', () => {
    const w = new ContactWindow();
    for (let i = 0; i < 300; i++) w.record('a', i);
    expect(w.count('a', 0)).toBe(128);
    expect(w.count('a', 200)).toBe(100);
    const log = new BreakthroughLog();
    for (let i = 0; i < 1500; i++) log.record('r', 'a', i);
    expect(log.count('r', 'a', 500)).toBe(1000);
  });
});
