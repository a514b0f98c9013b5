/**
 * Component relations (parent/child, ancestor/descendant, target behaviors):
 * linked after attached, unlinked on removal, getRelationNodes in page order —
 * on components of our own and on vant's checkbox-group/checkbox and
 * collapse/collapse-item (@vant/weapp 1.11.7), driven by a tap.
 */
import { linkVant, tempProject, type TempProject } from '../helpers/project';

declare const mpsim: any;
declare const getApp: any;

let dir: string;
let project: TempProject;
beforeAll(() => {
  project = tempProject('mpsim-rel');
  dir = project.dir;
  const w = project.write;
  linkVant(dir);
  w('app.json', JSON.stringify({ pages: ['pages/index/index', 'pages/vant/vant'] }));
  w('app.js', 'App({ globalData: { log: [] } });');
  w('components/list/list.json', JSON.stringify({ component: true, usingComponents: {} }));
  w('components/list/list.wxml', '<view class="list"><slot /></view>');
  w(
    'components/list/list.js',
    `const log = (m) => getApp().globalData.log.push(m);
     Component({
       relations: {
         '../item/item': { type: 'child', linked(t) { log('list linked ' + t.data.name); }, unlinked(t) { log('list unlinked ' + t.data.name); } },
         '../deep/deep': { type: 'descendant', linked(t) { log('list linked deep'); } },
       },
       lifetimes: { attached() { log('list attached'); } },
       methods: { names() { return this.getRelationNodes('../item/item').map((i) => i.data.name); } },
     });`,
  );
  for (const [name, type, extra] of [
    ['item', 'parent', 'properties: { name: String },'],
    ['deep', 'ancestor', ''],
  ] as const) {
    w(`components/${name}/${name}.json`, JSON.stringify({ component: true }));
    w(`components/${name}/${name}.wxml`, `<view class="${name}">{{name}}</view>`);
    w(
      `components/${name}/${name}.js`,
      `const log = (m) => getApp().globalData.log.push(m);
       Component({ ${extra}
         relations: { '../list/list': { type: '${type}', linked(t) { log('${name} linked list'); }, unlinked() { log('${name} unlinked list'); } } },
         lifetimes: { attached() { log('${name} attached'); } },
         methods: { parentName() { const p = this.getRelationNodes('../list/list')[0]; return p ? p.is : null; } },
       });`,
    );
  }
  w('components/box/box.json', JSON.stringify({ component: true, usingComponents: { deep: '../deep/deep' } }));
  w('components/box/box.wxml', '<deep />');
  w('components/box/box.js', 'Component({});');
  // A component after a wx:for in a template whose list grows when the component links.
  w('components/menu/menu.json', JSON.stringify({ component: true }));
  w('components/menu/menu.wxml', '<view class="menu"><view wx:for="{{titles}}" class="title">{{item}}</view><slot /></view>');
  w(
    'components/menu/menu.js',
    `Component({
       data: { titles: [] },
       relations: { '../entry/entry': { type: 'child', linked(t) { this.setData({ titles: this.data.titles.concat(t.data.name) }); } } },
     });`,
  );
  // A `parent` whose slot is composed through another component (TDesign picker → popup).
  w('components/shell/shell.json', JSON.stringify({ component: true }));
  w('components/shell/shell.wxml', '<view class="shell"><slot /></view>');
  w('components/shell/shell.js', 'Component({});');
  w('components/plist/plist.json', JSON.stringify({ component: true, usingComponents: { shell: '../shell/shell' } }));
  w('components/plist/plist.wxml', '<shell><slot /></shell>');
  w(
    'components/plist/plist.js',
    "Component({ relations: { '../pitem/pitem': { type: 'child' } }, methods: { count() { return this.getRelationNodes('../pitem/pitem').length; } } });",
  );
  w('components/pitem/pitem.json', JSON.stringify({ component: true }));
  w('components/pitem/pitem.wxml', '<text>p</text>');
  w('components/pitem/pitem.js', "Component({ relations: { '../plist/plist': { type: 'parent' } } });");
  w('components/entry/entry.json', JSON.stringify({ component: true }));
  w('components/entry/entry.wxml', '<view class="entry">{{name}}</view>');
  w(
    'components/entry/entry.js',
    `const log = (m) => (getApp().globalData.entries ||= []).push(m);
     Component({
       properties: { name: String },
       relations: { '../menu/menu': { type: 'parent' } },
       lifetimes: { created() { log('entry created'); }, detached() { log('entry detached ' + this.data.name); } },
     });`,
  );
  w(
    'pages/index/index.json',
    JSON.stringify({
      usingComponents: {
        list: '/components/list/list',
        item: '/components/item/item',
        box: '/components/box/box',
        menu: '/components/menu/menu',
        entry: '/components/entry/entry',
        plist: '/components/plist/plist',
        pitem: '/components/pitem/pitem',
      },
    }),
  );
  w(
    'pages/index/index.wxml',
    '<list id="l"><box /><item wx:for="{{names}}" wx:key="*this" name="{{item}}" /></list><item id="orphan" name="x" />' +
      '<menu wx:if="{{menu}}"><entry name="e1" /><entry name="e2" /></menu>' +
      '<plist id="pl"><pitem /><pitem /></plist>',
  );
  w('pages/index/index.js', "Page({ data: { names: ['a', 'b', 'c'], menu: true } });");
  w(
    'pages/vant/vant.json',
    JSON.stringify({
      usingComponents: {
        'van-checkbox': '@vant/weapp/checkbox/index',
        'van-checkbox-group': '@vant/weapp/checkbox-group/index',
        'van-collapse': '@vant/weapp/collapse/index',
        'van-collapse-item': '@vant/weapp/collapse-item/index',
        'van-dropdown-menu': '@vant/weapp/dropdown-menu/index',
        'van-dropdown-item': '@vant/weapp/dropdown-item/index',
      },
    }),
  );
  w(
    'pages/vant/vant.wxml',
    '<van-checkbox-group value="{{ result }}" bind:change="onChange">' +
      '<van-checkbox name="a">A</van-checkbox><van-checkbox name="b">B</van-checkbox></van-checkbox-group>' +
      '<van-collapse value="{{ open }}" bind:change="onOpen"><van-collapse-item title="One" name="1">1</van-collapse-item>' +
      '<van-collapse-item title="Two" name="2">2</van-collapse-item></van-collapse>' +
      '<van-dropdown-menu><van-dropdown-item value="{{ v1 }}" options="{{ opts }}" /><van-dropdown-item value="{{ v2 }}" options="{{ opts }}" /></van-dropdown-menu>',
  );
  w(
    'pages/vant/vant.js',
    "Page({ data: { result: ['a'], open: [], v1: 0, v2: 1, opts: [{ text: 'Zero', value: 0 }, { text: 'One', value: 1 }] }, onChange(e) { this.setData({ result: e.detail }); }, onOpen(e) { this.setData({ open: e.detail }); } });",
  );
});
afterAll(() => project.remove());

test('parent/child and ancestor/descendant link after attached; getRelationNodes in page order; unlinked on removal', async () => {
  const app = await mpsim.launch(dir);
  const log: string[] = getApp().globalData.log;
  const list = app.currentPage.component('#l');
  expect(list.names()).toEqual(['a', 'b', 'c']);
  // Every end linked after every attached of the batch; the child end first.
  const firstLink = log.findIndex((m) => m.includes('linked'));
  expect(log.slice(0, firstLink).every((m) => m.endsWith('attached'))).toBe(true);
  expect(log).toEqual(expect.arrayContaining(['item linked list', 'list linked a', 'deep linked list', 'list linked deep']));
  expect(log.indexOf('item linked list')).toBeLessThan(log.indexOf('list linked a'));
  // `parent` is the component whose tag encloses the item where it is written, though plist composes it through shell.
  expect(app.currentPage.component('#pl').count()).toBe(2);
  // An item outside any list links to nothing.
  expect(app.currentPage.component('#orphan').parentName()).toBeNull();
  log.length = 0;
  await app.currentPage.setData({ names: ['c', 'a'] });
  expect(log).toEqual(['item unlinked list', 'list unlinked b']);
  expect(list.names()).toEqual(['c', 'a']);
});

test('slot content after a wx:for keeps its instances when the list grows as the children link', async () => {
  const app = await mpsim.launch(dir);
  const log: string[] = getApp().globalData.entries;
  const page = app.currentPage;
  expect(page.$$('.menu .title').map((e: { textContent: string | null }) => e.textContent)).toEqual(['e1', 'e2']);
  expect(page.$$('.entry').map((e: { textContent: string | null }) => e.textContent)).toEqual(['e1', 'e2']);
  expect(log).toEqual(['entry created', 'entry created']);
  // Removing the menu takes its slot content with it: both entries are detached.
  await page.setData({ menu: false });
  expect(page.$$('.entry')).toHaveLength(0);
  expect(log.slice(2)).toEqual(['entry detached e1', 'entry detached e2']);
});

test("vant's checkbox-group and collapse work through their relations", async () => {
  const app = await mpsim.launch(dir, { path: 'pages/vant/vant' });
  const page = app.currentPage;
  const icons = page.$$('.van-checkbox__icon-wrap');
  expect(icons).toHaveLength(2);
  await page.tap('van-checkbox:nth-of-type(2) .van-checkbox__icon-wrap');
  expect(page.data.result).toEqual(['a', 'b']);
  await page.tap('van-collapse-item:nth-of-type(2) .van-cell');
  expect(page.data.open).toEqual(['2']);
  // dropdown-menu lists its items' titles once they link, before its <slot />: each item stays one instance.
  expect(page.$$('.van-dropdown-menu__item').map((e: { textContent: string | null }) => e.textContent!.trim())).toEqual(['Zero', 'One']);
  expect(page.$$('van-dropdown-item')).toHaveLength(2);
});
