// The close-code catalog: every number the panel can see as a close code maps to
// one entry whose texts live in extension/_locales/<lang>/close-codes.json.
// 1001 and 1007 get a deep, observation-aware explanation in the five sections of
// the product's seed explainer. Sources: RFC 6455 §7.4, the IANA close code
// registry, and the WHATWG WebSockets standard for what page script may send.

import { msg, type Msg } from './message';

export type CloseCategory =
  | 'normal'
  | 'going-away'
  | 'client-error'
  | 'server-error'
  | 'abnormal'
  | 'application'
  | 'reserved'
  | 'invalid';

/** Who ended the connection, as the caller inferred it from the recorded facts. */
export type CloseInitiator = 'server' | 'page' | 'browser' | 'failure' | 'unknown';

export interface CloseCodeEntry {
  /** The code that was looked up (for a range entry, the member asked about). */
  code: number;
  /** Set for entries that cover a span; the out-of-range entry also takes negatives and non-integers. */
  range?: [number, number];
  category: CloseCategory;
  nameKey: string;
  meaningKey: string;
  fixKey: string;
  /** 1005, 1006, 1015: reported by the browser, never put in a close frame. */
  neverOnWire: boolean;
  /** WHATWG: ws.close() accepts only 1000 and 3000-4999; anything else throws InvalidAccessError. */
  sendableByPage: boolean;
  /** deepSections() has a five-section explanation for it. */
  deep: boolean;
}

export interface DeepObservation {
  initiator: CloseInitiator;
  /** Already formatted time of the close, e.g. "12:03:04". */
  closedAt?: string;
  /** Already formatted lifetime, e.g. "42 s"; only used together with closedAt. */
  lifetime?: string;
  reason?: string;
  /** 1007: outgoing frames ranked as suspects. */
  suspectCount?: number;
  /** 1007: outgoing frames that held lone surrogates. */
  illFormedCount?: number;
}

export interface DeepSection {
  titleKey: string;
  body: Msg[];
}

type Row = readonly [id: string, first: number, last: number, category: CloseCategory];

// Ordered by `first` and gap-free over 0..4999, so a lookup is a scan for the
// first row whose `last` is not below the code.
const ROWS: readonly Row[] = [
  ['0_999', 0, 999, 'invalid'],
  ['1000', 1000, 1000, 'normal'],
  ['1001', 1001, 1001, 'going-away'],
  ['1002', 1002, 1002, 'client-error'],
  ['1003', 1003, 1003, 'client-error'],
  ['1004', 1004, 1004, 'reserved'],
  ['1005', 1005, 1005, 'abnormal'],
  ['1006', 1006, 1006, 'abnormal'],
  ['1007', 1007, 1007, 'client-error'],
  ['1008', 1008, 1008, 'client-error'],
  ['1009', 1009, 1009, 'client-error'],
  ['1010', 1010, 1010, 'client-error'],
  ['1011', 1011, 1011, 'server-error'],
  ['1012', 1012, 1012, 'going-away'],
  ['1013', 1013, 1013, 'going-away'],
  ['1014', 1014, 1014, 'server-error'],
  ['1015', 1015, 1015, 'abnormal'],
  ['1016_2999', 1016, 2999, 'reserved'],
  ['3000_3999', 3000, 3999, 'application'],
  ['4000_4999', 4000, 4999, 'application'],
];

// A close frame carries 16 bits; 5000-65535 is what a broken peer could put there.
const OUT_OF_RANGE: Row = ['out_of_range', 5000, 65535, 'invalid'];

const DEEP_CODES: ReadonlySet<number> = new Set([1001, 1007]);

function entryOf([id, first, last, category]: Row, code: number): CloseCodeEntry {
  const entry: CloseCodeEntry = {
    code,
    category,
    nameKey: `close_${id}_name`,
    meaningKey: `close_${id}_meaning`,
    fixKey: `close_${id}_fix`,
    neverOnWire: category === 'abnormal',
    // Rows never straddle the sendable spans, so the row's first code decides.
    sendableByPage: first === 1000 || (first >= 3000 && last <= 4999),
    deep: first === last && DEEP_CODES.has(first),
  };
  if (first !== last) entry.range = [first, last];
  return entry;
}

export function lookupCloseCode(code: number): CloseCodeEntry {
  const row =
    Number.isInteger(code) && code >= 0 ? ROWS.find(([, , last]) => code <= last) : undefined;
  return entryOf(row ?? OUT_OF_RANGE, code);
}

/**
 * One line for a close chip's tooltip: the code, who closed, and the reason when
 * there is one, e.g. "1001 — closed by the server: “deploy”". The code's name is
 * not in it because a Msg cannot nest another Msg; the chip shows nameKey beside it.
 */
export function closeSummary(code: number, initiator: CloseInitiator, reason: string): Msg {
  return reason
    ? msg(`close_summary_${initiator}_reason`, code, reason)
    : msg(`close_summary_${initiator}`, code);
}

/**
 * The five sections of the deep explanation of 1001 or 1007, worded for what
 * was observed. Keys vary per observation instead of patching grammar in code.
 */
export function deepSections(code: 1001 | 1007, obs: DeepObservation): DeepSection[] {
  const other = code === 1001 ? 1007 : 1001;
  return [
    { titleKey: 'close_section_description', body: [msg(`close_${code}_deep_description`)] },
    { titleKey: 'close_section_when', body: whenBody(code, obs) },
    { titleKey: 'close_section_fix', body: fixBody(code, obs) },
    {
      titleKey: 'close_section_differences',
      body: [msg(`close_diff_${code}`), msg(`close_diff_${other}`)],
    },
    {
      titleKey: 'close_section_which',
      body: [msg('close_which_server'), msg('close_which_client'), msg('close_which_page')],
    },
  ];
}

function whenBody(code: 1001 | 1007, obs: DeepObservation): Msg[] {
  const base = `close_${code}_when_${obs.initiator}`;
  const body: Msg[] = [];
  // A lifetime without the close time is not worth a sentence of its own.
  if (obs.closedAt === undefined) body.push(msg(base));
  else if (obs.lifetime === undefined) body.push(msg(`${base}_at`, obs.closedAt));
  else body.push(msg(`${base}_at_after`, obs.closedAt, obs.lifetime));
  body.push(msg(`${base}_why`));
  if (obs.reason) body.push(msg('close_when_reason', obs.reason));
  if (code === 1007) {
    body.push(...counted('close_1007_when_suspects', obs.suspectCount));
    body.push(...counted('close_1007_when_ill_formed', obs.illFormedCount));
    body.push(msg('close_1007_when_from_server_utf8'));
  }
  body.push(msg(`close_${code}_when_not_script`));
  return body;
}

// Russian needs three plural forms; a "label: N" sentence for many avoids them.
function counted(key: string, count: number | undefined): Msg[] {
  if (!count || count < 1) return [];
  return count === 1 ? [msg(`${key}_one`)] : [msg(key, count)];
}

function fixBody(code: 1001 | 1007, obs: DeepObservation): Msg[] {
  if (code === 1001) {
    const lead = obs.initiator === 'browser' ? [msg('close_1001_fix_browser')] : [];
    return [
      ...lead,
      msg('close_1001_fix_backoff'),
      msg('close_1001_fix_reset_stop'),
      msg('close_1001_fix_related'),
    ];
  }
  const lead = obs.illFormedCount ? [msg('close_1007_fix_ill_formed')] : [];
  return [
    ...lead,
    msg('close_1007_fix_text'),
    msg('close_1007_fix_binary'),
    msg('close_1007_fix_resend'),
  ];
}
