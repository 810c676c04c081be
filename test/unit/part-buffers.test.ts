/** The memory budget for part buffers: bounded, in order, never deadlocking, reused. */
import { describe, expect, it } from '@jest/globals';
import { PartBuffers } from '../../src/transfer/part-buffers.js';
import { ByteBudget } from '../../src/util/byte-budget.js';

const MIB = 1024 * 1024;

describe('ByteBudget', () => {
  it('grants in the order of asking and never holds more than the total', async () => {
    const budget = new ByteBudget(10);
    const order: string[] = [];
    await budget.take(6);
    const a = budget.take(6).then(() => order.push('a'));
    const b = budget.take(2).then(() => order.push('b'));
    await Promise.resolve();
    // b would fit, but a asked first.
    expect(order).toEqual([]);
    budget.give(6);
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(budget.peak).toBe(8);
  });

  it('grants a request larger than the total when nothing else is held', async () => {
    const budget = new ByteBudget(4);
    await budget.take(9);
    expect(budget.tryTake(1)).toBe(false);
    budget.give(9);
    expect(budget.tryTake(1)).toBe(true);
  });
});

describe('PartBuffers', () => {
  it('reuses a buffer given back instead of allocating, and waiters get buffers as they come back', async () => {
    const pool = new PartBuffers(2 * MIB);
    const one = await pool.take(MIB);
    const two = await pool.take(MIB);
    expect(one.buffer).toBeInstanceOf(SharedArrayBuffer);
    let third: Buffer | undefined;
    const waiting = pool.take(MIB).then((b) => (third = b));
    await Promise.resolve();
    expect(third).toBeUndefined();
    pool.give(one);
    await waiting;
    expect(third).toBe(one);
    pool.give(two);
    pool.give(third!);
    expect(pool.budget.peak).toBe(2 * MIB);
  });

  it('frees idle buffers of another size to make room', async () => {
    const pool = new PartBuffers(2 * MIB);
    const small = await pool.take(MIB);
    pool.give(small);
    const big = await pool.take(2 * MIB);
    expect(big.length).toBe(2 * MIB);
    expect(pool.budget.inUse).toBe(2 * MIB);
  });
});
