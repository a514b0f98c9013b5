/**
 * @jest-environment-options {"mpsim":{"unhandledRejections":"log"}}
 *
 * @vant/weapp 1.11.7, component by component, as its docs (packages/<c>/README.md and
 * packages/<c>/demo of youzan/vant-weapp) use each one: the page opens, renders the documented
 * structure, and one realistic interaction reaches the page's handler. Runner: ./runner.ts. A
 * rejection the library leaves unhandled is logged as on the phone and counts as an error of the
 * stage it happens in.
 */
import { describeLibrary, vant, type Case, type Known } from './runner';

jest.setTimeout(60_000);

const actions = [{ name: '选项一' }, { name: '选项二' }, { name: '选项三' }];
const areaList = {
  province_list: { 110000: '北京市', 330000: '浙江省' },
  city_list: { 110100: '北京市', 330100: '杭州市' },
  county_list: { 110101: '东城区', 110102: '西城区', 330102: '上城区' },
};
const columns = ['杭州', '宁波', '温州', '嘉兴', '湖州'];
const options = [
  { text: '浙江省', value: '330000', children: [{ text: '杭州市', value: '330100' }] },
  { text: '江苏省', value: '320000', children: [{ text: '南京市', value: '320100' }] },
];
const treeItems = [
  {
    text: '浙江',
    children: [
      { text: '杭州', id: 1 },
      { text: '温州', id: 2 },
    ],
  },
  { text: '江苏', children: [{ text: '南京', id: 5 }] },
];

const expectDetail = async (ctx: { event(h: string): Promise<{ detail: any }> }, handler: string, detail: unknown) =>
  expect((await ctx.event(handler)).detail).toEqual(detail);

const cases: Case[] = [
  {
    c: 'action-sheet',
    wxml: '<van-action-sheet show="{{ show }}" actions="{{ actions }}" bind:close="onClose" bind:select="onSelect" />',
    data: { show: true, actions },
    structure: ['.van-action-sheet', ['.van-action-sheet__item', '选项一']],
    act: async (ctx) => {
      await ctx.page.tap('.van-action-sheet__item:nth-child(2)');
      expect((await ctx.event('onSelect')).detail).toMatchObject({ name: '选项二' });
    },
  },
  {
    c: 'area',
    wxml: '<van-area area-list="{{ areaList }}" value="330102" bind:confirm="onConfirm" />',
    data: { areaList },
    structure: ['.van-picker', ['.van-picker__confirm', '确认'], ['.van-picker-column__item--selected', '浙江省']],
    act: async (ctx) => {
      await ctx.page.tap('.van-picker__confirm');
      const { detail } = await ctx.event('onConfirm');
      expect(detail.values.map((v: { name: string }) => v.name)).toEqual(['浙江省', '杭州市', '上城区']);
    },
  },
  {
    c: 'button',
    wxml: '<van-button type="primary" bind:click="onClick">主要按钮</van-button>',
    structure: [['.van-button--primary', '主要按钮']],
    act: async (ctx) => {
      await ctx.page.tap('van-button button');
      expect((await ctx.event('onClick')).type).toBe('click');
    },
  },
  {
    c: 'calendar',
    wxml: '<van-cell title="选择单个日期" value="{{ date }}" bind:click="onDisplay" />\n<van-calendar show="{{ show }}" bind:close="onClose" bind:confirm="onConfirm" />',
    data: { date: '', show: false },
    methods: 'onDisplay() { this.setData({ show: true }); },',
    structure: [['.van-cell__title', '选择单个日期']],
    act: async (ctx) => {
      await ctx.page.tap('van-cell .van-cell');
      await ctx.page.waitFor('.van-calendar__footer button');
      await ctx.page.tap('.van-calendar__footer button');
      const { detail } = await ctx.event('onConfirm');
      expect(new Date(detail).toDateString()).toBe(new Date().toDateString());
    },
  },
  {
    c: 'card',
    wxml: '<van-card num="2" price="10.00" desc="描述信息" title="商品标题" thumb="{{ imageURL }}">\n  <view slot="footer">\n    <van-button size="mini" bind:click="onBuy">按钮</van-button>\n  </view>\n</van-card>',
    data: { imageURL: 'https://img.yzcdn.cn/vant/ipad.jpeg' },
    structure: [
      ['.van-card__title', '商品标题'],
      ['.van-card__desc', '描述信息'],
      ['.van-card__price-integer', '10'],
      ['.van-card__num', 'x 2'],
      '.van-card__thumb image',
    ],
    act: async (ctx) => {
      await ctx.page.tap('.van-card__footer van-button button');
      await ctx.event('onBuy');
    },
  },
  {
    c: 'cascader',
    wxml: '<van-cascader value="{{ cascaderValue }}" title="请选择所在地区" options="{{ options }}" bind:close="onClose" bind:finish="onFinish" />',
    data: { options, cascaderValue: '' },
    structure: [
      ['.van-cascader__title', '请选择所在地区'],
      ['.van-cascader__option', '浙江省'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.van-cascader__option');
      await ctx.page.waitFor(
        (p) =>
          p.text('.van-cascader__options:last-child').includes('杭州市') ||
          p.$$('.van-cascader__option').some((o) => o.textContent?.includes('杭州市')),
      );
      const city = ctx.page.$$('.van-cascader__option').findIndex((o) => o.textContent?.includes('杭州市'));
      ctx.page.$$('.van-cascader__option')[city].setAttribute('id', 'city');
      await ctx.page.tap('#city');
      const { detail } = await ctx.event('onFinish');
      expect(detail.selectedOptions.map((o: { text: string }) => o.text)).toEqual(['浙江省', '杭州市']);
    },
  },
  {
    c: 'cell',
    wxml: '<van-cell title="单元格" value="内容" label="描述信息" is-link bind:click="onClick" />',
    structure: [['.van-cell__title', '单元格'], ['.van-cell__value', '内容'], ['.van-cell__label', '描述信息'], '.van-cell__right-icon'],
    act: async (ctx) => {
      await ctx.page.tap('van-cell .van-cell');
      await ctx.event('onClick');
    },
  },
  {
    c: 'cell-group',
    wxml: '<van-cell-group title="分组1" inset>\n  <van-cell title="单元格" value="内容" bind:click="onClick" />\n</van-cell-group>',
    structure: [['.van-cell-group__title', '分组1'], '.van-cell-group--inset van-cell'],
    act: async (ctx) => {
      await ctx.page.tap('van-cell-group van-cell .van-cell');
      await ctx.event('onClick');
    },
  },
  {
    c: 'checkbox',
    wxml: '<van-checkbox value="{{ checked }}" bind:change="onChange">复选框</van-checkbox>',
    data: { checked: true },
    set: { onChange: 'checked' },
    structure: ['.van-checkbox__icon--checked', ['.van-checkbox__label', '复选框']],
    act: async (ctx) => {
      await ctx.page.tap('.van-checkbox__icon-wrap');
      await expectDetail(ctx, 'onChange', false);
      expect(ctx.page.$('.van-checkbox__icon--checked')).toBeNull();
    },
  },
  {
    c: 'checkbox-group',
    wxml: '<van-checkbox-group value="{{ result }}" bind:change="onChange">\n  <van-checkbox name="a">复选框 a</van-checkbox>\n  <van-checkbox name="b">复选框 b</van-checkbox>\n  <van-checkbox name="c">复选框 c</van-checkbox>\n</van-checkbox-group>',
    data: { result: ['a', 'b'] },
    set: { onChange: 'result' },
    structure: ['van-checkbox-group van-checkbox', '.van-checkbox__icon--checked'],
    act: async (ctx) => {
      await ctx.page.tap('van-checkbox:nth-child(3) .van-checkbox__icon-wrap');
      await expectDetail(ctx, 'onChange', ['a', 'b', 'c']);
    },
  },
  {
    c: 'circle',
    wxml: '<van-circle value="{{ value }}" text="{{ value }}%" />\n<van-button bind:click="onAdd">增加</van-button>',
    data: { value: 30 },
    methods: 'onAdd() { this.setData({ value: this.data.value + 10 }); },',
    structure: ['.van-circle canvas', ['.van-circle__text', '30%']],
    act: async (ctx) => {
      await ctx.page.tap('van-button button');
      await ctx.event('onAdd');
      await ctx.page.waitFor((p) => p.text('.van-circle__text').includes('40%'));
    },
  },
  {
    c: 'col',
    wxml: '<van-row gutter="20">\n  <van-col span="8"><view bindtap="onTap">span: 8</view></van-col>\n  <van-col span="8" offset="8">offset: 8, span: 8</van-col>\n</van-row>',
    structure: ['.van-col--8', '.van-col--offset-8', ['.van-col', 'span: 8']],
    act: async (ctx) => {
      await ctx.page.tap('.van-col > view');
      await ctx.event('onTap');
    },
  },
  {
    c: 'collapse',
    wxml: '<van-collapse value="{{ activeNames }}" bind:change="onChange">\n  <van-collapse-item title="标题1" name="1">代码是写出来给人看的，附带能在机器上运行。</van-collapse-item>\n  <van-collapse-item title="标题2" name="2">技术无非就是那些开发它的人的共同灵魂。</van-collapse-item>\n</van-collapse>',
    data: { activeNames: ['1'] },
    set: { onChange: 'activeNames' },
    structure: [
      'van-collapse van-collapse-item',
      ['.van-collapse-item__title', '标题1'],
      ['.van-collapse-item__content', '代码是写出来给人看的'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('van-collapse-item:nth-child(2) .van-cell');
      await expectDetail(ctx, 'onChange', ['1', '2']);
    },
  },
  {
    c: 'collapse-item',
    wxml: '<van-collapse accordion value="{{ activeName }}" bind:change="onChange" bind:open="onOpen">\n  <van-collapse-item title="标题1" name="1">代码是写出来给人看的</van-collapse-item>\n  <van-collapse-item title="标题2" name="2" icon="shop-o">技术无非就是那些开发它的人的共同灵魂。</van-collapse-item>\n</van-collapse>',
    data: { activeName: '1' },
    set: { onChange: 'activeName' },
    structure: ['.van-collapse-item__title--expanded', ['van-collapse-item:nth-child(2) .van-cell__title', '标题2']],
    act: async (ctx) => {
      await ctx.page.tap('van-collapse-item:nth-child(2) .van-cell');
      await expectDetail(ctx, 'onOpen', '2');
      await expectDetail(ctx, 'onChange', '2');
    },
  },
  {
    c: 'config-provider',
    wxml: '<van-config-provider theme-vars="{{ themeVars }}">\n  <van-cell-group>\n    <van-field label="评分" value="3" />\n  </van-cell-group>\n  <van-button round block type="primary" bind:click="onSubmit">提交</van-button>\n</van-config-provider>',
    data: { themeVars: { buttonPrimaryBackgroundColor: '#07c160', buttonPrimaryBorderColor: '#07c160' } },
    structure: ['van-config-provider .van-config-provider', ['.van-button--primary', '提交']],
    act: async (ctx) => {
      expect(ctx.page.$('.van-config-provider')!.getAttribute('style')).toMatch(/--button-primary-background-color:\s*#07c160/);
      await ctx.page.tap('van-button button');
      await ctx.event('onSubmit');
    },
  },
  {
    c: 'count-down',
    wxml: '<van-count-down millisecond time="{{ time }}" format="HH:mm:ss:SSS" bind:finish="finished" />',
    data: { time: 300 },
    structure: ['.van-count-down'],
    act: async (ctx) => {
      await ctx.event('finished');
      expect(ctx.page.text('.van-count-down')).toContain('00:00:00:000');
    },
  },
  {
    c: 'datetime-picker',
    wxml: '<van-datetime-picker type="date" value="{{ currentDate }}" min-date="{{ minDate }}" bind:confirm="onConfirm" formatter="{{ formatter }}" />',
    data: { currentDate: new Date(2025, 4, 20).getTime(), minDate: new Date(2020, 0, 1).getTime() },
    structure: ['.van-picker', '.van-picker-column', ['.van-picker__confirm', '确认']],
    act: async (ctx) => {
      await ctx.page.tap('.van-picker__confirm');
      await expectDetail(ctx, 'onConfirm', new Date(2025, 4, 20).getTime());
    },
  },
  {
    c: 'dialog',
    wxml: '<van-dialog use-slot title="标题" show="{{ show }}" show-cancel-button bind:close="onClose" bind:confirm="onConfirm">\n  <view>自定义内容</view>\n</van-dialog>',
    data: { show: true },
    structure: [
      ['.van-dialog__header', '标题'],
      ['.van-dialog__confirm', '确认'],
      ['.van-dialog__cancel', '取消'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.van-dialog__button:last-child button');
      await ctx.event('onConfirm');
    },
  },
  {
    c: 'divider',
    wxml: '<van-divider contentPosition="center">{{ text }}</van-divider>\n<van-button bind:click="onRead">已读</van-button>',
    data: { text: '文字' },
    methods: "onRead() { this.setData({ text: '没有更多了' }); },",
    structure: [['.van-divider--center', '文字']],
    act: async (ctx) => {
      await ctx.page.tap('van-button button');
      await ctx.event('onRead');
      await ctx.page.waitFor((p) => p.text('.van-divider').includes('没有更多了'));
    },
  },
  {
    c: 'dropdown-item',
    wxml: '<van-dropdown-menu>\n  <van-dropdown-item value="{{ value1 }}" options="{{ option1 }}" bind:change="onChange" />\n  <van-dropdown-item value="{{ value2 }}" options="{{ option2 }}" />\n</van-dropdown-menu>',
    data: {
      option1: [
        { text: '全部商品', value: 0 },
        { text: '新款商品', value: 1 },
        { text: '活动商品', value: 2 },
      ],
      option2: [
        { text: '默认排序', value: 'a' },
        { text: '好评排序', value: 'b' },
      ],
      value1: 0,
      value2: 'a',
    },
    set: { onChange: 'value1' },
    structure: [
      ['.van-dropdown-menu__item', '全部商品'],
      ['.van-dropdown-menu__item:nth-child(2)', '默认排序'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.van-dropdown-menu__item');
      await ctx.page.waitFor('.van-dropdown-item__option');
      const opt = ctx.page.$$('.van-dropdown-item__option').find((o) => o.textContent?.includes('新款商品'))!;
      opt.setAttribute('id', 'opt');
      await ctx.page.tap('#opt');
      await expectDetail(ctx, 'onChange', 1);
    },
  },
  {
    c: 'dropdown-menu',
    wxml: '<van-dropdown-menu active-color="#1989fa">\n  <van-dropdown-item value="{{ value1 }}" options="{{ option1 }}" bind:open="onOpen" />\n</van-dropdown-menu>',
    data: {
      option1: [
        { text: '全部商品', value: 0 },
        { text: '新款商品', value: 1 },
      ],
      value1: 0,
    },
    structure: ['.van-dropdown-menu', ['.van-dropdown-menu__title', '全部商品']],
    act: async (ctx) => {
      await ctx.page.tap('.van-dropdown-menu__item');
      await ctx.event('onOpen');
      await ctx.page.waitFor((p) => p.$$('.van-dropdown-item__option').length === 2);
    },
  },
  {
    c: 'empty',
    wxml: '<van-empty description="描述文字">\n  <van-button round type="danger" class="bottom-button" bind:click="onRetry">按钮</van-button>\n</van-empty>',
    structure: ['.van-empty__image', ['.van-empty__description + .van-empty__description', '描述文字'], '.van-empty__bottom van-button'],
    act: async (ctx) => {
      await ctx.page.tap('.van-empty__bottom button');
      await ctx.event('onRetry');
    },
  },
  {
    c: 'field',
    wxml: '<van-cell-group>\n  <van-field value="{{ value }}" label="用户名" placeholder="请输入用户名" border="{{ false }}" bind:change="onChange" />\n</van-cell-group>',
    data: { value: '' },
    set: { onChange: 'value' },
    structure: [['.van-field__label', '用户名'], 'input.van-field__control'],
    act: async (ctx) => {
      await ctx.page.input('van-field input', 'alice');
      await expectDetail(ctx, 'onChange', 'alice');
      expect(ctx.page.data.value).toBe('alice');
    },
  },
  {
    c: 'goods-action',
    wxml: '<van-goods-action>\n  <van-goods-action-icon icon="chat-o" text="客服" bind:click="onClickIcon" />\n  <van-goods-action-icon icon="cart-o" text="购物车" bind:click="onClickIcon" />\n  <van-goods-action-button text="加入购物车" type="warning" bind:click="onClickButton" />\n  <van-goods-action-button text="立即购买" bind:click="onClickButton" />\n</van-goods-action>',
    structure: ['.van-goods-action', ['.van-goods-action-button--warning', '加入购物车'], ['.van-goods-action-button--last', '立即购买']],
    act: async (ctx) => {
      await ctx.page.tap('van-goods-action-button:last-child button');
      await ctx.event('onClickButton');
    },
  },
  {
    c: 'goods-action-button',
    wxml: '<van-goods-action>\n  <van-goods-action-button text="加入购物车" type="warning" bind:click="onClickButton" />\n  <van-goods-action-button text="立即购买" bind:click="onClickButton" />\n</van-goods-action>',
    structure: ['.van-goods-action-button--first', ['.van-goods-action-button--warning', '加入购物车']],
    act: async (ctx) => {
      await ctx.page.tap('van-goods-action-button button');
      expect((await ctx.event('onClickButton')).type).toBe('click');
    },
  },
  {
    c: 'goods-action-icon',
    wxml: '<van-goods-action>\n  <van-goods-action-icon icon="cart-o" text="购物车" info="5" bind:click="onClickIcon" />\n  <van-goods-action-button text="立即购买" />\n</van-goods-action>',
    structure: [
      ['.van-goods-action-icon', '购物车'],
      ['van-info', '5'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('van-goods-action-icon button');
      await ctx.event('onClickIcon');
    },
  },
  {
    c: 'grid',
    wxml: '<van-grid column-num="3">\n  <van-grid-item icon="photo-o" text="文字" bind:click="onClick" />\n  <van-grid-item icon="photo-o" text="文字" />\n  <van-grid-item icon="photo-o" text="文字" />\n</van-grid>',
    structure: ['.van-grid', '.van-grid-item__icon', ['.van-grid-item__text', '文字']],
    act: async (ctx) => {
      expect(ctx.page.$$('van-grid-item')).toHaveLength(3);
      expect(ctx.page.$('.van-grid-item')!.getAttribute('style')).toMatch(/width:\s*33\.33/);
      await ctx.page.tap('van-grid-item .van-grid-item');
      await ctx.event('onClick');
    },
  },
  {
    c: 'grid-item',
    wxml: '<van-grid clickable column-num="2">\n  <van-grid-item icon="home-o" link-type="navigateTo" url="/pages/home/index" text="Navigate 跳转" />\n  <van-grid-item icon="search" text="文字" bind:click="onClick" />\n</van-grid>',
    structure: [['.van-grid-item__text', 'Navigate 跳转'], '.van-grid-item__content--clickable'],
    act: async (ctx) => {
      await ctx.page.tap('van-grid-item:nth-child(2) .van-grid-item');
      await ctx.event('onClick');
      await ctx.page.tap('van-grid-item .van-grid-item');
      await ctx.page.waitFor(() => ctx.app.currentPage.route === 'pages/home/index');
    },
  },
  {
    c: 'icon',
    wxml: '<van-icon name="chat-o" info="9" bind:click="onClick" />',
    structure: ['.van-icon-chat-o', ['van-info', '9']],
    act: async (ctx) => {
      await ctx.page.tap('van-icon .van-icon');
      await ctx.event('onClick');
    },
  },
  {
    c: 'image',
    wxml: '<van-image width="100" height="100" src="https://img.yzcdn.cn/vant/cat.jpeg" bind:click="onClick" />',
    structure: ['.van-image', 'image.van-image__img[src="https://img.yzcdn.cn/vant/cat.jpeg"]'],
    act: async (ctx) => {
      await ctx.page.tap('van-image .van-image');
      await ctx.event('onClick');
    },
  },
  {
    c: 'index-anchor',
    wxml: '<van-index-bar index-list="{{ indexList }}" bind:select="onSelect">\n  <view>\n    <van-index-anchor index="A" />\n    <van-cell title="文本" />\n  </view>\n  <view>\n    <van-index-anchor use-slot index="B">\n      <text>标题B</text>\n    </van-index-anchor>\n    <van-cell title="文本" />\n  </view>\n</van-index-bar>',
    data: { indexList: ['A', 'B'] },
    structure: [
      ['.van-index-anchor', 'A'],
      ['.van-index-bar__sidebar', 'A'],
    ],
    act: async (ctx) => {
      expect(ctx.page.$$('.van-index-anchor').map((a) => a.textContent?.trim())).toEqual(['A', '标题B']);
      await ctx.page.tap('.van-index-bar__index:nth-child(2)');
      await expectDetail(ctx, 'onSelect', 'B');
    },
  },
  {
    c: 'index-bar',
    wxml: '<van-index-bar bind:select="onSelect">\n  <view>\n    <van-index-anchor index="A" />\n    <van-cell title="文本" />\n  </view>\n  <view>\n    <van-index-anchor index="C" />\n    <van-cell title="文本" />\n  </view>\n</van-index-bar>',
    structure: ['.van-index-bar__sidebar', ['.van-index-bar__index', 'A']],
    act: async (ctx) => {
      expect(ctx.page.$$('.van-index-bar__index')).toHaveLength(26);
      await ctx.page.tap('.van-index-bar__index:nth-child(3)');
      await expectDetail(ctx, 'onSelect', 'C');
    },
  },
  {
    c: 'info',
    wxml: '<van-icon name="chat-o" info="{{ count }}" bind:click="onRead" />',
    data: { count: 9 },
    methods: 'onRead() { this.setData({ count: 99 }); },',
    structure: [['.van-info', '9']],
    act: async (ctx) => {
      await ctx.page.tap('van-icon .van-icon');
      await ctx.event('onRead');
      await ctx.page.waitFor((p) => p.text('.van-info').trim() === '99');
    },
  },
  {
    c: 'loading',
    wxml: '<van-loading wx:if="{{ loading }}" size="24px" vertical>加载中...</van-loading>\n<van-button bind:click="onDone">完成</van-button>',
    data: { loading: true },
    methods: 'onDone() { this.setData({ loading: false }); },',
    structure: ['.van-loading--vertical', '.van-loading__spinner--circular', ['.van-loading__text', '加载中...']],
    act: async (ctx) => {
      await ctx.page.tap('van-button button');
      await ctx.event('onDone');
      await ctx.page.waitFor((p) => p.$('.van-loading') === null);
    },
  },
  {
    c: 'nav-bar',
    wxml: '<van-nav-bar title="标题" left-text="返回" right-text="按钮" left-arrow bind:click-left="onClickLeft" bind:click-right="onClickRight" />',
    structure: [['.van-nav-bar__title', '标题'], ['.van-nav-bar__left', '返回'], ['.van-nav-bar__right', '按钮'], '.van-nav-bar__arrow'],
    act: async (ctx) => {
      await ctx.page.tap('.van-nav-bar__right');
      await ctx.event('onClickRight');
      await ctx.page.tap('.van-nav-bar__left');
      await ctx.event('onClickLeft');
    },
  },
  {
    c: 'notice-bar',
    wxml: '<van-notice-bar mode="closeable" text="技术是开发它的人的共同灵魂。" bind:close="onClose" />',
    structure: [['.van-notice-bar__content', '技术是开发它的人的共同灵魂。'], '.van-notice-bar__right-icon'],
    act: async (ctx) => {
      await ctx.page.tap('.van-notice-bar van-icon:last-child .van-icon');
      await ctx.event('onClose');
      await ctx.page.waitFor((p) => p.$('.van-notice-bar') === null);
    },
  },
  {
    c: 'notify',
    wxml: '<van-button bind:click="onNotify">通知</van-button>\n<van-notify id="van-notify" />',
    methods:
      "onNotify() { const Notify = require('@vant/weapp/notify/notify').default; Notify({ type: 'success', message: '通知内容', onClose: () => getApp().events.push({ handler: 'notifyClosed', type: 'close' }) }); },",
    structure: ['van-notify#van-notify'],
    act: async (ctx) => {
      await ctx.page.tap('van-button button');
      await ctx.event('onNotify');
      await ctx.page.waitFor((p) => p.text('.van-notify').includes('通知内容'));
      expect(ctx.page.$('.van-notify--success')).not.toBeNull();
      await ctx.event('notifyClosed');
    },
  },
  {
    c: 'overlay',
    wxml: '<van-button type="primary" bind:click="onClickShow">显示遮罩层</van-button>\n<van-overlay show="{{ show }}" bind:click="onClickHide" />',
    data: { show: false },
    methods: 'onClickShow() { this.setData({ show: true }); },\nonClickHide() { this.setData({ show: false }); },',
    structure: [['van-button', '显示遮罩层']],
    act: async (ctx) => {
      await ctx.page.tap('van-button button');
      await ctx.page.waitFor('van-overlay .van-transition');
      await ctx.page.tap('van-overlay .van-transition');
      await ctx.event('onClickHide');
      expect(ctx.page.data.show).toBe(false);
    },
  },
  {
    c: 'panel',
    wxml: '<van-panel title="标题" desc="描述信息" status="状态" use-footer-slot>\n  <view>内容</view>\n  <view slot="footer">\n    <van-button size="small" bind:click="onOk">按钮</van-button>\n  </view>\n</van-panel>',
    structure: [
      ['.van-panel', '内容'],
      ['van-cell .van-cell__title', '标题'],
      ['.van-cell__label', '描述信息'],
      ['.van-cell__value', '状态'],
      '.van-panel__footer van-button',
    ],
    act: async (ctx) => {
      await ctx.page.tap('.van-panel__footer button');
      await ctx.event('onOk');
    },
  },
  {
    c: 'picker',
    wxml: '<van-picker show-toolbar title="标题" columns="{{ columns }}" default-index="{{ 2 }}" bind:cancel="onCancel" bind:confirm="onConfirm" />',
    data: { columns },
    structure: [
      ['.van-picker__title', '标题'],
      ['.van-picker-column__item--selected', '温州'],
    ],
    act: async (ctx) => {
      expect(ctx.page.$$('.van-picker-column__item')).toHaveLength(5);
      await ctx.page.tap('.van-picker__confirm');
      await expectDetail(ctx, 'onConfirm', { value: '温州', index: 2 });
    },
  },
  {
    c: 'picker-column',
    wxml: '<van-picker columns="{{ columns }}" bind:change="onChange" />',
    data: { columns },
    structure: ['picker-column .van-picker-column', ['.van-picker-column__item--selected', '杭州']],
    act: async (ctx) => {
      await ctx.page.tap('.van-picker-column__item:nth-child(3)');
      const { detail } = await ctx.event('onChange');
      expect([detail.value, detail.index]).toEqual(['温州', 2]);
    },
  },
  {
    c: 'popup',
    wxml: '<van-cell title="展示弹出层" is-link bind:click="showPopup" />\n<van-popup show="{{ show }}" closeable position="bottom" bind:close="onClose">内容</van-popup>',
    data: { show: false },
    methods: 'showPopup() { this.setData({ show: true }); },\nonClose() { this.setData({ show: false }); },',
    structure: [['.van-cell__title', '展示弹出层']],
    act: async (ctx) => {
      await ctx.page.tap('van-cell .van-cell');
      await ctx.page.waitFor('.van-popup--bottom');
      expect(ctx.page.text('.van-popup')).toContain('内容');
      await ctx.page.tap('.van-popup__close-icon');
      await ctx.event('onClose');
      expect(ctx.page.data.show).toBe(false);
    },
  },
  {
    c: 'progress',
    wxml: '<van-progress percentage="{{ percentage }}" />\n<van-button bind:click="onAdd">增加</van-button>',
    data: { percentage: 50 },
    methods: 'onAdd() { this.setData({ percentage: this.data.percentage + 10 }); },',
    structure: ['.van-progress__portion', ['.van-progress__pivot', '50%']],
    act: async (ctx) => {
      await ctx.page.tap('van-button button');
      await ctx.event('onAdd');
      await ctx.page.waitFor((p) => p.text('.van-progress__pivot').includes('60%'));
      expect(ctx.page.$('.van-progress__portion')!.getAttribute('style')).toMatch(/width:\s*60%/);
    },
  },
  {
    c: 'radio',
    wxml: '<van-radio-group value="{{ radio }}" bind:change="onChange">\n  <van-radio name="1">单选框 1</van-radio>\n  <van-radio name="2">单选框 2</van-radio>\n</van-radio-group>',
    data: { radio: '1' },
    set: { onChange: 'radio' },
    structure: ['.van-radio__icon--checked', ['.van-radio__label', '单选框 1']],
    act: async (ctx) => {
      await ctx.page.tap('van-radio:nth-child(2) .van-radio__icon-wrap');
      await expectDetail(ctx, 'onChange', '2');
    },
  },
  {
    c: 'radio-group',
    wxml: '<van-radio-group value="{{ radio }}" direction="horizontal" bind:change="onChange">\n  <van-radio name="1">单选框 1</van-radio>\n  <van-radio name="2">单选框 2</van-radio>\n</van-radio-group>',
    data: { radio: '1' },
    set: { onChange: 'radio' },
    structure: ['.van-radio-group--horizontal', 'van-radio-group van-radio'],
    act: async (ctx) => {
      await ctx.page.tap('van-radio:nth-child(2) .van-radio__label');
      await expectDetail(ctx, 'onChange', '2');
      await ctx.page.waitFor(
        (p) => p.$$('.van-radio__icon--checked').length === 1 && !!p.$('van-radio:nth-child(2) .van-radio__icon--checked'),
      );
    },
  },
  {
    c: 'rate',
    wxml: '<van-rate value="{{ value }}" bind:change="onChange" />',
    data: { value: 3 },
    set: { onChange: 'value' },
    structure: ['.van-rate', '.van-rate__item'],
    act: async (ctx) => {
      expect(ctx.page.$$('.van-rate__item')).toHaveLength(5);
      await ctx.page.tap('.van-rate__item:nth-child(5) van-icon .van-icon');
      await expectDetail(ctx, 'onChange', 5);
    },
  },
  {
    c: 'row',
    wxml: '<van-row gutter="20">\n  <van-col span="12">span: 12</van-col>\n  <van-col span="12"><van-button bind:click="onClick">span: 12</van-button></van-col>\n</van-row>',
    structure: ['.van-row', '.van-col--12'],
    act: async (ctx) => {
      expect(ctx.page.$('.van-row')!.getAttribute('style')).toMatch(/margin-right:\s*-10px/);
      await ctx.page.tap('van-col van-button button');
      await ctx.event('onClick');
    },
  },
  {
    c: 'search',
    wxml: '<van-search value="{{ value }}" placeholder="请输入搜索关键词" show-action bind:search="onSearch" bind:cancel="onCancel" bind:change="onChange" />',
    data: { value: '' },
    set: { onChange: 'value' },
    structure: ['.van-search', ['.van-search__action', '取消'], 'input[placeholder="请输入搜索关键词"]'],
    act: async (ctx) => {
      await ctx.page.input('van-search input', '关键词');
      await expectDetail(ctx, 'onChange', '关键词');
      await ctx.page.confirm('van-search input');
      await expectDetail(ctx, 'onSearch', '关键词');
    },
  },
  {
    c: 'share-sheet',
    wxml: '<van-share-sheet show="{{ showShare }}" title="立即分享给好友" options="{{ options }}" bind:select="onSelect" bind:close="onClose" />',
    data: {
      showShare: true,
      options: [
        { name: '微信', icon: 'wechat', openType: 'share' },
        { name: '微博', icon: 'weibo' },
        { name: '复制链接', icon: 'link' },
      ],
    },
    structure: [
      ['.van-share-sheet__title + .van-share-sheet__title', '立即分享给好友'],
      ['.van-share-sheet__name', '微信'],
      ['.van-share-sheet__cancel', '取消'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.van-share-sheet__option:nth-child(2)');
      expect((await ctx.event('onSelect')).detail).toMatchObject({ name: '微博', index: 1 });
    },
  },
  {
    c: 'sidebar',
    wxml: '<van-sidebar active-key="{{ activeKey }}" bind:change="onChange">\n  <van-sidebar-item title="标签名" />\n  <van-sidebar-item title="标签名" />\n  <van-sidebar-item title="标签名" />\n</van-sidebar>',
    data: { activeKey: 0 },
    structure: ['.van-sidebar', '.van-sidebar-item--selected'],
    act: async (ctx) => {
      await ctx.page.tap('van-sidebar-item:nth-child(3) .van-sidebar-item');
      await expectDetail(ctx, 'onChange', 2);
    },
  },
  {
    c: 'sidebar-item',
    wxml: '<van-sidebar active-key="{{ activeKey }}">\n  <van-sidebar-item title="标签名" badge="5" />\n  <van-sidebar-item title="标签名" dot bind:click="onClick" />\n</van-sidebar>',
    data: { activeKey: 0 },
    structure: [
      ['.van-sidebar-item__text', '标签名'],
      ['van-info', '5'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('van-sidebar-item:nth-child(2) .van-sidebar-item');
      await expectDetail(ctx, 'onClick', 1);
      await ctx.page.waitFor('van-sidebar-item:nth-child(2) .van-sidebar-item--selected');
    },
  },
  {
    c: 'skeleton',
    wxml: '<van-skeleton title avatar row="3" loading="{{ loading }}">\n  <view>实际内容</view>\n</van-skeleton>\n<van-button bind:click="onLoaded">加载完成</van-button>',
    data: { loading: true },
    methods: 'onLoaded() { this.setData({ loading: false }); },',
    structure: ['.van-skeleton__avatar', '.van-skeleton__title', '.van-skeleton__row'],
    act: async (ctx) => {
      expect(ctx.page.$$('.van-skeleton__row')).toHaveLength(3);
      await ctx.page.tap('van-button button');
      await ctx.event('onLoaded');
      await ctx.page.waitFor((p) => p.$('.van-skeleton__row') === null && p.text('van-skeleton').includes('实际内容'));
    },
  },
  {
    c: 'slider',
    wxml: '<van-slider value="50" bind:change="onChange" />',
    structure: ['.van-slider', '.van-slider__bar', '.van-slider__button'],
    act: async (ctx) => {
      expect(ctx.page.$('.van-slider__bar')!.getAttribute('style')).toMatch(/width:\s*50%/);
      await ctx.page.tap('van-slider .van-slider');
      await expectDetail(ctx, 'onChange', 0);
    },
  },
  {
    c: 'stepper',
    wxml: '<van-stepper value="{{ 1 }}" bind:change="onChange" />',
    structure: ['.van-stepper__minus--disabled', '.van-stepper__plus', 'input.van-stepper__input'],
    act: async (ctx) => {
      await ctx.page.tap('.van-stepper__plus');
      await expectDetail(ctx, 'onChange', 2);
      expect(
        (ctx.page.$('.van-stepper__input') as unknown as { value: string }).value ??
          ctx.page.$('.van-stepper__input')!.getAttribute('value'),
      ).toBe('2');
    },
  },
  {
    c: 'steps',
    wxml: '<van-steps steps="{{ steps }}" active="{{ active }}" bind:click-step="onClickStep" />',
    data: {
      steps: [
        { text: '步骤一', desc: '描述信息' },
        { text: '步骤二', desc: '描述信息' },
        { text: '步骤三', desc: '描述信息' },
      ],
      active: 1,
    },
    structure: ['.van-step--process', ['.van-step__title', '步骤一']],
    act: async (ctx) => {
      expect(ctx.page.$$('.van-step')).toHaveLength(3);
      await ctx.page.tap('.van-step:nth-child(3)');
      await expectDetail(ctx, 'onClickStep', 2);
    },
  },
  {
    c: 'sticky',
    wxml: '<van-sticky bind:scroll="onScroll">\n  <van-button type="primary" bind:click="onClick">基础用法</van-button>\n</van-sticky>',
    structure: ['.van-sticky', '.van-sticky-wrap van-button'],
    act: async (ctx) => {
      await ctx.page.tap('van-sticky van-button button');
      await ctx.event('onClick');
    },
  },
  {
    c: 'submit-bar',
    wxml: '<van-submit-bar price="{{ 3050 }}" button-text="提交订单" tip="您的收货地址不支持同城送, 我们已为您推荐快递" bind:submit="onSubmit" />',
    structure: [
      ['.van-submit-bar__price-integer', '30'],
      ['.van-submit-bar__price', '.50'],
      ['.van-submit-bar__tip', '您的收货地址不支持同城送'],
      ['.van-submit-bar__button', '提交订单'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.van-submit-bar__button button');
      await ctx.event('onSubmit');
    },
  },
  {
    c: 'swipe-cell',
    wxml: '<van-swipe-cell right-width="{{ 65 }}" left-width="{{ 65 }}" async-close bind:close="onClose">\n  <view slot="left">选择</view>\n  <van-cell-group>\n    <van-cell title="单元格" value="内容" />\n  </van-cell-group>\n  <view slot="right">删除</view>\n</van-swipe-cell>',
    methods: 'onClose(event) { event.detail.instance.close(); },',
    structure: [
      ['.van-swipe-cell__left', '选择'],
      ['.van-swipe-cell__right', '删除'],
      ['.van-cell__title', '单元格'],
    ],
    act: async (ctx) => {
      await ctx.page.swipe('.van-cell', { x: 200, dx: -100 });
      await ctx.page.waitFor((p) => /translate3d\(-65px/.test(p.$('.van-swipe-cell > view')!.getAttribute('style') ?? ''));
      await ctx.page.tap('.van-swipe-cell__right');
      const { detail } = await ctx.event('onClose');
      expect(detail.position).toBe('right');
    },
  },
  {
    c: 'switch',
    wxml: '<van-switch checked="{{ checked }}" bind:change="onChange" />',
    data: { checked: true },
    set: { onChange: 'checked' },
    structure: ['.van-switch--on', '.van-switch__node'],
    act: async (ctx) => {
      await ctx.page.tap('van-switch .van-switch');
      await expectDetail(ctx, 'onChange', false);
      await ctx.page.waitFor((p) => p.$('.van-switch--on') === null);
    },
  },
  {
    c: 'tab',
    wxml: '<van-tabs active="{{ active }}" bind:change="onChange">\n  <van-tab title="标签 1">内容 1</van-tab>\n  <van-tab title="标签 2">内容 2</van-tab>\n  <van-tab title="标签 3">内容 3</van-tab>\n</van-tabs>',
    data: { active: 1 },
    structure: [
      ['.van-tab--active', '标签 2'],
      ['.van-tab__pane--active', '内容 2'],
    ],
    act: async (ctx) => {
      // .van-tabs__nav holds the line first, then the tabs.
      await ctx.page.tap('.van-tab:nth-child(4)');
      expect((await ctx.event('onChange')).detail).toMatchObject({ index: 2, title: '标签 3' });
      await ctx.page.waitFor((p) => p.text('.van-tab__pane--active').includes('内容 3'));
    },
  },
  {
    c: 'tabbar',
    wxml: '<van-tabbar active="{{ active }}" bind:change="onChange">\n  <van-tabbar-item icon="home-o">标签</van-tabbar-item>\n  <van-tabbar-item icon="search">标签</van-tabbar-item>\n  <van-tabbar-item icon="friends-o">标签</van-tabbar-item>\n</van-tabbar>',
    data: { active: 0 },
    set: { onChange: 'active' },
    structure: ['.van-tabbar', '.van-tabbar-item--active'],
    act: async (ctx) => {
      await ctx.page.tap('van-tabbar-item:nth-child(2) .van-tabbar-item');
      await expectDetail(ctx, 'onChange', 1);
      await ctx.page.waitFor('van-tabbar-item:nth-child(2) .van-tabbar-item--active');
    },
  },
  {
    c: 'tabbar-item',
    wxml: '<van-tabbar active="{{ active }}" bind:change="onChange">\n  <van-tabbar-item name="home" icon="home-o" dot>标签</van-tabbar-item>\n  <van-tabbar-item name="friends" icon="friends-o" info="20">标签</van-tabbar-item>\n</van-tabbar>',
    data: { active: 'home' },
    set: { onChange: 'active' },
    structure: [
      ['.van-tabbar-item__text', '标签'],
      ['van-tabbar-item:nth-child(2) van-info', '20'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('van-tabbar-item:nth-child(2) .van-tabbar-item');
      await expectDetail(ctx, 'onChange', 'friends');
    },
  },
  {
    c: 'tabs',
    wxml: '<van-tabs active="a" bind:click="onClick">\n  <van-tab title="标签 1" name="a">内容 1</van-tab>\n  <van-tab title="标签 2" name="b">内容 2</van-tab>\n  <van-tab title="标签 3" name="c" disabled>内容 3</van-tab>\n</van-tabs>',
    structure: ['.van-tabs__nav', '.van-tab--disabled', '.van-tabs__line'],
    act: async (ctx) => {
      await ctx.page.tap('.van-tab:nth-child(3)');
      expect((await ctx.event('onClick')).detail).toMatchObject({ name: 'b', title: '标签 2' });
    },
  },
  {
    c: 'tag',
    wxml: '<van-tag wx:if="{{ show }}" closeable size="medium" type="primary" bind:close="onClose">标签</van-tag>',
    data: { show: true },
    methods: 'onClose() { this.setData({ show: false }); },',
    structure: [['.van-tag--primary', '标签'], '.van-tag__close'],
    act: async (ctx) => {
      await ctx.page.tap('.van-tag van-icon .van-icon');
      await ctx.event('onClose');
      await ctx.page.waitFor((p) => p.$('.van-tag') === null);
    },
  },
  {
    c: 'toast',
    wxml: '<van-button bind:click="onToast">文字提示</van-button>\n<van-toast id="van-toast" />',
    methods: "onToast() { const Toast = require('@vant/weapp/toast/toast').default; Toast('我是提示文案，建议不超过十五字~'); },",
    structure: ['van-toast#van-toast'],
    act: async (ctx) => {
      await ctx.page.tap('van-button button');
      await ctx.event('onToast');
      await ctx.page.waitFor((p) => p.text('.van-toast').includes('我是提示文案'));
    },
  },
  {
    c: 'transition',
    wxml: '<van-cell title="Fade" bind:click="onClickFade" />\n<van-transition show="{{ show }}" name="fade" custom-class="block" bind:enter="onEnter">内容</van-transition>',
    data: { show: false },
    methods: 'onClickFade() { this.setData({ show: true }); },',
    structure: [['.van-cell__title', 'Fade']],
    act: async (ctx) => {
      expect(ctx.page.$('.van-transition')).toBeNull();
      await ctx.page.tap('van-cell .van-cell');
      await ctx.page.waitFor((p) => p.text('.van-transition').includes('内容'));
      await ctx.event('onEnter');
    },
  },
  {
    c: 'tree-select',
    wxml: '<van-tree-select items="{{ items }}" main-active-index="{{ mainActiveIndex }}" active-id="{{ activeId }}" bind:click-nav="onClickNav" bind:click-item="onClickItem" />',
    data: { items: treeItems, mainActiveIndex: 0, activeId: null },
    methods:
      'onClickNav({ detail = {} }) { this.setData({ mainActiveIndex: detail.index || 0 }); },\nonClickItem({ detail = {} }) { this.setData({ activeId: detail.id }); },',
    structure: [
      ['.van-tree-select__nav', '浙江'],
      ['.van-tree-select__item', '杭州'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.van-tree-select__item:nth-child(2)');
      await ctx.page.waitFor('.van-tree-select__item--active');
      expect(ctx.page.data.activeId).toBe(2);
      await ctx.page.tap('van-sidebar-item:nth-child(2) .van-sidebar-item');
      expect((await ctx.event('onClickNav')).detail).toEqual({ index: 1 });
    },
  },
  {
    c: 'uploader',
    wxml: '<van-uploader file-list="{{ fileList }}" bind:after-read="afterRead" />',
    data: { fileList: [] },
    structure: ['.van-uploader', '.van-uploader__upload'],
    act: async (ctx) => {
      mpsim.user.pick([0]);
      await ctx.page.tap('.van-uploader__upload');
      const { detail } = await ctx.event('afterRead');
      expect(detail.file.url ?? detail.file.tempFilePath).toMatch(/^(wxfile|http):\/\//);
    },
  },
];

/** Named exceptions: component → the stage that fails and why (none left). */
const known: Record<string, Known> = {};

describeLibrary(vant, cases, known);

declare const mpsim: any;
