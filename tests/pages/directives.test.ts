/**
 * Every WXML directive rendered from the fixture project's real files:
 * wx:if/elif/else, hidden, wx:for (+ item/index names, keys, nesting, numbers),
 * <block>, class/style bindings, data-* → dataset, missing data, entities,
 * and re-render after setData with a keyed diff.
 */
import * as path from 'node:path';

declare const mpsim: any;

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'app');

async function open(route: string) {
  const app = await mpsim.launch(FIXTURE);
  return { app, page: await app.navigateTo(route) };
}

describe('WXML directives', () => {
  test('wx:if / wx:elif / wx:else follow the data', async () => {
    const { page } = await open('/pages/directives/directives');
    expect(page.$$('#grade').map((e: any) => e.textContent)).toEqual(['B']);
    await page.setData({ score: 95 });
    expect(page.$$('#grade').map((e: any) => e.textContent)).toEqual(['A']);
    await page.setData({ score: 10 });
    expect(page.$$('#grade').map((e: any) => e.textContent)).toEqual(['C']);
    expect(page.$('#shown')).not.toBeNull();
    await page.setData({ show: false });
    expect(page.$('#shown')).toBeNull();
  });

  test('hidden keeps the element but marks it hidden', async () => {
    const { page } = await open('/pages/directives/directives');
    expect(page.$('#hidden-el')!.hasAttribute('hidden')).toBe(false);
    await page.setData({ show: false });
    expect(page.$('#hidden-el')!.hasAttribute('hidden')).toBe(true);
    await expect(page.tap('#hidden-el')).rejects.toThrow(/hidden/);
  });

  test('wx:for with item/index, custom names, nesting, numbers, and wx:for + wx:if', async () => {
    const { page } = await open('/pages/directives/directives');
    expect(page.$$('#list .item').map((e: any) => e.textContent)).toEqual(['Apple', 'Banana', 'Cherry']);
    expect(page.$$('#list .item')[0].getAttribute('class')).toBe('item first');
    expect(page.$$('#list .item')[1].getAttribute('class')).toBe('item ');
    expect(page.text('#named')).toBe('0=x;1=y;');
    expect(page.$$('#nested-for .cell').map((e: any) => e.textContent)).toEqual(['01', '02', '13', '14']);
    expect(page.$$('#for-if .odd').map((e: any) => e.textContent)).toEqual(['1', '3', '5']);
    expect(page.text('#numbers')).toBe('012');
  });

  test('<block> renders only its children', async () => {
    const { page } = await open('/pages/directives/directives');
    expect(page.html('#block-if')).toBe('<text class="b1">one</text><text class="b2">two</text>');
  });

  test('class and style bindings, data-* attributes become dataset', async () => {
    const { page } = await open('/pages/directives/directives');
    const styled = page.$('#styled')!;
    expect(styled.getAttribute('class')).toBe('box on');
    expect(styled.getAttribute('style')).toBe('color: red; font-size: 24px');
    await page.setData({ active: false, color: 'blue' });
    expect(styled.getAttribute('class')).toBe('box off');
    expect(styled.getAttribute('style')).toBe('color: blue; font-size: 24px');
    const first = page.$('#list .item') as any;
    expect(first.dataset.itemId).toBe('a');
    expect(first.getAttribute('data-idx')).toBe('0');
  });

  test('missing data renders empty; expressions; entities', async () => {
    const { page } = await open('/pages/directives/directives');
    expect(page.text('#deep')).toBe('deep!|||');
    expect(page.text('#expr')).toBe('80 ab number 2 false true');
    expect(page.text('#entities')).toBe('a < b && true');
  });

  test('keyed wx:for: reordering moves the same DOM nodes, removal removes one', async () => {
    const { page } = await open('/pages/directives/directives');
    const before = page.$$('#list .item');
    const list = page.data.list;
    await page.setData({ list: [list[2], list[0], list[1]] });
    const after = page.$$('#list .item');
    expect(after.map((e: any) => e.textContent)).toEqual(['Cherry', 'Apple', 'Banana']);
    expect(after[0]).toBe(before[2]);
    expect(after[1]).toBe(before[0]);
    expect(after[2]).toBe(before[1]);
    // the class binding followed the index
    expect(after[0].getAttribute('class')).toBe('item first');
    await page.setData({ list: [list[0], list[1]] });
    const last = page.$$('#list .item');
    expect(last).toHaveLength(2);
    expect(last[0]).toBe(before[0]);
  });

  test('a 1,000-row keyed list updates one row in place', async () => {
    const { page } = await open('/pages/directives/directives');
    const big = Array.from({ length: 1000 }, (_, i) => ({ id: 'r' + i, name: 'row ' + i }));
    await page.setData({ list: big });
    const rows = page.$$('#list .item');
    expect(rows).toHaveLength(1000);
    await page.setData({ 'list[500].name': 'changed' });
    const again = page.$$('#list .item');
    expect(again[500].textContent).toBe('changed');
    expect(again[500]).toBe(rows[500]);
    expect(again[999]).toBe(rows[999]);
  });
});

describe('template / import / include', () => {
  test('templates from <import>, local ones, dynamic `is`, data forms, and <include>', async () => {
    const { page } = await open('/pages/templates/templates');
    expect(page.text('.header')).toBe('Header Templates');
    expect(page.html('#t1')).toBe('<text class="badge badge-red">admin</text>');
    expect(page.html('#t2')).toBe('<text class="badge badge-grey">guest</text>');
    expect(page.html('#t3')).toBe('<text class="badge badge-dyn">Templates</text>');
    expect(page.html('#t4')).toBe('<view class="card"><text class="card-title">Templates</text><text class="inner">inner</text></view>');
    expect(page.html('#t5')).toBe('<text class="local">hello</text>');
    // templates of an included file are not visible; an imported file's other nodes do not render
    expect(page.html('#t6')).toBe('');
    expect(page.$('.ignored-by-import')).toBeNull();
  });
});

describe('WXS', () => {
  test('<wxs src> (with require and getDate/getRegExp) and inline <wxs>; page methods stay uncallable', async () => {
    const { page } = await open('/pages/wxs/wxs');
    expect(page.text('#time')).toBe('01:02');
    expect(page.text('#upper')).toBe('ANN');
    expect(page.text('#strip')).toBe('abc');
    expect(page.text('#double')).toBe('42');
    expect(page.text('#not-callable')).toBe('[]');
    await page.setData({ n: 5, name: 'bo' });
    expect(page.text('#double')).toBe('10');
    expect(page.text('#upper')).toBe('BO');
  });
});

describe('malformed templates', () => {
  test('an unclosed tag names the file, line and column', async () => {
    const app = await mpsim.launch(FIXTURE);
    await expect(app.navigateTo('/pages/bad/bad')).rejects.toThrow('pages/bad/bad.wxml:1:1: expect end-tag "view"');
  });

  test('a bad expression names the file, line and column', async () => {
    const app = await mpsim.launch(FIXTURE);
    await expect(app.navigateTo('/pages/bad-expr/bad-expr')).rejects.toThrow(/pages\/bad-expr\/bad-expr\.wxml:3:9: .*a \+/);
  });
});
