// Seeing a frame, in the real Chromium DevTools panel: a JSON frame as a tree
// (with copy path / copy value), binary as a hex view, copy as text/hex/base64,
// a cut JSON preview said to be cut, and the time column's delta mode.
// What was copied is read by wrapping document.execCommand inside the panel.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { encode } from '@msgpack/msgpack';
import { openRealPanel } from './harness/chromium';
import { chromiumSuite } from './harness/suite';
import { closedConnection, readFrames, selectConnection, selectFrame } from './harness/panel-queries';

const env = chromiumSuite();
let panel: Awaited<ReturnType<typeof openRealPanel>>;
let page: Page;

const HELLO = { user: { name: 'Ada', id: 7 }, items: [{ sku: 'a1' }, { sku: 'b2' }, { sku: 'c3' }, { sku: 'd4', 'weird key': true }], ok: null };
const HELLO_TEXT = JSON.stringify(HELLO);
/** Longer than the hook's 16 K-unit text preview, so the panel holds a cut JSON. */
const BIG_JSON = JSON.stringify({ rows: Array.from({ length: 3000 }, (_, i) => ({ i, v: 'x'.repeat(4) })) });
/** A 250-item array: drawn a hundred children at a time. */
const LIST_JSON = JSON.stringify({ list: Array.from({ length: 250 }, (_, i) => i * 10) });
const seq = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i & 255));

interface Frame {
  dir: string;
  type: string;
  size: number;
  seq: number;
}

interface TreeNode {
  path: string;
  key: string | null;
  value: string;
  open: string | null;
}

const readTree = `(doc) => {
  const tree = doc.querySelector('[data-testid=frame-detail] [data-testid=json-tree]');
  if (!tree) return null;
  return [...tree.querySelectorAll('[data-testid=json-node]')].map((n) => {
    const row = n.querySelector(':scope > .jt-row');
    return {
      path: n.dataset.path,
      key: row.querySelector('[data-testid=json-key]')?.textContent ?? null,
      value: row.querySelector('[data-testid=json-value]')?.textContent ?? '',
      open: n.getAttribute('aria-expanded'),
    };
  });
}`;

/** Clicks, inside a tree node's own row, the element matching `sel`. */
const clickInNode = (path: string, sel: string) => `(doc) => {
  const node = [...doc.querySelectorAll('[data-testid=json-node]')].find((n) => n.dataset.path === ${JSON.stringify(path)});
  const el = node?.querySelector(':scope > .jt-row ' + ${JSON.stringify(sel)});
  if (!el) return false;
  el.click();
  return true;
}`;

const clickTestId = (id: string) => `(doc) => {
  const el = doc.querySelector('[data-testid=${id}]');
  if (!el) return false;
  el.click();
  return true;
}`;

const readHex = `(doc) => {
  const v = doc.querySelector('[data-testid=frame-detail] [data-testid=hex-view]');
  if (!v) return null;
  return {
    rows: Number(v.dataset.rows),
    drawn: [...v.querySelectorAll('[data-testid=hex-row]')].map((r) => ({
      offset: r.querySelector('.hx-off').textContent,
      hex: r.querySelector('.hx-bytes').textContent,
      ascii: r.querySelector('.hx-ascii').textContent,
    })),
    note: doc.querySelector('[data-testid=hex-preview-note]')?.textContent ?? null,
  };
}`;

/** Runs `click` in the panel and returns the text it put on the clipboard. */
async function copied(click: string): Promise<string> {
  const before = await panel.eval<number>(`(doc, win) => win.__copies.length`);
  expect(await panel.eval(click)).toBe(true);
  return panel.waitFor<string>(`(doc, win) => win.__copies.length > ${before} ? win.__copies[win.__copies.length - 1] : null`);
}

let frames: Frame[];
const frameOf = (dir: string, type: string, size: number) => {
  const f = frames.find((x) => x.dir === dir && x.type === type && x.size === size);
  expect(f, `${dir} ${type} ${size}`).toBeDefined();
  return f!;
};

beforeAll(async () => {
  page = await env.session.browser.newPage();
  await page.goto(`${env.server.origin}/blank.html`);
  panel = await openRealPanel(page);
  await panel.eval(`(doc, win) => {
    win.__copies = [];
    const exec = doc.execCommand.bind(doc);
    // The panel copies through a textarea it appends to <body> just before execCommand.
    doc.execCommand = (cmd, ...rest) => {
      if (cmd === 'copy') {
        const ta = doc.body.lastElementChild;
        win.__copies.push(ta && ta.tagName === 'TEXTAREA' ? ta.value : null);
      }
      return exec(cmd, ...rest);
    };
    return true;
  }`);
  const url = `${env.server.wsOrigin}/ws/script?id=views&hello=${encodeURIComponent(HELLO_TEXT)}&bin=300&close=1000&after=800`;
  await page.evaluate(
    async (u: string, big: string, list: string) => {
      const ws = new WebSocket(u);
      // Received binary as ArrayBuffers here; Blobs (the default binaryType) are covered in daily-scenarios.ts.
      ws.binaryType = 'arraybuffer';
      await new Promise((r) => (ws.onopen = r));
      ws.send(big);
      ws.send(list);
      ws.send(Uint8Array.from({ length: 10_000 }, (_, i) => i & 255));
      await new Promise((r) => (ws.onclose = r));
    },
    url,
    BIG_JSON,
    LIST_JSON,
  );
  await panel.waitFor(closedConnection('id=views'));
  expect(await panel.eval(selectConnection('id=views'))).toBe(true);
  frames = await panel.waitFor<Frame[]>(`(doc) => { const f = (${readFrames})(doc); return f.length === 5 ? f : null; }`);
});

describe('frame views in Chromium', () => {
  it('shows a JSON frame as a tree: top levels open, deeper ones folded with a count', async () => {
    expect(await panel.eval(selectFrame(frameOf('in', 'text', HELLO_TEXT.length).seq))).toBe(true);
    const nodes = await panel.waitFor<TreeNode[]>(readTree);
    const at = (p: string) => nodes.find((n) => n.path === p);
    expect(at('$')).toMatchObject({ key: null, value: '(3) {', open: 'true' });
    expect(at('$.user.name')).toMatchObject({ key: 'name', value: '"Ada"', open: null });
    expect(at('$.user.id')?.value).toBe('7');
    expect(at('$.ok')?.value).toBe('null');
    expect(at('$.items')).toMatchObject({ value: '(4) [', open: 'true' });
    expect(at('$.items[3]')).toMatchObject({ key: '3', value: '(2) {sku: "d4", "weird key": true}', open: 'false' });
    // Folded: its children are not in the DOM.
    expect(at('$.items[3].sku')).toBeUndefined();
    expect(await panel.eval(`(doc) => !!doc.querySelector('[data-testid=frame-detail] [data-testid=frame-text]')`)).toBe(false);
  });

  it('unfolds a node and copies the path and the value of what is picked', async () => {
    expect(await panel.eval(clickInNode('$.items[3]', '[data-testid=json-toggle]'))).toBe(true);
    const nodes = await panel.waitFor<TreeNode[]>(`(doc) => { const t = (${readTree})(doc); return t && t.some((n) => n.path === '$.items[3]["weird key"]') ? t : null; }`);
    expect(nodes.find((n) => n.path === '$.items[3]["weird key"]')).toMatchObject({ key: '"weird key"', value: 'true' });
    expect(await panel.eval(clickInNode('$.items[3]["weird key"]', '[data-testid=json-value]'))).toBe(true);
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=json-copy-path]')`);
    expect(await copied(clickTestId('json-copy-path'))).toBe('$.items[3]["weird key"]');
    expect(await panel.eval(clickInNode('$.user', '[data-testid=json-key]'))).toBe(true);
    await panel.waitFor(`(doc) => [...doc.querySelectorAll('[data-testid=json-node]')].find((n) => n.dataset.path === '$.user')?.querySelector(':scope > .jt-row [data-testid=json-copy-value]')`);
    expect(JSON.parse(await copied(clickTestId('json-copy-value')))).toEqual(HELLO.user);
  });

  it('draws a big array a hundred children at a time', async () => {
    expect(await panel.eval(selectFrame(frameOf('out', 'text', LIST_JSON.length).seq))).toBe(true);
    const folded = await panel.waitFor<TreeNode[]>(`(doc) => { const t = (${readTree})(doc); return t && t.some((n) => n.path === '$.list') ? t : null; }`);
    // Too big to open by itself.
    expect(folded.find((n) => n.path === '$.list')).toMatchObject({ open: 'false' });
    expect(folded.find((n) => n.path === '$.list')!.value.startsWith('(250) [0, 10, 20')).toBe(true);
    expect(await panel.eval(clickInNode('$.list', '[data-testid=json-toggle]'))).toBe(true);
    const first = await panel.waitFor<number>(`(doc) => { const t = (${readTree})(doc); return t && t.length > 2 ? t.length : null; }`);
    expect(first).toBe(2 + 100);
    expect(await panel.eval<string>(`(doc) => doc.querySelector('[data-testid=json-more]').textContent`)).toContain('100 of 250');
    expect(await panel.eval(clickTestId('json-more'))).toBe(true);
    await panel.waitFor(`(doc) => { const t = (${readTree})(doc); return t && t.length === 2 + 200; }`);
    expect(await panel.eval(clickTestId('json-more'))).toBe(true);
    const all = await panel.waitFor<TreeNode[]>(`(doc) => { const t = (${readTree})(doc); return t && t.length === 2 + 250 ? t : null; }`);
    expect(all.at(-1)).toMatchObject({ path: '$.list[249]', key: '249', value: '2490' });
    expect(await panel.eval(`(doc) => !!doc.querySelector('[data-testid=json-more]')`)).toBe(false);
    // Back to the first JSON frame for the tests that follow.
    expect(await panel.eval(selectFrame(frameOf('in', 'text', HELLO_TEXT.length).seq))).toBe(true);
    await panel.waitFor(`(doc) => { const t = (${readTree})(doc); return t && t.some((n) => n.path === '$.user'); }`);
  });

  it('switches to the raw text and back', async () => {
    expect(await panel.eval(clickTestId('view-text'))).toBe(true);
    const text = await panel.waitFor<string>(`(doc) => doc.querySelector('[data-testid=frame-detail] [data-testid=frame-text]')?.textContent`);
    expect(text).toBe(HELLO_TEXT);
    expect(await panel.eval(clickTestId('view-tree'))).toBe(true);
    await panel.waitFor(readTree);
  });

  it('copies a text frame as text, as hex and as base64 of its UTF-8 bytes', async () => {
    expect(await copied(clickTestId('copy-text'))).toBe(HELLO_TEXT);
    expect(await copied(clickTestId('copy-hex'))).toBe([...Buffer.from(HELLO_TEXT)].map((b) => b.toString(16).padStart(2, '0')).join(' '));
    expect(await copied(clickTestId('copy-base64'))).toBe(Buffer.from(HELLO_TEXT).toString('base64'));
  });

  it('shows a binary frame as offset, hex and ASCII rows, and copies it as base64', async () => {
    expect(await panel.eval(selectFrame(frameOf('in', 'binary', 300).seq))).toBe(true);
    const hex = await panel.waitFor<{ rows: number; drawn: Array<{ offset: string; hex: string; ascii: string }>; note: string | null }>(
      `(doc) => { const h = (${readHex})(doc); return h && h.drawn.length ? h : null; }`,
    );
    expect(hex.rows).toBe(19);
    expect(hex.note).toBeNull();
    expect(hex.drawn[0]).toEqual({ offset: '00000000', hex: '00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f', ascii: '.'.repeat(16) });
    expect(hex.drawn[2]).toEqual({ offset: '00000020', hex: '20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f', ascii: ' !"#$%&\'()*+,-./' });
    expect(hex.drawn[4]!.ascii).toBe('@ABCDEFGHIJKLMNO');
    const last = hex.drawn.find((r) => r.offset === '00000120');
    expect(last?.hex.trimEnd()).toBe('20 21 22 23 24 25 26 27  28 29 2a 2b');
    expect(await copied(clickTestId('copy-base64'))).toBe(seq(300).toString('base64'));
  });

  it('says when a binary frame is only a preview, and draws only the rows in view', async () => {
    expect(await panel.eval(selectFrame(frameOf('out', 'binary', 10_000).seq))).toBe(true);
    const hex = await panel.waitFor<{ rows: number; drawn: unknown[]; note: string | null }>(`(doc) => { const h = (${readHex})(doc); return h && h.note ? h : null; }`);
    expect(hex.note!.replace(/\u2009/g, '')).toContain('the first 4096 bytes of 10000');
    expect(hex.rows).toBe(256);
    expect(hex.drawn.length).toBeGreaterThan(0);
    expect(hex.drawn.length).toBeLessThan(60);
    expect((await copied(clickTestId('copy-hex'))).split(' ')).toHaveLength(4096);
  });

  it('says a cut JSON preview is cut and shows it as text', async () => {
    expect(await panel.eval(selectFrame(frameOf('out', 'text', BIG_JSON.length).seq))).toBe(true);
    const cut = await panel.waitFor<string>(`(doc) => doc.querySelector('[data-testid=json-cut]')?.textContent`);
    expect(cut.replace(/\u2009/g, '')).toContain('16384');
    const d = await panel.eval<{ tree: boolean; text: string }>(`(doc) => ({
      tree: !!doc.querySelector('[data-testid=frame-detail] [data-testid=json-tree]'),
      text: doc.querySelector('[data-testid=frame-detail] [data-testid=frame-text]')?.textContent ?? '',
    })`);
    expect(d.tree).toBe(false);
    expect(d.text.startsWith('{"rows":[{"i":0,')).toBe(true);
  });

  it('the time column switches between the clock and the gap since the previous frame', async () => {
    const times = `(doc) => [...doc.querySelectorAll('[data-testid=frame-time]')].map((e) => e.textContent)`;
    const clocks = await panel.eval<string[]>(times);
    expect(clocks).toHaveLength(5);
    for (const c of clocks) expect(c).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(await panel.eval(clickTestId('time-mode'))).toBe(true);
    const deltas = await panel.waitFor<string[]>(`(doc) => { const t = (${times})(doc); return t[0] === '—' ? t : null; }`);
    for (const d of deltas.slice(1)) expect(d).toMatch(/^[+−]\d+(\.\d+)? (ms|s)$/);
    // The choice stays while another frame is picked.
    expect(await panel.eval(selectFrame(frames[1]!.seq))).toBe(true);
    await panel.waitFor(`(doc) => doc.querySelector('[data-testid=frame-row][data-seq="${frames[1]!.seq}"].selected')`);
    expect(await panel.eval<string>(`(doc) => doc.querySelector('[data-testid=time-mode]').dataset.mode`)).toBe('delta');
    expect(await panel.eval(clickTestId('time-mode'))).toBe(true);
    await panel.waitFor(`(doc) => /^\\d\\d:/.test(doc.querySelector('[data-testid=frame-time]')?.textContent ?? '')`);
  });

  it('finds the JSON inside Socket.IO and SignalR framing, shows it as a tree and says which framing it was', async () => {
    const sio = '42/chat,7["msg",{"text":"hi","to":["ada"]}]';
    const signalr = '{"type":1,"target":"Send","arguments":["x"]}\u001e{"type":6}\u001e';
    await page.evaluate(
      (u: string, send: string[]) => (window as unknown as { openAndWait: (u: string, o: unknown) => Promise<unknown> }).openAndWait(u, { send, closeCode: 1000 }),
      `${env.server.wsOrigin}/ws/echo?id=framing`,
      [sio, signalr],
    );
    await panel.waitFor(closedConnection('id=framing'));
    expect(await panel.eval(selectConnection('id=framing'))).toBe(true);
    const rows = await panel.waitFor<Frame[]>(`(doc) => { const f = (${readFrames})(doc); return f.length >= 2 ? f : null; }`);
    const out = rows.filter((f) => f.dir === 'out').sort((a, b) => a.seq - b.seq);
    expect(await panel.eval(selectFrame(out[0]!.seq))).toBe(true);
    const note = await panel.waitFor<string>(`(doc) => doc.querySelector('[data-testid=frame-detail] [data-testid=framing]')?.textContent`);
    expect(note).toContain('Socket.IO EVENT');
    expect(note).toContain('42/chat,7');
    expect(note).toContain('/chat');
    const nodes = await panel.waitFor<TreeNode[]>(readTree);
    expect(nodes.find((n) => n.path === '$[0]')?.value).toBe('"msg"');
    expect(nodes.find((n) => n.path === '$[1].text')?.value).toBe('"hi"');
    expect(await panel.eval(selectFrame(out[1]!.seq))).toBe(true);
    const note2 = await panel.waitFor<string>(`(doc) => { const t = doc.querySelector('[data-testid=frame-detail] [data-testid=framing]')?.textContent; return t && t.includes('SignalR') ? t : null; }`);
    expect(note2).toContain('2');
    const nodes2 = await panel.waitFor<TreeNode[]>(`(doc) => { const t = (${readTree})(doc); return t && t.some((n) => n.path === '$[0].target') ? t : null; }`);
    expect(nodes2.find((n) => n.path === '$[0].target')?.value).toBe('"Send"');
  });

  it('shows a binary frame that is one MessagePack value as a tree, with the hex a click away', async () => {
    const packed = [...encode({ type: 'tick', seq: 7, tags: ['a', 'b'], raw: new Uint8Array([1, 2]) })];
    await page.evaluate(
      (u: string, bytes: number[]) => (window as unknown as { openAndWait: (u: string, o: unknown) => Promise<unknown> }).openAndWait(u, { send: [Uint8Array.from(bytes)], closeCode: 1000 }),
      `${env.server.wsOrigin}/ws/echo?id=msgpack`,
      packed,
    );
    await panel.waitFor(closedConnection('id=msgpack'));
    expect(await panel.eval(selectConnection('id=msgpack'))).toBe(true);
    const rows = await panel.waitFor<Frame[]>(`(doc) => { const f = (${readFrames})(doc); return f.length >= 1 ? f : null; }`);
    expect(await panel.eval(selectFrame(rows.find((f) => f.dir === 'out')!.seq))).toBe(true);
    const nodes = await panel.waitFor<TreeNode[]>(`(doc) => { const t = (${readTree})(doc); return t && t.some((n) => n.path === '$.seq') ? t : null; }`);
    expect(nodes.find((n) => n.path === '$.type')?.value).toBe('"tick"');
    expect(nodes.find((n) => n.path === '$.seq')?.value).toBe('7');
    expect(nodes.find((n) => n.path === '$.raw')?.value).toBe('"<2 bytes: 01 02>"');
    expect(await panel.eval(`(doc) => doc.querySelector('[data-testid=msgpack-note]')?.textContent ?? ''`)).toContain('MessagePack');
    expect(await panel.eval(clickTestId('view-hex'))).toBe(true);
    const hexRows = await panel.waitFor<number>(`(doc) => doc.querySelectorAll('[data-testid=frame-detail] [data-testid=hex-row]').length || null`);
    expect(hexRows).toBeGreaterThan(0);
  });
});
