/**
 * The `{{ }}` evaluator: WXML operators, missing data renders empty, no access
 * to prototypes, only WXS functions callable.
 */
import {
  attrText,
  compileInterpolation,
  evaluate,
  evaluateInterpolation,
  ExpressionError,
  parseExpression,
  registerWxsExports,
  toText,
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
    expect(evaluateInterpolation(compileInterpolation('o={{o}}')!, { o: { k: 1 } })).toBe('o=[object Object]');
  });

  // What wcc's output renders for the same data (tests/conformance/wcc-differential.test.ts
  // compares whole libraries; these are the rules one by one).
  test('values become text as the official compiler does: undefined empty, null "null", JavaScript string conversion', () => {
    const text = (src: string, data: Record<string, unknown>) => toText(evaluateInterpolation(compileInterpolation(src)!, data));
    expect(text('{{n}}', { n: null })).toBe('null');
    expect(text('a{{n}}b', { n: null })).toBe('anullb');
    expect(text('a{{u}}b', {})).toBe('ab');
    expect(text('{{arr}}', { arr: [1, 'x', null, undefined, [2, [3]]] })).toBe('1,x,,,2,3');
    expect(text('{{o}}|{{t}}|{{f}}|{{z}}', { o: { a: 1 }, t: true, f: false, z: 0 })).toBe('[object Object]|true|false|0');
    expect(text('{{o}}', { o: Object.create(null) })).toBe('[object Object]');
    expect(text('{{[o]}}', { o: Object.create(null) })).toBe('[object Object]');
    const evil = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(text('{{o}}', { o: evil })).toBe('[object Object]');
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    expect(() => toText(cyclic)).not.toThrow();
  });

  test('attribute text: true is "true"; a class array is its names joined with spaces', () => {
    expect(attrText('scroll-x', true)).toBe('true');
    expect(attrText('class', ['a', 'b', null, ['c', 'd']])).toBe('a b  c,d');
    expect(attrText('data-x', ['a', 'b'])).toBe('a,b');
    expect(attrText('style', { color: 'red' })).toBe('[object Object]');
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
