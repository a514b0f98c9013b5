/**
 * mpsim/simulate: miniprogram-simulate's API on mpsim's component runtime, with
 * the real `wx`. Components are real files (tests/fixtures/simulate) run through
 * this file's own `require`; DOM, events and lifetimes are mpsim's.
 */
import * as path from 'node:path';
import { format } from 'pretty-format';
import simulateModule from '../../simulate';
import * as plugin from '../../simulate/jest-snapshot-plugin';
import type Simulate from '../../typings/simulate';

// What users get from `import simulate from 'mpsim/simulate'` (typings/simulate.d.ts).
const simulate = simulateModule as unknown as typeof Simulate;
// Installed by mpsim/simulate: the document components render into (miniprogram-simulate's tests use jsdom's).
declare const Behavior: (options: Record<string, unknown>) => unknown;
declare const wx: {
  getWindowInfo(): { windowWidth: number };
  setStorageSync(k: string, v: unknown): void;
  getStorageSync(k: string): unknown;
  onError(fn: (msg: string) => void): void;
};
const document = (globalThis as unknown as { document: { createElement(tag: string): object } }).document;

const counterPath = path.join(__dirname, '../fixtures/simulate/components/counter/counter');

function print(value: unknown): string {
  return format(value, { plugins: [plugin as never], escapeString: false, printBasicPrototype: false });
}

describe('load + render', () => {
  test('a component from files: usingComponents, WXS, wx:for, slots; attach runs attached then ready', () => {
    const id = simulate.load(counterPath, 'x-counter');
    expect(typeof id).toBe('string');
    const comp = simulate.render(id, { label: 'clicks' });
    const log = comp.data.log as string[];
    log.length = 0;
    expect(comp.dom.tagName).toBe('X-COUNTER');
    expect(comp.querySelector('.label')!.dom.textContent).toBe('clicks');
    expect(comp.querySelector('.value')!.dom.textContent).toBe('0');
    comp.attach(document.createElement('parent-wrapper'));
    expect(log).toEqual(['counter attached', 'counter ready']);
    // Child components: a wrapper with its own instance and data.
    const rows = comp.querySelectorAll('.row');
    expect(rows.map((r) => r.data.name)).toEqual(['a', 'b']);
    // Slot content belongs to the template that wrote it: found from the counter, not from the item.
    expect(comp.querySelectorAll('.slotted').map((c) => c.dom.textContent)).toEqual(['a!', 'b!']);
    expect(rows[0].querySelector('.slotted')).toBeUndefined();
    // `>>>` crosses into a child's template.
    expect(comp.querySelector('.row >>> .name')!.dom.textContent).toBe('a');
    expect(comp.querySelectorAll('.row >>> .name')).toHaveLength(2);
    // The plain descendant selector does not.
    expect(comp.querySelector('.row .name')).toBeUndefined();
    // An unknown tag (its usingComponents path has no .json) renders as a plain element.
    expect(comp.querySelector('x-missing')!.instance).toBeUndefined();
  });

  test('a definition object: template, data, methods; setData updates the view synchronously, its callback after', async () => {
    const child = simulate.load({ tagName: 'x-child', template: '<view class="c">{{ text }}</view>', properties: { text: String } });
    const id = simulate.load({
      template: '<view class="v">{{ n }}</view><x-child id="kid" text="{{ n + \'!\' }}" />',
      usingComponents: { 'x-child': child },
      data: { n: 1 },
    });
    const comp = simulate.render(id);
    comp.attach(document.createElement('div'));
    expect(comp.querySelector('.v')!.dom.textContent).toBe('1');
    const done = jest.fn();
    comp.setData({ n: 2 }, done);
    expect(comp.querySelector('.v')!.dom.textContent).toBe('2');
    expect(comp.querySelector('#kid >>> .c')!.dom.textContent).toBe('2!');
    expect(done).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(done).toHaveBeenCalledTimes(1);
    expect(comp.querySelector('#kid')!.data.text).toBe('2!');
  });

  test('a component registered with an id is usable in any template', () => {
    simulate.load({ id: 'x-global', template: '<text class="g">global</text>' });
    const comp = simulate.render(simulate.load({ template: '<x-global class="here" />' }));
    expect(comp.querySelector('.here >>> .g')!.dom.textContent).toBe('global');
  });

  test('behaviors from simulate.behavior and the Behavior global', () => {
    const b1 = simulate.behavior({ data: { fromB1: 1 }, methods: { hello: () => 'hi' } });
    const b2 = Behavior({ data: { fromB2: 2 } });
    const comp = simulate.render(simulate.load({ template: '<view>{{ fromB1 + fromB2 }}</view>', behaviors: [b1, b2] }));
    expect(comp.dom.textContent).toBe('3');
    expect(comp.instance.hello()).toBe('hi');
  });
});

describe('the DOM and JSON exparser builds', () => {
  test('wx- tags, only id/class/style/data-* written, rpx as px, class arrays joined; >>> reaches slot content', () => {
    const comp = simulate.render(
      simulate.load({
        template:
          '<view id="v" class="{{ [\'a\', \'b\'] }}" style="width: 16rpx" hover-class="h" data-x="1"><text>t</text></view><x-slot-host class="host"><view class="inside" /></x-slot-host>',
        usingComponents: { 'x-slot-host': simulate.load({ tagName: 'x-slot-host', template: '<view class="frame"><slot /></view>' }) },
      }),
    );
    expect(comp.dom.innerHTML).toBe(
      '<wx-view id="v" class="a b" style="width: 16px" data-x="1"><wx-text>t</wx-text></wx-view>' +
        '<x-slot-host class="host"><wx-view class="frame"><wx-view class="inside"></wx-view></wx-view></x-slot-host>',
    );
    // Selectors see the template's names; `>>>` crosses into the composed tree (slot content included).
    expect(comp.querySelector('.b')!.dom.id).toBe('v');
    expect(comp.querySelector('view.a')).toBeDefined();
    expect(comp.querySelector('.host >>> .inside')).toBeDefined();
    expect(comp.querySelector('.host >>> .frame')).toBeDefined();
  });

  test('a root loaded under a built-in tag name shows as wx-<tag>; WXS handlers as $wxs: attributes', () => {
    const id = simulate.load({
      tagName: 'label',
      template: '<wxs module="h">module.exports = { move: function () {} }</wxs><view bind:touchmove="{{ h.move }}" />',
    });
    expect(print(simulate.render(id).toJSON())).toBe(
      [
        '<wx-label>',
        '  <wx-view',
        '    $gdc="{{[Function move]}}"',
        '    $wxs:bind:touchmove="{{[Function move]}}"',
        '  />',
        '</wx-label>',
      ].join('\n'),
    );
  });
});

describe('events', () => {
  test('dispatchEvent fires in a microtask, bubbles to bindings; triggerEvent reaches addEventListener', async () => {
    const comp = simulate.render(simulate.load(counterPath));
    comp.attach(document.createElement('div'));
    const heard = jest.fn();
    comp.addEventListener('change', heard);
    comp.querySelector('.label')!.dispatchEvent('tap', { detail: { x: 5 } });
    expect(comp.data.count).toBe(0);
    await simulate.sleep(0);
    expect(comp.data.count).toBe(1);
    expect(comp.querySelector('.value')!.dom.textContent).toBe('2');
    expect(heard).toHaveBeenCalledTimes(1);
    expect(heard.mock.calls[0][0].detail).toEqual({ count: 1, x: 5 });
    comp.removeEventListener('change', heard);
    comp.querySelector('.label')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(comp.data.count).toBe(2);
    expect(heard).toHaveBeenCalledTimes(1);
  });

  test('catchtap in a child stops the tap; its triggerEvent reaches the parent binding', async () => {
    const comp = simulate.render(simulate.load(counterPath));
    comp.attach(document.createElement('div'));
    comp.querySelector('.row >>> .name')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(comp.data.picked).toBe('a');
    expect(comp.data.count).toBe(0);
  });

  test('touchstart then touchend on the same spot is a tap; a move cancels it', async () => {
    const comp = simulate.render(simulate.load(counterPath));
    comp.attach(document.createElement('div'));
    const label = comp.querySelector('.label')!;
    label.dispatchEvent('touchstart', { touches: [{ x: 1, y: 1 }] });
    label.dispatchEvent('touchend', { changedTouches: [{ x: 1, y: 1 }] });
    await simulate.sleep(0);
    expect(comp.data.count).toBe(1);
    label.dispatchEvent('touchstart', { touches: [{ x: 1, y: 1 }] });
    label.dispatchEvent('touchmove', { touches: [{ x: 40, y: 1 }] });
    label.dispatchEvent('touchend', { changedTouches: [{ x: 40, y: 1 }] });
    await simulate.sleep(0);
    expect(comp.data.count).toBe(1);
  });
});

describe('lifetimes', () => {
  test('triggerLifeTime, triggerPageLifeTime and detach', () => {
    const comp = simulate.render(simulate.load(counterPath));
    const log = comp.data.log as string[];
    comp.attach(document.createElement('div'));
    log.length = 0;
    comp.triggerLifeTime('moved', 'now');
    comp.triggerPageLifeTime('show', 'again');
    comp.detach();
    expect(log).toEqual(['counter moved now', 'counter page show again', 'counter detached']);
  });

  test('properties given to render run their observers', () => {
    const comp = simulate.render(simulate.load(counterPath), { label: 'first', big: true });
    expect(comp.data.log).toContain('label first');
    // The names as written (selectors match them) and exparser's `<tag>--<name>` (`main` when loaded without a tag).
    expect(comp.querySelector('.counter')!.dom.getAttribute('class')).toBe('counter counter--big main--counter main--counter--big');
  });
});

describe('the real wx inside components', () => {
  test('wx.createSelectorQuery().in(this) answers for a rendered component', async () => {
    const comp = simulate.render(simulate.load(counterPath));
    comp.attach(document.createElement('div'));
    const rect = (await comp.instance.measure()) as { width: number; top: number };
    expect(rect).toMatchObject({ top: 0, width: wx.getWindowInfo().windowWidth });
  });

  test('storage written by a component is the simulated phone’s', () => {
    const comp = simulate.render(
      simulate.load({ template: '<view />', lifetimes: { attached: () => wx.setStorageSync('from-component', 42) } }),
    );
    comp.attach(document.createElement('div'));
    expect(wx.getStorageSync('from-component')).toBe(42);
  });
});

describe('toJSON and the snapshot serializer', () => {
  test('prints the tree as miniprogram-simulate does', () => {
    const comp = simulate.render(simulate.load(counterPath, 'x-counter'), { label: 'n', extra: 7 });
    comp.attach(document.createElement('div'));
    expect(print(comp.toJSON())).toBe(
      [
        '<x-counter',
        '  extra="{{7}}"',
        '>',
        '  <wx-view',
        '    class="counter "',
        '    data-count="{{0}}"',
        '    bind:tap="onTap"',
        '  >',
        '    <wx-text',
        '      class="label"',
        '    >',
        '      n',
        '    </wx-text>',
        '    <wx-text',
        '      class="value"',
        '    >',
        '      0',
        '    </wx-text>',
        '    <x-item',
        '      class="row"',
        '      bind:pick="onPick"',
        '    >',
        '      <wx-view',
        '        class="item"',
        '        catch:tap="pick"',
        '      >',
        '        <wx-text',
        '          class="name"',
        '        >',
        '          a',
        '        </wx-text>',
        '        <wx-view',
        '          class="slotted"',
        '        >',
        '          a!',
        '        </wx-view>',
        '      </wx-view>',
        '    </x-item>',
        '    <x-item',
        '      class="row"',
        '      bind:pick="onPick"',
        '    >',
        '      <wx-view',
        '        class="item"',
        '        catch:tap="pick"',
        '      >',
        '        <wx-text',
        '          class="name"',
        '        >',
        '          b',
        '        </wx-text>',
        '        <wx-view',
        '          class="slotted"',
        '        >',
        '          b!',
        '        </wx-view>',
        '      </wx-view>',
        '    </x-item>',
        '    <x-missing',
        '      flag="{{true}}"',
        '      hoverClass="none"',
        '    />',
        '  </wx-view>',
        '</x-counter>',
      ].join('\n'),
    );
  });
});

describe('bad input', () => {
  test('load, render, behavior, match and scroll refuse what miniprogram-simulate refuses', () => {
    expect(() => simulate.load(42 as never)).toThrow('componentPath must be a string');
    expect(() => simulate.load('/no/such/component')).toThrow('invalid componentPath: /no/such/component');
    expect(() => simulate.render('')).toThrow('you need to pass the componentId');
    expect(simulate.render('not-an-id')).toBeUndefined();
    expect(() => simulate.behavior(null as never)).toThrow('definition must be a object');
    expect(simulate.match(null as never, '<view/>')).toBe(false);
    expect(simulate.match(document.createElement('div'), 42 as never)).toBe(false);
    expect(() => simulate.scroll({} as never, 10)).toThrow('invalid params');
    expect(() => simulate.load({ template: '<view class="{{ a + }}">x</view>' })).toThrow(/\{\{ a \+ \}\}|expected|Unexpected/i);
    expect(() => simulate.render(simulate.load({ template: '<view wx:else>x</view>' }))).toThrow(/wx:else must follow/);
  });

  test('a bad selector matches nothing; setData on a built-in node is ignored', () => {
    const comp = simulate.render(simulate.load({ template: '<view class="a">x</view>' }));
    expect(comp.querySelector('>>> ][')).toBeUndefined();
    expect(comp.querySelectorAll('.a ~ .b')).toEqual([]);
    const view = comp.querySelector('.a')!;
    expect(view.data).toBeUndefined();
    view.setData({ x: 1 });
    expect(() => comp.attach(null as never)).toThrow('attach: parent must be a DOM element');
  });

  test('a throwing handler is reported as the client reports it, not thrown into the test', async () => {
    const errors: string[] = [];
    wx.onError((msg: string) => errors.push(msg));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const comp = simulate.render(
      simulate.load({
        template: '<view bindtap="boom" />',
        methods: {
          boom: () => {
            throw new Error('kaboom');
          },
        },
      }),
    );
    comp.attach(document.createElement('div'));
    comp.querySelector('view')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(errors.join('\n')).toContain('kaboom');
    expect(String(logged.mock.calls[0]?.[0])).toContain('thirdScriptError');
    logged.mockRestore();
  });

  test('scroll sets the offset in steps and fires scroll events', async () => {
    const seen: number[] = [];
    const comp = simulate.render(
      simulate.load({
        template: '<scroll-view class="s" bindscroll="onScroll" />',
        methods: {
          onScroll() {
            seen.push(1);
          },
        },
      }),
    );
    comp.attach(document.createElement('div'));
    const sv = comp.querySelector('.s')!;
    simulate.scroll(sv, 100, 4);
    await simulate.sleep(10);
    expect(seen).toHaveLength(4);
    expect(sv.dom.scrollTop).toBe(100);
  });
});
