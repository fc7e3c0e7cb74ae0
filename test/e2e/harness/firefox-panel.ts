// Reaches the REAL WS Doctor panel inside Firefox's DevTools toolbox, and the
// detached panel tab the extension opens itself.
//
// Everything Firefox-internal lives in this file and nowhere else: the raw BiDi
// connection of puppeteer, chrome-context script evaluation (needs
// --remote-allow-system-access, on by default in launchFirefox), the devtools
// loader path, Toolbox.getAdditionalTools(), the `toolbox-panel-iframe-<id>` id
// and message-manager frame scripts. A new ESR may break any of them: every step
// fails loudly with what it saw (tool labels, URLs) rather than timing out mutely.
//
// Recipe: /work/shared/firefox-devtools-panel.md.
import type { Page } from 'puppeteer-core';
import type { FirefoxSession } from './firefox';
import type { PanelHandle } from './panel-handle';

export const PANEL_TITLE = 'WS Doctor';
const PANEL_PATH = '/extension/panel.html';
const BROWSER_XHTML = 'chrome://browser/content/browser.xhtml';
/** Name of the chrome-window property that keeps the panel <browser> elements between calls. */
const REGISTRY = '__wsdE2EPanels';

// ---------------------------------------------------------------------------
// Raw WebDriver BiDi through puppeteer's own connection (not in its public types).

interface BidiConnection {
  send(method: string, params: object, timeout?: number): Promise<unknown>;
}

interface BidiEvaluateReply {
  result?: {
    type?: string;
    result?: { type?: string; value?: unknown };
    exceptionDetails?: { text?: string; stackTrace?: unknown };
  };
}

interface BidiTreeReply {
  result?: { contexts?: Array<{ context: string; url: string }> };
}

function bidiConnection(session: FirefoxSession): BidiConnection {
  const connection: unknown = (session.browser as unknown as { connection?: unknown }).connection;
  if (!connection || typeof (connection as { send?: unknown }).send !== 'function') {
    throw new Error('puppeteer exposes no raw BiDi connection on this Browser (is it a Firefox BiDi session?)');
  }
  return connection as BidiConnection;
}

/** The BiDi id of the browser.xhtml chrome window (there is one window in these tests). */
async function chromeWindowContext(conn: BidiConnection): Promise<string> {
  const tree = (await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as BidiTreeReply;
  const contexts = tree.result?.contexts ?? [];
  const win = contexts.find((c) => c.url === BROWSER_XHTML);
  if (!win) throw new Error(`no ${BROWSER_XHTML} chrome context; chrome contexts: ${contexts.map((c) => c.url).join(', ') || '(none)'}`);
  return win.context;
}

/**
 * Runs `expression` (an async IIFE that returns a JSON string) in the chrome
 * window with system privileges and parses its result.
 */
async function chromeEval<T>(conn: BidiConnection, context: string, expression: string, timeout: number): Promise<T> {
  const reply = (await conn.send(
    'script.evaluate',
    { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' },
    timeout,
  )) as BidiEvaluateReply;
  const r = reply.result;
  if (r?.type === 'exception') {
    throw new Error(`chrome-context script threw: ${r.exceptionDetails?.text ?? JSON.stringify(r.exceptionDetails)}`);
  }
  const value = r?.result?.value;
  if (typeof value !== 'string') throw new Error(`chrome-context script returned no JSON string: ${JSON.stringify(r)}`);
  return JSON.parse(value) as T;
}

// ---------------------------------------------------------------------------
// The real DevTools panel.

interface OpenReply {
  ok: boolean;
  error?: string;
  labels?: string[];
  toolId?: string;
  panelUrl?: string;
  timings?: OpenTimings;
}

/** Milliseconds from the start of the chrome-side script to each step. */
export interface OpenTimings {
  toolboxOpen: number;
  toolListed: number;
  toolSelected: number;
  panelLoaded: number;
}

type FrameReply = { ok: true; value?: unknown } | { ok: false; error: string };

export interface FirefoxPanelHandle extends PanelHandle {
  /** The toolbox's id for the extension panel (webext-devtools-panel-…). */
  toolId: string;
  /** The panel document's URL, moz-extension://…/extension/panel.html. */
  panelUrl: string;
  timings: OpenTimings;
  /**
   * Puts a file from disk into an <input type=file> and fires input + change, as
   * picking it in the file dialog does (the dialog itself cannot be driven).
   */
  uploadFile(selector: string, path: string): Promise<void>;
}

/**
 * Opens the DevTools toolbox on `page`'s tab, selects the WS Doctor panel and
 * returns a handle on its document. The panel's functions get `(doc, win)` as
 * the page itself sees them (waived Xrays: the panel's JS globals are visible),
 * as in Chromium.
 */
export async function openRealFirefoxPanel(session: FirefoxSession, page: Page, opts: { timeout?: number } = {}): Promise<FirefoxPanelHandle> {
  const timeout = opts.timeout ?? 20_000;
  const conn = bidiConnection(session);
  // The toolbox opens on the selected tab.
  await page.bringToFront();
  const context = await chromeWindowContext(conn);
  const handleId = `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

  const open = await chromeEval<OpenReply>(
    conn,
    context,
    `(async () => {
      const expectedUrl = ${JSON.stringify(page.url())};
      const title = ${JSON.stringify(PANEL_TITLE)};
      const deadline = Date.now() + ${timeout};
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const start = Date.now();
      const timings = {};
      const actual = gBrowser.selectedBrowser.currentURI.spec;
      if (actual !== expectedUrl) {
        return JSON.stringify({ ok: false, error: 'the selected tab is ' + actual + ', not the page ' + expectedUrl });
      }
      const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
      const { gDevTools } = require('devtools/client/framework/devtools');
      const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: 'webconsole' });
      timings.toolboxOpen = Date.now() - start;
      const labels = () => [
        ...gDevTools.getToolDefinitionArray().map((d) => d.label || d.id),
        ...toolbox.getAdditionalTools().map((d) => d.label || d.id),
      ];
      // The devtools_page calls panels.create() shortly after the toolbox opens.
      let def;
      while (!(def = toolbox.getAdditionalTools().find((d) => d.label === title))) {
        if (Date.now() > deadline) return JSON.stringify({ ok: false, error: 'no "' + title + '" tool in the toolbox', labels: labels() });
        await sleep(50);
      }
      timings.toolListed = Date.now() - start;
      await toolbox.selectTool(def.id);
      timings.toolSelected = Date.now() - start;
      const iframe = toolbox.doc.getElementById('toolbox-panel-iframe-' + def.id);
      if (!iframe) return JSON.stringify({ ok: false, error: 'no toolbox-panel-iframe-' + def.id, labels: labels() });
      let b;
      for (;;) {
        b = iframe.contentDocument && iframe.contentDocument.querySelector('browser');
        if (b && b.currentURI && b.currentURI.schemeIs('moz-extension') && b.browsingContext && b.browsingContext.currentWindowGlobal && b.messageManager) break;
        if (Date.now() > deadline) {
          return JSON.stringify({ ok: false, error: 'the panel <browser> did not load a moz-extension document (at ' + (b && b.currentURI ? b.currentURI.spec : 'no <browser>') + ')', labels: labels() });
        }
        await sleep(50);
      }
      timings.panelLoaded = Date.now() - start;
      (window.${REGISTRY} ??= new Map()).set(${JSON.stringify(handleId)}, b);
      return JSON.stringify({ ok: true, toolId: def.id, panelUrl: b.currentURI.spec, timings });
    })()`,
    timeout + 10_000,
  );
  if (!open.ok) {
    throw new Error(`Firefox DevTools panel "${PANEL_TITLE}" not reachable: ${open.error}; toolbox tools: [${(open.labels ?? []).join(', ')}]`);
  }
  if (!open.panelUrl?.startsWith(session.extensionOrigin + PANEL_PATH)) {
    throw new Error(`the "${PANEL_TITLE}" tool shows ${open.panelUrl}, expected ${session.extensionOrigin}${PANEL_PATH}`);
  }

  let seq = 0;
  /**
   * Runs `body` (frame-script source using `fn`, `doc`, `win`, `deadline`, `sleep`,
   * and returning a value) inside the panel's content process.
   */
  const inPanel = async (fnSource: string, body: string, timeout: number): Promise<unknown> => {
    const key = `wsd-e2e:${handleId}:${++seq}`;
    const frameScript = `(async () => {
      const sleep = (ms) => new Promise((r) => content.setTimeout(r, ms));
      const deadline = Date.now() + ${timeout};
      let out;
      try {
        while (content.document.readyState !== 'complete') {
          if (Date.now() > deadline) throw new Error('panel document still ' + content.document.readyState);
          await sleep(20);
        }
        const doc = content.document.wrappedJSObject;
        const win = content.wrappedJSObject;
        const fn = (${fnSource});
        out = { ok: true, value: await (async () => { ${body} })() };
      } catch (e) {
        out = { ok: false, error: String((e && e.message) || e) + (e && e.stack ? '\\n' + e.stack : '') };
      }
      let json;
      try {
        json = JSON.stringify(out);
      } catch (e) {
        json = JSON.stringify({ ok: false, error: 'result is not JSON-serialisable: ' + e });
      }
      sendAsyncMessage(${JSON.stringify(key)}, json);
    })();`;
    const reply = await chromeEval<FrameReply>(
      conn,
      context,
      `(async () => {
        const b = window.${REGISTRY} && window.${REGISTRY}.get(${JSON.stringify(handleId)});
        if (!b || !b.isConnected || !b.messageManager) {
          return JSON.stringify({ ok: false, error: 'the panel <browser> is gone (toolbox closed?)' });
        }
        const mm = b.messageManager;
        const key = ${JSON.stringify(key)};
        return await new Promise((resolve) => {
          const done = (json) => {
            clearTimeout(timer);
            mm.removeMessageListener(key, listener);
            resolve(json);
          };
          const listener = ({ data }) => done(data);
          const timer = setTimeout(() => done(JSON.stringify({ ok: false, error: 'no answer from the panel frame script in ${timeout + 2_000} ms' })), ${timeout + 2_000});
          mm.addMessageListener(key, listener);
          // The charset matters: without it the script's UTF-8 is read as Latin-1, and a
          // predicate holding a non-ASCII character (a "—" in a panel text) never matches.
          mm.loadFrameScript('data:text/javascript;charset=utf-8,' + encodeURIComponent(${JSON.stringify(frameScript)}), false);
        });
      })()`,
      timeout + 10_000,
    );
    if (!reply.ok) throw new Error(`in the Firefox DevTools panel: ${reply.error}`);
    return reply.value;
  };

  const evalTimeout = 10_000;
  return {
    toolId: open.toolId ?? '',
    panelUrl: open.panelUrl,
    timings: open.timings ?? { toolboxOpen: NaN, toolListed: NaN, toolSelected: NaN, panelLoaded: NaN },
    async eval<T>(fnSource: string): Promise<T> {
      return (await inPanel(fnSource, 'return await fn(doc, win);', evalTimeout)) as T;
    },
    async waitFor<T>(fnSource: string, timeout = 15_000): Promise<T> {
      // Polls inside the panel: one round trip however long it takes.
      return (await inPanel(
        fnSource,
        `let last;
        for (;;) {
          try {
            const v = await fn(doc, win);
            if (v) return v;
            last = 'last value: ' + JSON.stringify(v);
          } catch (e) {
            last = 'last error: ' + e;
          }
          if (Date.now() > deadline) throw new Error('waitFor timed out after ${timeout} ms; ' + last);
          await sleep(50);
        }`,
        timeout,
      )) as T;
    },
    async uploadFile(selector: string, path: string): Promise<void> {
      // File.createFromFileName and mozSetFileArray are chrome-only: the frame
      // script has the privileges, the panel's own script never does.
      await inPanel(
        'null',
        `const sel = ${JSON.stringify(selector)};
        const input = content.document.querySelector(sel);
        if (!input) throw new Error('no element matches ' + sel);
        const file = await File.createFromFileName(${JSON.stringify(path)});
        input.mozSetFileArray([file]);
        input.dispatchEvent(new content.Event('input', { bubbles: true }));
        input.dispatchEvent(new content.Event('change', { bubbles: true }));
        return true;`,
        evalTimeout,
      );
    },
    async click(selector: string): Promise<void> {
      // Real mouse input at the element's centre, after checking nothing covers it.
      await inPanel(
        'null',
        `const sel = ${JSON.stringify(selector)};
        const el = content.document.querySelector(sel);
        if (!el) throw new Error('no element matches ' + sel);
        el.scrollIntoView({ block: 'center', inline: 'center' });
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) throw new Error(sel + ' has no box (' + r.width + 'x' + r.height + ')');
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        const hit = content.document.elementFromPoint(x, y);
        if (!hit || !(hit === el || el.contains(hit))) {
          throw new Error(sel + ' is covered at (' + x + ', ' + y + ') by ' + (hit ? hit.outerHTML.slice(0, 120) : 'nothing'));
        }
        if (typeof content.synthesizeMouseEvent !== 'function') throw new Error('window.synthesizeMouseEvent is not available in this Firefox');
        content.synthesizeMouseEvent('mousedown', x, y, { button: 0, clickCount: 1 });
        content.synthesizeMouseEvent('mouseup', x, y, { button: 0, clickCount: 1 });
        return true;`,
        evalTimeout,
      );
    },
  };
}

// ---------------------------------------------------------------------------
// The detached panel: panel.html?tabId=N in a tab the extension opened itself.

export interface DetachedPanelHandle extends PanelHandle {
  page: Page;
  /** Its real URL; puppeteer's page.url() says about:blank for moz-extension tabs. */
  url: string;
}

async function hrefOf(page: Page, timeout: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      page.evaluate(() => location.href),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeout))),
    ]);
  } catch {
    return null; // a page that is navigating, closing, or a toolbox chrome frame
  } finally {
    clearTimeout(timer);
  }
}

/** Finds the tab showing panel.html that the extension opened (the detach button), and drives it through puppeteer. */
export async function findDetachedPanel(session: FirefoxSession, timeout = 15_000): Promise<DetachedPanelHandle> {
  const prefix = session.extensionOrigin + PANEL_PATH;
  const deadline = Date.now() + timeout;
  let seen: string[] = [];
  for (;;) {
    seen = [];
    for (const page of await session.browser.pages()) {
      const href = await hrefOf(page, 2_000);
      seen.push(href ?? `(${page.url()}: no answer)`);
      if (href?.startsWith(prefix)) {
        await page.waitForFunction(() => document.readyState === 'complete' && !!document.querySelector('.app'), {
          timeout: Math.max(1_000, deadline - Date.now()),
        });
        return { ...pageHandle(page), page, url: href };
      }
    }
    if (Date.now() > deadline) throw new Error(`no detached panel tab (${prefix}…) after ${timeout} ms; pages: ${seen.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function pageHandle(page: Page): PanelHandle {
  return {
    async eval<T>(fnSource: string): Promise<T> {
      return (await page.evaluate(`(${fnSource})(document, window)`)) as T;
    },
    async waitFor<T>(fnSource: string, timeout = 15_000): Promise<T> {
      const h = await page.waitForFunction(`(${fnSource})(document, window)`, { timeout, polling: 50 });
      return (await h.jsonValue()) as T;
    },
    async click(selector: string) {
      await page.click(selector);
    },
  };
}
