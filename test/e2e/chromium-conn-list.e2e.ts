// The connections list as a person narrows and orders it, in the real Chromium
// panel: URL filter (with its count, a reconnect chain kept whole), sort by time,
// frames and bytes in both directions, keyboard selection, and the memory cap control.
import { beforeAll, describe, expect, it } from 'vitest';
import { openRealPanel } from './harness/chromium';
import { closedConnection, setField } from './harness/panel-queries';
import { chromiumSuite } from './harness/suite';

const env = chromiumSuite();
let panel: Awaited<ReturnType<typeof openRealPanel>>;

/** Row URLs top to bottom, with the attempt marker of chain members. */
const rowOrder = `(doc) => [...doc.querySelectorAll('[data-testid=conn-row]')].map((r) => {
  const u = new URL(r.dataset.url);
  u.searchParams.delete('close');
  u.searchParams.delete('after');
  return u.pathname.split('/').pop() + u.search + (r.querySelector('[data-testid=attempt-no]') ? ' ' + r.querySelector('[data-testid=attempt-no]').textContent.trim() : '');
})`;

const setQuery = (value: string) => setField('conn-filter', value, 'input');
const setSelect = (testid: string, value: string) => setField(testid, value, 'change');
/** Waits until the rows read exactly `expected` (the panel renders on a beat). */
const rowsAre = (expected: string[]) => `(doc) => { const r = (${rowOrder})(doc); return JSON.stringify(r) === ${JSON.stringify(JSON.stringify(expected))} ? r : null; }`;
const readRows = async () => panel.eval<string[]>(rowOrder);
async function expectRows(expected: string[]) {
  await panel.waitFor(rowsAre(expected)).catch(async (e: unknown) => {
    throw new Error(`rows ${JSON.stringify(await readRows())}, expected ${JSON.stringify(expected)}: ${String(e)}`);
  });
}
const countText = `(doc) => doc.querySelector('[data-testid=conn-filter-count]')?.textContent ?? null`;
const dirOf = `(doc) => doc.querySelector('[data-testid=conn-sort-dir]')?.dataset.dir ?? null`;

/**
 * Focuses an element and presses a key, as a keyboard user does. (A mouse click at
 * the right edge of the docked panel lands outside it in headless Chromium.)
 */
async function pressOn(selector: string, key: string) {
  expect(await panel.eval(`(doc) => { const el = doc.querySelector(${JSON.stringify(selector)}); el?.focus(); return !!el && doc.activeElement === el; }`)).toBe(true);
  await panel.devtools.keyboard.press(key as import('puppeteer-core').KeyInput);
}

const BY_TIME = ['feed?try=1', 'feed?try=2 ↻2', 'chat?room=Lobby', 'bulk'];

beforeAll(async () => {
  const page = await env.session.browser.newPage();
  await page.goto(`${env.server.origin}/blank.html`);
  panel = await openRealPanel(page);
  type W = { openAndWait: (u: string, o: unknown) => Promise<unknown> };
  const ws = env.server.wsOrigin;
  // One after another, so the two feed sockets make a reconnect chain.
  // Frames: feed chain 2 + 1, chat 30 small, bulk 3 of 20 000 characters.
  await page.evaluate(
    async (o: string, big: string) => {
      const w = window as unknown as W;
      await w.openAndWait(`${o}/ws/script/feed?try=1&close=1001&after=100`, { send: ['a', 'b'] });
      await w.openAndWait(`${o}/ws/script/feed?try=2&close=1000&after=100`, { send: ['c'] });
      await w.openAndWait(`${o}/ws/script/chat?room=Lobby&close=1000&after=200`, { send: Array.from({ length: 30 }, (_, i) => `msg ${i}`) });
      await w.openAndWait(`${o}/ws/script/bulk?close=1000&after=200`, { send: [big, big, big] });
    },
    ws,
    'x'.repeat(20_000),
  );
  for (const part of ['try=1', 'try=2', 'room=Lobby', '/bulk']) await panel.waitFor(closedConnection(part));
});

describe('connections list in Chromium: URL filter and sort', () => {
  it('lists by creation by default, a reconnect chain under its first socket, with no count while unfiltered', async () => {
    await expectRows(BY_TIME);
    expect(await panel.eval(countText)).toBeNull();
    expect(await panel.eval(dirOf)).toBe('asc');
  });

  it('filters by URL substring in any case and says how many of all are shown', async () => {
    expect(await panel.eval(setQuery('LOBBY'))).toBe(true);
    await expectRows(['chat?room=Lobby']);
    expect(await panel.eval(countText)).toBe('1 of 4');
    // A match on one attempt keeps its whole chain, numbered as before.
    await panel.eval(setQuery('try=2'));
    await expectRows(['feed?try=1', 'feed?try=2 ↻2']);
    expect(await panel.eval(countText)).toBe('2 of 4');
    await panel.eval(setQuery('no-such-socket'));
    const none = await panel.waitFor<string>(`(doc) => doc.querySelector('[data-testid=conn-no-match]')?.textContent`);
    expect(none).toContain('no-such-socket');
    expect(await panel.eval(countText)).toBe('0 of 4');
    await panel.eval(setQuery(''));
    await expectRows(BY_TIME);
    expect(await panel.eval(countText)).toBeNull();
  });

  it('sorts by frames and bytes, in the direction the button shows, chains moving as one', async () => {
    expect(await panel.eval(setSelect('conn-sort', 'frames'))).toBe(true);
    // Feed chain 3 frames and bulk 3 tie: creation order decides.
    await expectRows(['feed?try=1', 'feed?try=2 ↻2', 'bulk', 'chat?room=Lobby']);
    await pressOn('[data-testid=conn-sort-dir]', 'Enter');
    await expectRows(['chat?room=Lobby', 'feed?try=1', 'feed?try=2 ↻2', 'bulk']);
    expect(await panel.eval(dirOf)).toBe('desc');
    await panel.eval(setSelect('conn-sort', 'bytes'));
    await expectRows(['bulk', 'chat?room=Lobby', 'feed?try=1', 'feed?try=2 ↻2']);
    await panel.eval(setSelect('conn-sort', 'time'));
    await expectRows(['bulk', 'chat?room=Lobby', 'feed?try=1', 'feed?try=2 ↻2']);
    await pressOn('[data-testid=conn-sort-dir]', ' ');
    await expectRows(BY_TIME);
    expect(await panel.eval(dirOf)).toBe('asc');
  });

  it('moves the selection with the arrow keys, Home and End, in the order shown', async () => {
    const selected = `(doc) => doc.querySelector('[data-testid=conn-row][aria-selected=true]')?.dataset.url ?? null`;
    const waitSelected = (part: string) => panel.waitFor<string>(`(doc) => { const u = (${selected})(doc); return u && u.includes(${JSON.stringify(part)}) ? u : null; }`);
    expect(await panel.eval(`(doc) => { doc.querySelector('.conn-list .vlist').focus(); return doc.activeElement?.classList.contains('vlist') ?? false; }`)).toBe(true);
    await panel.devtools.keyboard.press('ArrowDown');
    await waitSelected('try=1');
    await panel.devtools.keyboard.press('ArrowDown');
    await waitSelected('try=2');
    await panel.devtools.keyboard.press('End');
    await waitSelected('/bulk');
    await panel.devtools.keyboard.press('ArrowUp');
    await waitSelected('room=Lobby');
    await panel.devtools.keyboard.press('Home');
    await waitSelected('try=1');
  });

  it('the memory cap control applies a preset to the store at once and stores it', async () => {
    const cap = `(doc) => { const b = doc.querySelector('[data-testid=cap-button]'); return b ? { frames: Number(b.dataset.frames), bytes: Number(b.dataset.bytes), text: b.textContent } : null; }`;
    expect(await panel.eval(cap)).toEqual({ frames: 1_000_000, bytes: 256 * 1024 * 1024, text: '⛁ 1M · 256 MB' });
    await panel.click('[data-testid=cap-button]');
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=cap-popover]')`);
    expect(await panel.eval(setSelect('cap-frames', '100000'))).toBe(true);
    expect(await panel.eval(setSelect('cap-mb', '64'))).toBe(true);
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=cap-button]')?.textContent === '⛁ 100k · 64 MB'`);
    expect(await panel.eval(`(doc, win) => win.__wsd.store.limits.value`)).toEqual({ maxFrames: 100_000, maxBytes: 64 * 1024 * 1024 });
    const stored = await panel.eval<unknown>(`(doc, win) => win.chrome.storage.local.get('memoryCap').then((r) => r.memoryCap ?? null)`);
    expect(stored).toEqual({ maxFrames: 100_000, maxBytes: 64 * 1024 * 1024 });
    expect(await panel.eval(`(doc) => !!doc.querySelector('[data-testid=cap-unsaved]')`)).toBe(false);
  });
});
