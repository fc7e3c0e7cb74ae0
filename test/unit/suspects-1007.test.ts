import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FrameFact } from '../../src/diagnosis/facts';
import type { Msg } from '../../src/diagnosis/message';
import { rank1007Suspects, type Suspect } from '../../src/diagnosis/suspects-1007';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Fragment = Record<string, Entry>;
const load = (lang: string): Fragment =>
  JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/outgoing-text.json`, import.meta.url), 'utf8')) as Fragment;
const EN = load('en');
const RU = load('ru');

function render(m: Msg, messages: Fragment = EN): string {
  const e = messages[m.key];
  if (!e) throw new Error(`missing key ${m.key}`);
  return e.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const ph = e.placeholders?.[name.toLowerCase()];
    if (!ph) throw new Error(`${m.key}: unknown placeholder ${name}`);
    const sub = m.subs?.[Number(ph.content.slice(1)) - 1];
    if (sub === undefined) throw new Error(`${m.key}: missing substitution ${ph.content}`);
    return sub;
  });
}

/** Builds a connection's frames: seq and time grow by one step per frame. */
function timeline(specs: Array<Partial<FrameFact> & { text?: string }>): FrameFact[] {
  return specs.map((s, i) => {
    const text = s.text;
    const binary = s.binary ?? false;
    return {
      seq: i + 1,
      dir: 'out',
      binary,
      size: binary ? 16 : new TextEncoder().encode(text ?? '').length,
      time: 1_000 + i * 100,
      ...(text !== undefined && !binary ? { text, textComplete: true } : {}),
      ...s,
    };
  });
}

const CLOSE_AFTER_ALL = { time: 1_000_000 };
const seqs = (s: Suspect[]) => s.map((x) => x.seq);
const keys = (s: Suspect | undefined) => (s?.reasons ?? []).map((r) => r.key);

describe('rank1007Suspects', () => {
  it('ranks the lone-surrogate frame first even when it is the oldest', () => {
    const frames = timeline([
      { text: '{"op":"say","text":"' + '😀'.slice(0, 1) + '"}' },
      { text: '{"op":"say","text":"hi"}' },
      { text: '{"op":"say","text":"how are you"}' },
      { binary: true },
      { text: '{"op":"say","text":"bye"}' },
    ]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    expect(ranked[0]?.seq).toBe(1);
    expect(ranked[0]?.tier).toBe('utf8');
    expect(keys(ranked[0])[0]).toBe('suspect_lone_surrogates');
    expect(ranked[0]?.reasons[0]?.subs).toEqual(['1', '20']);
    expect(render(ranked[0]!.reasons[0]!)).toBe('Lone surrogates: 1, the first at code unit 20. The server received U+FFFD in their place.');
  });

  it('trusts the hook illFormed flag when no text was recorded', () => {
    const frames = timeline([{ illFormed: true }, { text: 'hello' }, { text: 'world' }]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    expect(ranked[0]?.seq).toBe(1);
    expect(keys(ranked[0])).toContain('suspect_ill_formed');
  });

  it('ranks invalid JSON among JSON above plain recent frames', () => {
    const frames = timeline([
      { text: '{"type":"join","room":"lobby"}' },
      { text: '{"type":"say","text":"hi", }' }, // trailing comma
      { text: '{"type":"say","text":"Привет"}' },
      { text: '{"type":"typing"}' },
      { text: '{"type":"say","text":"ok"}' },
    ]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    expect(ranked[0]?.seq).toBe(2);
    expect(ranked[0]?.tier).toBe('json');
    expect(keys(ranked[0])[0]).toBe('suspect_invalid_json');
    expect(ranked[0]?.reasons[0]?.subs).toEqual(['4']);
    // The rest follow by recency.
    expect(seqs(ranked).slice(1)).toEqual([5, 4, 3, 1]);
  });

  it('plain text among JSON is a suspect too, below broken JSON', () => {
    const frames = timeline([
      { text: '{"a":1}' },
      { text: 'hello server' },
      { text: '[1,2,3]' },
      { text: '{"a":2' },
      { text: '{"a":3}' },
    ]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    expect(seqs(ranked).slice(0, 2)).toEqual([4, 2]);
    expect(keys(ranked[1])[0]).toBe('suspect_not_json');
  });

  it('does not call text "not JSON" when the connection does not speak JSON', () => {
    const frames = timeline([{ text: 'HELLO' }, { text: 'JOIN #lobby' }, { text: '{"a":1}' }, { text: 'PRIVMSG hi' }]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    for (const s of ranked) expect(keys(s).some((k) => k.includes('json'))).toBe(false);
    expect(seqs(ranked)).toEqual([4, 3, 2, 1]);
  });

  it('repeated heartbeats are neither suspects nor votes against JSON', () => {
    const frames = timeline([
      { text: '{"a":1}' },
      { text: 'ping' },
      { text: '{"a":2}' },
      { text: 'ping' },
      { text: '{"a":3}' },
      { text: 'ping' },
      { text: '{"a":' },
      { text: 'ping' },
    ]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    expect(ranked[0]?.seq).toBe(7);
    for (const s of ranked.filter((x) => x.seq !== 7)) expect(s.tier).toBe('plain');
  });

  it('text that looks like binary ranks above binary frames, which rank above plain text', () => {
    let bin = '';
    for (let i = 0; i < 256; i++) bin += String.fromCharCode((i * 167 + 13) & 0xff);
    const frames = timeline([{ text: 'hello' }, { text: bin }, { binary: true }, { text: 'bye' }]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    expect(seqs(ranked)).toEqual([2, 3, 4, 1]);
    expect(ranked[0]?.tier).toBe('binary-text');
    expect(keys(ranked[0])).toContain('suspect_binary_text');
    expect(keys(ranked[0]).some((k) => k.startsWith('utf8_signal_'))).toBe(true);
    expect(ranked[1]?.tier).toBe('binary-frame');
    expect(keys(ranked[1])).toContain('suspect_binary_frame');
  });

  it('never lists incoming frames', () => {
    const frames = timeline([{ text: 'hi' }, { dir: 'in', text: 'a\uD800b' }, { dir: 'in', binary: true }, { text: 'there' }]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    expect(seqs(ranked).sort()).toEqual([1, 4]);
  });

  it('never lists discarded frames', () => {
    const frames = timeline([{ text: 'hi' }, { text: 'a\uD800b', discarded: true, illFormed: true }, { text: 'there' }]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    expect(seqs(ranked)).toEqual([3, 1]);
  });

  it('never lists frames sent after the close', () => {
    const frames = timeline([{ text: 'hi' }, { text: 'there' }, { text: 'a\uD800b' }]);
    const ranked = rank1007Suspects(frames, { time: 1_150 });
    expect(seqs(ranked)).toEqual([2, 1]);
    expect(keys(ranked[0])).toContain('suspect_last_before_close');
    expect(render(ranked[0]!.reasons.at(-1)!)).toBe('The last frame sent before the close, 50 ms before it.');
    expect(render(ranked[1]!.reasons.at(-1)!)).toBe('Sent 150 ms before the close.');
  });

  it('returns an empty list when there are no outgoing frames', () => {
    expect(rank1007Suspects([], CLOSE_AFTER_ALL)).toEqual([]);
    const incomingOnly = timeline([{ dir: 'in', text: 'x' }, { dir: 'in', binary: true }]);
    expect(rank1007Suspects(incomingOnly, CLOSE_AFTER_ALL)).toEqual([]);
  });

  it('respects the limit and breaks ties by recency', () => {
    const frames = timeline(Array.from({ length: 30 }, (_, i) => ({ text: `line ${i}` })));
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL, 3);
    expect(seqs(ranked)).toEqual([30, 29, 28]);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    expect(rank1007Suspects(frames, CLOSE_AFTER_ALL).length).toBe(10);
  });

  it('says when only a preview of a frame was checked', () => {
    const frames = timeline([{ text: '{"big":"', textComplete: false }, { text: '{"a":1}' }, { text: '{"a":2}' }]);
    const ranked = rank1007Suspects(frames, CLOSE_AFTER_ALL);
    const preview = ranked.find((s) => s.seq === 1);
    // A preview is not judged as broken JSON.
    expect(preview?.tier).toBe('plain');
    expect(keys(preview)).toContain('suspect_text_preview_only');
  });

  it('every reason resolves in English and Russian', () => {
    let bin = '';
    for (let i = 0; i < 200; i++) bin += String.fromCharCode((i * 97 + 5) & 0xff);
    const frames = timeline([
      ...Array.from({ length: 12 }, (_, i) => ({ text: `{"n":${i}}` })),
      { text: 'oops' },
      { text: '{"a":' },
      { text: 'x\uDC00' },
      { illFormed: true },
      { text: bin },
      { binary: true },
      { text: '{"a"', textComplete: false },
    ]);
    const seen = new Set<string>();
    for (const s of rank1007Suspects(frames, CLOSE_AFTER_ALL, 100)) {
      for (const r of s.reasons) {
        seen.add(r.key);
        expect(render(r, EN)).not.toMatch(/\$/);
        expect(render(r, RU)).not.toMatch(/\$/);
      }
    }
    for (const k of [
      'suspect_lone_surrogates',
      'suspect_ill_formed',
      'suspect_invalid_json',
      'suspect_not_json',
      'suspect_binary_text',
      'suspect_binary_frame',
      'suspect_text_preview_only',
      'suspect_sent_before_close',
      'suspect_last_before_close',
    ]) {
      expect(seen.has(k), k).toBe(true);
    }
  });
});
