// The panel applies page messages in the order they arrived, whether each was
// ready at once or took a promise to inflate.
import { describe, expect, it } from 'vitest';
import { inOrder } from '../../src/panel/in-order';

const later = <T>(v: T, ms: number) => new Promise<T>((ok) => setTimeout(() => ok(v), ms));

describe('inOrder', () => {
  it('applies ready messages at once when nothing waits', () => {
    const got: number[] = [];
    const put = inOrder<number>((m) => got.push(m), () => {});
    put(1);
    put(2);
    expect(got).toEqual([1, 2]);
  });

  it('holds what comes after a pending message, even when it is ready first', async () => {
    const got: number[] = [];
    const put = inOrder<number>((m) => got.push(m), () => {});
    put(1);
    put(later(2, 30));
    put(3); // ready at once, but behind 2
    put(later(4, 1)); // settles before 2
    put(5);
    expect(got).toEqual([1]);
    await later(null, 60);
    expect(got).toEqual([1, 2, 3, 4, 5]);
    put(6); // the queue drained: synchronous again
    expect(got).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reports a message that fails and goes on with the rest', async () => {
    const got: number[] = [];
    const errors: unknown[] = [];
    const put = inOrder<number>((m) => got.push(m), (e) => errors.push(e));
    put(Promise.reject(new Error('boom')));
    put(later(2, 5));
    await later(null, 30);
    expect(got).toEqual([2]);
    expect(errors).toHaveLength(1);
  });
});
