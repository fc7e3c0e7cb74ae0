// One frame in full: JSON text as a foldable tree (or the raw text, invisible
// characters marked), binary as a lazily drawn hex view, copy as text, hex or
// base64, and for flagged outgoing text, where the problem is, what the server
// actually receives, and the fix.
import { useMemo } from 'preact/hooks';
import type { PanelFrame } from '../store';
import { t, tm } from '../i18n';
import { base64ToBytes, bytes, clock, count } from '../format';
import { analysisOf, isFlagged } from '../analysis-cache';
import { copy } from '../clipboard';
import { parseForTree } from '../json-tree';
import type { Framing } from '../message-framing';
import { msgpackTree } from '../msgpack-view';
import { bytesToBase64, bytesToHex, bytesToText, payloadBytes } from '../payload-bytes';
import { jsonView } from '../view-prefs';
import { useKeyedState } from './use-keyed-state';
import { JsonTree } from './JsonTree';
import { HexView } from './HexView';
import { fixAdvice, hexDump, wireBytes, wireWindow, type TextAnalysis } from '../../diagnosis/outgoing-text';

const MAX_RENDERED_UNITS = 64 * 1024;

/** Text with control characters, U+FFFD and lone surrogates shown as visible, marked glyphs. */
export function MarkedText({ text, marks }: { text: string; marks?: Set<number> }) {
  const parts: preact.ComponentChildren[] = [];
  let run = '';
  const flush = () => {
    if (run) parts.push(run);
    run = '';
  };
  const n = Math.min(text.length, MAX_RENDERED_UNITS);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      run += text[i]! + text[i + 1]!;
      i++;
      continue;
    }
    const lone = c >= 0xd800 && c <= 0xdfff;
    const control = (c < 0x20 && c !== 0x0a) || c === 0x7f;
    if (lone || control || c === 0xfffd) {
      flush();
      const label = lone ? `\\u${c.toString(16).toUpperCase()}` : c === 0xfffd ? 'U+FFFD' : c === 0x7f ? '␡' : String.fromCharCode(0x2400 + c);
      parts.push(
        <mark class={'inv' + (lone ? ' lone' : '') + (marks?.has(i) ? ' hit' : '')} title={t('panel_char_at', i)} data-index={i}>
          {label}
        </mark>,
      );
      if (c === 0x09) run += '\t';
    } else run += text[i];
  }
  flush();
  return (
    <pre class="frame-text" data-testid="frame-text">
      {parts}
      {text.length > n && <span class="muted">… {t('panel_text_cut', n)}</span>}
    </pre>
  );
}

const WIRE_PREVIEW_UNITS = 24;

function Utf8Findings({ text, a }: { text: string; a: TextAnalysis }) {
  const first = a.loneSurrogates[0];
  const win = first ? wireWindow(text, first.index, 8) : null;
  // Bytes decoded into a string: every char from 0x80 to 0xFF doubles on the wire.
  const start = a.binaryInText && !first ? wireBytes(text, 0, Math.min(text.length, WIRE_PREVIEW_UNITS)) : null;
  // The lone-surrogate paragraph below says what the signal would say again.
  const signals = a.signals.filter((s) => s.kind !== 'lone-surrogate' || a.loneSurrogateCount === 0);
  return (
    <div class="utf8-findings" data-testid="utf8-findings">
      <h4>⚠ {t(first ? 'panel_utf8_title' : 'panel_binary_text_title')}</h4>
      {a.loneSurrogateCount > 0 && (
        <p data-testid="lone-surrogates">
          {t('panel_utf8_lone', a.loneSurrogateCount, a.loneSurrogates.slice(0, 12).map((l) => `${l.index} (\\u${l.unit.toString(16).toUpperCase()}, ${t(l.kind === 'high' ? 'panel_utf8_high' : 'panel_utf8_low')})`).join(', '))}
        </p>
      )}
      <ul class="signals">
        {signals.map((s, i) => (
          <li key={i} class={'conf-' + s.confidence}>
            {tm(s.reason)} <span class="muted">({t('utf8_confidence_' + s.confidence)})</span>
          </li>
        ))}
      </ul>
      {a.truncated && <p class="muted">{t('utf8_note_truncated', a.analysedUnits, a.length)}</p>}
      {win && (
        <div>
          <p>{t('panel_utf8_wire', win.byteOffset)}</p>
          <pre class="hex" data-testid="wire-hex">
            {hexDump(win.bytes, win.byteOffset).join('\n')}
          </pre>
        </div>
      )}
      {start && (
        <div>
          <p>{t('panel_binary_text_wire', start.length)}</p>
          <pre class="hex" data-testid="wire-hex">
            {hexDump(start).join('\n')}
          </pre>
        </div>
      )}
      <h4>{t('panel_utf8_fix')}</h4>
      <ul class="fixes">
        {fixAdvice(a).map((m, i) => (
          <li key={i}>{tm(m)}</li>
        ))}
      </ul>
    </div>
  );
}

type CopyKind = 'text' | 'hex' | 'base64';

/** Bytes are worked out on click, not on every render: a 16 K-unit text is 48 KB of UTF-8. */
function copyAs(f: PanelFrame, kind: CopyKind) {
  if (kind === 'text' && !f.binary) return copy(f.text ?? '');
  const b = payloadBytes(f);
  if (!b) return;
  copy(kind === 'hex' ? bytesToHex(b) : kind === 'base64' ? bytesToBase64(b) : bytesToText(b));
}

function CopyButtons({ f }: { f: PanelFrame }) {
  const kinds: CopyKind[] = ['text', 'hex', 'base64'];
  return (
    <span class="fd-copy" role="group" aria-label={t('fv_copy_as')}>
      <span class="muted">{t('fv_copy_as')}</span>
      {kinds.map((k) => (
        <button key={k} class="tb-btn" onClick={() => copyAs(f, k)} data-testid={'copy-' + k} title={t(f.truncated ? 'fv_copy_preview_title' : 'fv_copy_' + k + '_title')}>
          {t('fv_copy_' + k)}
        </button>
      ))}
    </span>
  );
}

type View = 'tree' | 'text' | 'hex';

/** Tree / Text for JSON, Tree / Hex for MessagePack. */
function ViewToggle({ views, view, pick }: { views: View[]; view: View; pick: (v: View) => void }) {
  return (
    <span class="fd-views" role="group" aria-label={t('fv_view_label')}>
      {views.map((v) => (
        <button key={v} class={'tb-btn' + (view === v ? ' active' : '')} aria-pressed={view === v} onClick={() => pick(v)} data-testid={'view-' + v}>
          {t('fv_view_' + v)}
        </button>
      ))}
    </span>
  );
}

function FramingNote({ framing }: { framing: Framing }) {
  let text: string;
  if (framing.kind === 'signalr') text = t('fv_framing_signalr', count(framing.records.length));
  else {
    const more: string[] = [];
    if (framing.namespace !== null) more.push(t('fv_framing_namespace', framing.namespace));
    if (framing.ackId !== null) more.push(t('fv_framing_ack', String(framing.ackId)));
    text = t('fv_framing_socketio', framing.name, framing.prefix, more.map((m) => ', ' + m).join(''));
  }
  return (
    <p class="muted" data-testid="framing">
      {text}
    </p>
  );
}

export function FrameDetail({ f, onClose }: { f: PanelFrame; onClose: () => void }) {
  const a = analysisOf(f);
  const flagged = isFlagged(f);
  const hasText = !f.binary && !f.converted && f.text !== undefined;
  // The store makes a new object for the frame on every render: its order is what stays.
  const parsed = useMemo(() => (hasText ? parseForTree(f.text!, !f.truncated) : null), [f.order, f.seq]);
  const bin = useMemo(() => (f.binary && f.b64 !== undefined ? base64ToBytes(f.b64) : null), [f.order, f.seq]);
  const packed = useMemo(() => (bin && !f.truncated && bin.length === f.size ? msgpackTree(bin) : null), [bin]);
  // A flagged frame opens as text: its findings point at code units that only the text view marks.
  const chosen = useKeyedState<View | null>(String(f.order), () => null);
  const view = parsed?.kind === 'tree' ? (chosen.value ?? (flagged ? 'text' : jsonView.value)) : packed ? (chosen.value ?? 'tree') : f.binary ? 'hex' : 'text';
  const pick = (v: View) => {
    chosen.value = v;
    if (v !== 'hex') jsonView.value = v;
  };
  let body: preact.ComponentChildren;
  if (f.binary) {
    if (!bin) body = <p class="muted">{f.blob ? t('panel_blob_detail') : t('panel_no_payload')}</p>;
    else if (packed && view === 'tree')
      body = (
        <>
          <p class="muted" data-testid="msgpack-note">
            {t('fv_msgpack_note', count(bin.length))}
          </p>
          <JsonTree key={f.order} value={packed} />
        </>
      );
    else
      body = (
        <>
          {f.blob && (
            <p class="muted" data-testid="blob-note">
              {t('panel_blob_read')}
            </p>
          )}
          {bin.length < f.size && (
            <p class="muted" data-testid="hex-preview-note">
              {t('fv_hex_preview', count(bin.length), count(f.size))}
            </p>
          )}
          <HexView key={f.order} bytes={bin} />
        </>
      );
  } else if (f.converted) body = <p class="muted">{t('panel_converted_detail')}</p>;
  else {
    const text = f.text ?? '';
    const marks = new Set(a?.loneSurrogates.map((l) => l.index) ?? []);
    body = (
      <>
        {parsed?.kind === 'cut' && (
          <p class="muted" data-testid="json-cut">
            {t('fv_json_cut', count(parsed.units))}
          </p>
        )}
        {parsed?.kind === 'tree' && parsed.framing && <FramingNote framing={parsed.framing} />}
        {view === 'tree' && parsed?.kind === 'tree' ? <JsonTree key={f.order} value={parsed.value} /> : <MarkedText text={text} marks={marks} />}
      </>
    );
  }
  return (
    <div class="frame-detail" data-testid="frame-detail">
      <div class="fd-head">
        <strong>{f.dir === 'out' ? t('panel_dir_out') : t('panel_dir_in')}</strong>
        <span> · {f.binary ? t('panel_type_binary') : t('panel_type_text')}</span>
        <span> · {bytes(f.size)}</span>
        <span> · {clock(f.time)}</span>
        {f.truncated && <span class="muted"> · {t(f.shortened ? 'panel_preview_shortened' : 'panel_preview_only')}</span>}
        <span class="tb-spacer" />
        {parsed?.kind === 'tree' && <ViewToggle views={['tree', 'text']} view={view} pick={pick} />}
        {packed && <ViewToggle views={['tree', 'hex']} view={view} pick={pick} />}
        {(hasText || bin) && <CopyButtons f={f} />}
        <button class="tb-btn" onClick={onClose} aria-label={t('panel_close_detail')}>
          ✕
        </button>
      </div>
      {f.discarded && <p class="warn">{t('panel_discarded_detail')}</p>}
      {flagged && a && <Utf8Findings text={f.text ?? ''} a={a} />}
      {f.illFormed && (!a || a.loneSurrogateCount === 0) && <p class="warn">{t('panel_utf8_hook_only')}</p>}
      {body}
    </div>
  );
}
