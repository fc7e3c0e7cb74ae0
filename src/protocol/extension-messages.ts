// Messages between the bridge (content script), the background relay and the panel.
// Extension messaging serialises as JSON in Chromium, so everything here is
// JSON-safe: binary previews travel as base64 strings.
import type { FrameColumns, HookEvent, SocketCounters } from './records';

export interface DocInfo {
  /** Random id of this document instance (a reload gets a new one). */
  id: string;
  url: string;
  isTop: boolean;
  /** When the bridge started in this document (ms since epoch). */
  startedAt: number;
}

/**
 * Chromium's extension messaging cannot carry lone surrogates (a message holding
 * one is not delivered), so ill-formed text travels well-formed, with each
 * replaced code unit listed: [frame index, [code-unit index, code unit, …]].
 * The panel restores the exact string the page passed to send().
 */
export type LoneSurrogateRepairs = Array<[frame: number, pairs: number[]]>;

export interface BridgeRecords {
  v: number;
  t: 'snapshot' | 'batch';
  doc: DocInfo;
  frames: FrameColumns<string | null> & { repairs: LoneSurrogateRepairs };
  events: HookEvent[];
  counters: SocketCounters[];
  nextFseq: number;
  nextEseq: number;
  droppedEvents: number;
}

/** Something from the page was rejected or lost; the panel shows it. */
export interface BridgeNotice {
  v: number;
  t: 'notice';
  doc: DocInfo;
  code: 'rejected' | 'bridge-dropped';
  detail: string;
  count: number;
}

export interface BridgePageHide {
  v: number;
  t: 'pagehide';
  doc: DocInfo;
  time: number;
  persisted: boolean;
}

export type BridgeMessage = BridgeRecords | BridgeNotice | BridgePageHide;

/** background → bridge, through tabs.sendMessage. */
export type BackgroundToBridge = { v: number; t: 'attach' } | { v: number; t: 'detach' };

/** bridge → background, one-shot: is a panel watching my tab? */
export interface BridgeHello {
  v: number;
  t: 'bridge-hello';
}
export interface BridgeHelloReply {
  v: number;
  live: boolean;
}

/** panel → background, on its port. */
export type PanelToBackground = { v: number; t: 'panel-hello'; tabId: number };

/**
 * panel → background, one-shot: open the detached panel for a tab. Firefox gives
 * DevTools panels no `tabs` API, so the background opens the tab.
 */
export interface OpenDetached {
  v: number;
  t: 'open-detached';
  tabId: number;
}

/** background → panel. */
export type BackgroundToPanel =
  | { v: number; t: 'hello-ack'; tabId: number }
  | { v: number; t: 'from-page'; frameId: number; msg: BridgeMessage }
  | { v: number; t: 'tab-navigated'; url: string };

export const PORT_PANEL = 'wsdoctor-panel';
export const PORT_BRIDGE = 'wsdoctor-bridge';
