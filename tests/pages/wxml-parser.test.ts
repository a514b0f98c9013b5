/**
 * The WXML parser on its own: structure, `{{ }}` with `<` and quotes inside,
 * entities, and malformed input with file:line:col.
 */
import { parseWxml, WxmlSyntaxError, type WxmlElement } from '../../runtime/page/wxml-parser';

describe('parseWxml', () => {
  test('elements, attributes, text, comments, self-closing tags', () => {
    const nodes = parseWxml('<!-- c --><view id="a" hidden>hi <text>{{x}}</text></view><input value="{{v}}"/>', 'f.wxml');
    expect(nodes).toHaveLength(2);
    const view = nodes[0] as WxmlElement;
    expect(view.tag).toBe('view');
    expect(view.attrs).toEqual([
      { name: 'id', value: 'a', line: 1, col: 17 },
      { name: 'hidden', value: true, line: 1, col: 24 },
    ]);
    expect(view.children.map((c) => c.kind)).toEqual(['text', 'el']);
    expect((nodes[1] as WxmlElement).tag).toBe('input');
  });

  test('{{ }} may hold < > and quotes, in text and attributes', () => {
    const nodes = parseWxml(`<view class="{{a < b ? "x" : 'y'}}">{{a<b}} &amp; {{ c > "<d>" }}</view>`, 'f.wxml');
    const view = nodes[0] as WxmlElement;
    expect(view.attrs[0].value).toBe(`{{a < b ? "x" : 'y'}}`);
    expect(view.children[0]).toMatchObject({ kind: 'text', text: '{{a<b}} & {{ c > "<d>" }}' });
  });

  test("a repeated attribute keeps its last value in the first one's place, as the official compiler does", () => {
    const view = parseWxml('<view id="a" class="c" id="b"></view>', 'f.wxml')[0] as WxmlElement;
    expect(view.attrs.map((a) => [a.name, a.value])).toEqual([
      ['id', 'b'],
      ['class', 'c'],
    ]);
  });

  test.each([
    ['<view>\n  <text>x</view>', 'f.wxml:2:10: expect end-tag "text" (opened at 2:3), got "</view>"'],
    ['<view>\n<view>', 'f.wxml:2:1: expect end-tag "view"'],
    ['</view>', 'f.wxml:1:1: unexpected end-tag "view"'],
    ['<view id=a></view>', 'f.wxml:1:10: attribute "id" value must be quoted'],
    ['<view>{{ a </view>', 'unclosed "{{"'],
    ['<!-- open', 'unclosed comment'],
    ['<view class="x></view>', 'unclosed attribute value'],
  ])('malformed %j', (src, message) => {
    let err: unknown;
    try {
      parseWxml(src, 'f.wxml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WxmlSyntaxError);
    expect((err as Error).message).toContain(message);
  });
});
