/**
 * The `{{ }}` evaluator: WXML operators, missing data renders empty, no access
 * to prototypes, only WXS functions callable.
 */
import {
  compileInterpolation,
  evaluate,
  evaluateInterpolation,
  ExpressionError,
  parseExpression,
  registerWxsExports,
} from '../../runtime/page/expression';

const ev = (src: string, data: Record<string, unknown> = {}) => evaluate(parseExpression(src), data);

describe('WXML expressions', () => {
  test('operators', () => {
    const d = { a: 2, b: 3, s: 'x', list: [1, 2, 3], flag: false };
    expect(ev('a + b * 2', d)).toBe(8);
    expect(ev('(a + b) % 4', d)).toBe(1);
    expect(ev("s + '-' + a", d)).toBe('x-2');
    expect(ev('a > 1 ? "big" : "small"', d)).toBe('big');
    expect(ev('!flag && a === 2', d)).toBe(true);
    expect(ev('flag || b', d)).toBe(3);
    expect(ev('typeof s', d)).toBe('string');
    expect(ev('list.length', d)).toBe(3);
    expect(ev('list[1]', d)).toBe(2);
    expect(ev('[a, b]', d)).toEqual([2, 3]);
    expect(ev('-a', d)).toBe(-2);
    expect(ev('a != 2', d)).toBe(false);
    expect(ev('s.length', d)).toBe(1);
  });

  test('object literals: braces, brace-less template data and spread', () => {
    const d = { user: { name: 'ann', age: 3 }, x: 1 };
    expect(ev('{a: 1, b: x}', d)).toEqual({ a: 1, b: 1 });
    expect(ev('...user, x', d)).toEqual({ name: 'ann', age: 3, x: 1 });
    expect(ev("label: 'g', kind: x", d)).toEqual({ label: 'g', kind: 1 });
    expect(ev('x', d)).toBe(1);
  });

  test('missing data is undefined and renders as empty text', () => {
    expect(ev('nope')).toBeUndefined();
    expect(ev('a.b.c', { a: null })).toBeUndefined();
    expect(ev('a[5].x', { a: [] })).toBeUndefined();
    expect(evaluateInterpolation(compileInterpolation('[{{a.b}}]')!, {})).toBe('[]');
    expect(evaluateInterpolation(compileInterpolation('{{o}}')!, { o: { k: 1 } })).toEqual({ k: 1 });
    expect(evaluateInterpolation(compileInterpolation('o={{o}}')!, { o: { k: 1 } })).toBe('o={"k":1}');
  });

  test('no prototype access', () => {
    expect(() => parseExpression('a.constructor')).toThrow(ExpressionError);
    expect(() => parseExpression('a.__proto__')).toThrow(/not allowed/);
    expect(() => parseExpression("a['constructor']")).toThrow(/not allowed/);
    expect(ev('a[k]', { a: {}, k: 'constructor' })).toBeUndefined();
    expect(ev('a.toString', { a: {} })).toBeUndefined();
    expect(ev('a.hasOwnProperty', { a: {} })).toBeUndefined();
    expect(ev('toString')).toBeUndefined();
    expect(ev('s.toUpperCase', { s: 'x' })).toBeUndefined();
  });

  test('only functions exported by WXS modules are called; malformed expressions are refused', () => {
    const notWxs = jest.fn(() => 'x');
    expect(ev('f(1)', { f: notWxs })).toBeUndefined();
    expect(ev('o.f(1)', { o: { f: notWxs } })).toBeUndefined();
    expect(notWxs).not.toHaveBeenCalled();
    const mod = { twice: (x: number) => x * 2, deep: { neg: (x: number) => -x } };
    registerWxsExports(mod);
    expect(ev('m.twice(a + 1)', { m: mod, a: 2 })).toBe(6);
    expect(ev('m.deep.neg(3)', { m: mod })).toBe(-3);
    expect(ev('s.toUpperCase()', { s: 'x' })).toBeUndefined();
    expect(() => parseExpression('a +')).toThrow(ExpressionError);
    expect(() => parseExpression('this.x')).toThrow(/this/);
    expect(() => compileInterpolation('{{a')).toThrow(/unclosed/);
  });
});
