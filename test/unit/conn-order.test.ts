import { describe, expect, it } from 'vitest';
import { orderGroups, urlMatches, DEFAULT_ORDER, type ConnFigures, type Group } from '../../src/panel/conn-order';

const conn = (url: string, createdAt: number, frames = 0, bytes = 0): ConnFigures => ({ url, createdAt, frames, bytes });
const group = (...conns: ConnFigures[]): Group<string> => ({ rows: conns.map((c) => c.url), conns });
const urls = (gs: Group<string>[]) => gs.map((g) => g.rows.join(' + '));

const chain = group(conn('wss://a.test/feed?try=1', 10, 5, 500), conn('wss://a.test/feed?try=2', 40, 1, 10), conn('wss://a.test/feed?try=3', 90, 2, 20));
const chat = group(conn('wss://Chat.Example/socket', 20, 100, 50));
const big = group(conn('wss://b.test/bulk', 30, 3, 1_000_000));
const all = [big, chain, chat];

describe('urlMatches', () => {
  it('is a case-insensitive substring match, blank matching everything', () => {
    expect(urlMatches('wss://Chat.Example/socket', 'chat.ex')).toBe(true);
    expect(urlMatches('wss://chat.example/socket', 'CHAT')).toBe(true);
    expect(urlMatches('wss://chat.example/socket', '  ')).toBe(true);
    expect(urlMatches('wss://chat.example/socket', 'feed')).toBe(false);
    expect(urlMatches('', 'x')).toBe(false);
  });
});

describe('orderGroups', () => {
  it('by default sorts by the creation of each group’s first socket, keeping chains whole and in attempt order', () => {
    const r = orderGroups(all, DEFAULT_ORDER);
    expect(urls(r.groups)).toEqual([
      'wss://a.test/feed?try=1 + wss://a.test/feed?try=2 + wss://a.test/feed?try=3',
      'wss://Chat.Example/socket',
      'wss://b.test/bulk',
    ]);
    expect(r).toMatchObject({ shown: 5, total: 5 });
  });

  it('descending time puts the newest group first', () => {
    expect(urls(orderGroups(all, { ...DEFAULT_ORDER, dir: 'desc' }).groups)[0]).toBe('wss://b.test/bulk');
  });

  it('sorts by frames and bytes summed over a chain’s attempts', () => {
    // chain: 8 frames, 530 bytes; chat: 100 frames, 50 bytes; big: 3 frames, 1 MB.
    expect(urls(orderGroups(all, { query: '', key: 'frames', dir: 'asc' }).groups).map((u) => u.slice(0, 12))).toEqual(['wss://b.test', 'wss://a.test', 'wss://Chat.E']);
    expect(urls(orderGroups(all, { query: '', key: 'frames', dir: 'desc' }).groups).map((u) => u.slice(0, 12))).toEqual(['wss://Chat.E', 'wss://a.test', 'wss://b.test']);
    expect(urls(orderGroups(all, { query: '', key: 'bytes', dir: 'desc' }).groups).map((u) => u.slice(0, 12))).toEqual(['wss://b.test', 'wss://a.test', 'wss://Chat.E']);
    expect(urls(orderGroups(all, { query: '', key: 'bytes', dir: 'asc' }).groups).map((u) => u.slice(0, 12))).toEqual(['wss://Chat.E', 'wss://a.test', 'wss://b.test']);
  });

  it('keeps creation order among equal values, whichever the direction', () => {
    const a = group(conn('wss://x/1', 1, 7));
    const b = group(conn('wss://x/2', 2, 7));
    const c = group(conn('wss://x/3', 3, 7));
    expect(urls(orderGroups([c, a, b], { query: '', key: 'frames', dir: 'asc' }).groups)).toEqual(['wss://x/1', 'wss://x/2', 'wss://x/3']);
    expect(urls(orderGroups([c, a, b], { query: '', key: 'frames', dir: 'desc' }).groups)).toEqual(['wss://x/1', 'wss://x/2', 'wss://x/3']);
  });

  it('filters by URL and counts connections shown of all, a matching attempt keeping its whole chain', () => {
    const r = orderGroups(all, { ...DEFAULT_ORDER, query: 'TRY=3' });
    expect(urls(r.groups)).toEqual(['wss://a.test/feed?try=1 + wss://a.test/feed?try=2 + wss://a.test/feed?try=3']);
    expect(r).toMatchObject({ shown: 3, total: 5 });
    const none = orderGroups(all, { ...DEFAULT_ORDER, query: 'nowhere' });
    expect(none).toMatchObject({ groups: [], shown: 0, total: 5 });
  });

  it('filters and sorts together', () => {
    const r = orderGroups(all, { query: '.test', key: 'bytes', dir: 'desc' });
    expect(urls(r.groups).map((u) => u.slice(0, 12))).toEqual(['wss://b.test', 'wss://a.test']);
    expect(r).toMatchObject({ shown: 4, total: 5 });
  });
});
