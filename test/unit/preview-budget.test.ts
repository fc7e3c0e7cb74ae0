import { describe, expect, it } from 'vitest';
import { createPreviewAllowance, previewCap } from '../../src/hook/preview-budget';

const fitted = (lens: number[], cap: number) => lens.reduce((s, l) => s + Math.min(l, cap), 0);

describe('previewCap', () => {
  it('is Infinity when the whole batch fits', () => {
    expect(previewCap([100, 200, 300], 3, 600)).toBe(Infinity);
  });
  it('cuts every preview to one length, the largest that fits', () => {
    const lens = [4096, 4096, 4096, 10, 4096];
    const cap = previewCap(lens, lens.length, 4000);
    expect(fitted(lens, cap)).toBeLessThanOrEqual(4000);
    expect(fitted(lens, cap + 1)).toBeGreaterThan(4000);
    // Short previews stay whole.
    expect(Math.min(10, cap)).toBe(10);
  });
  it('never goes below the floor', () => {
    const lens = Array.from({ length: 1000 }, () => 4096);
    expect(previewCap(lens, lens.length, 1000, 64)).toBe(64);
  });
  it('only looks at the first n lengths', () => {
    expect(previewCap([10, 10, 5000], 2, 100)).toBe(Infinity);
  });
});

describe('preview allowance', () => {
  it('starts with the burst, refills at the rate, never above the burst', () => {
    const a = createPreviewAllowance(1000, 500);
    expect(a.available(0)).toBe(500);
    a.spend(500);
    expect(a.available(100)).toBeCloseTo(100); // 0.1 s at 1000/s
    a.spend(100);
    expect(a.available(10_000)).toBe(500);
  });
  it('a batch that overspent (floors) is paid back before the next one gets more', () => {
    const a = createPreviewAllowance(1000, 500);
    a.available(0);
    a.spend(800);
    expect(a.available(0)).toBe(-300);
    expect(a.available(500)).toBeCloseTo(200);
  });
});
