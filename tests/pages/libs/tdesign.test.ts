/**
 * @jest-environment-options {"mpsim":{"unhandledRejections":"log"}}
 *
 * tdesign-miniprogram 1.16.0 (raw, as npm ships it), component by component, as its demos
 * (packages/components/<c>/_example and packages/pro-components/chat/<c>/_example of
 * Tencent/tdesign-miniprogram) use each one: the page opens, renders the documented structure,
 * and one realistic interaction reaches the page's handler. Runner: ./runner.ts. A rejection the
 * library leaves unhandled is logged as on the phone and counts as an error of the stage it happens in.
 */
import { describeLibrary, tdesign, type Case, type Ctx, type Known } from './runner';

jest.setTimeout(60_000);

/** The demos' controlled-value handler: `onChange(e) { this.setData({ <path>: e.detail.value }) }`. */
const keep = (path: string, handler = 'onChange') => `${handler}(e) { this.setData({ ${JSON.stringify(path)}: e.detail.value }); },`;
const detailOf = async (ctx: Ctx, handler: string) => (await ctx.event(handler)).detail;
const show = (flag: string, handler: string) => `${handler}() { this.setData({ ${flag}: true }); },`;

const cityOptions = [
  { label: '北京市', value: '110000' },
  { label: '上海市', value: '310000' },
  { label: '广州市', value: '440100' },
];
const areaOptions = [
  { label: '北京市', value: '110000', children: [{ value: '110100', label: '北京市', children: [{ value: '110101', label: '东城区' }] }] },
  { label: '天津市', value: '120000', children: [{ value: '120100', label: '天津市', children: [{ value: '120101', label: '和平区' }] }] },
];
const img = 'https://tdesign.gtimg.com/mobile/demos/example1.png';

const cases: Case[] = [
  {
    c: 'action-sheet',
    wxml: '<t-action-sheet visible="{{visible}}" items="{{items}}" bind:selected="handleSelected" bind:cancel="handleCancel" />',
    data: { visible: true, items: [{ label: '默认选项' }, { label: '失效选项', disabled: true }, { label: '警告选项', color: '#e34d59' }] },
    structure: ['.t-action-sheet', ['.t-action-sheet__list-item', '默认选项'], ['.t-action-sheet__cancel', '取消']],
    act: async (ctx) => {
      await ctx.page.tap('.t-action-sheet__list-item:nth-child(3)');
      expect(await detailOf(ctx, 'handleSelected')).toMatchObject({ index: 2, selected: { label: '警告选项' } });
    },
  },
  {
    c: 'attachments',
    wxml: '<t-attachments items="{{items}}" bind:fileClick="onFileClick" bind:remove="onRemove" />',
    data: {
      items: [
        { fileType: 'image', name: 'sample-image.jpg', url: 'https://tdesign.gtimg.com/site/avatar.jpg', size: 1024, status: 'success' },
      ],
    },
    structure: ['.t-attachments', '.t-attachments__file image'],
    act: async (ctx) => {
      await ctx.page.tap('.t-attachments__file image');
      expect(await detailOf(ctx, 'onFileClick')).toMatchObject({ item: { name: 'sample-image.jpg' } });
    },
  },
  {
    c: 'avatar',
    wxml: '<t-avatar image="{{image}}" bind:error="onError" />\n<t-avatar>A</t-avatar>',
    data: { image: 'https://tdesign.gtimg.com/mobile/demos/avatar1.png' },
    structure: ['.t-avatar image', ['t-avatar:nth-child(2) .t-avatar', 'A']],
    act: async (ctx) => {
      await ctx.page.trigger('t-avatar image', 'error', { errMsg: 'GET image 404' });
      await detailOf(ctx, 'onError');
    },
  },
  {
    c: 'avatar-group',
    wxml: '<t-avatar-group cascading="right-up" max="2" collapse-avatar="+1" bind:collapsed-item-click="onClickCollapsedAvatar">\n  <t-avatar wx:for="{{pics}}" wx:for-item="pic" wx:key="index" image="{{pic}}" />\n</t-avatar-group>',
    data: {
      pics: [
        'https://tdesign.gtimg.com/mobile/demos/avatar1.png',
        'https://tdesign.gtimg.com/mobile/demos/avatar2.png',
        'https://tdesign.gtimg.com/mobile/demos/avatar3.png',
      ],
    },
    structure: ['.t-avatar-group', ['.t-avatar-group__collapse--default', '+1']],
    act: async (ctx) => {
      await ctx.page.tap('.t-avatar-group__collapse--default');
      await ctx.event('onClickCollapsedAvatar');
    },
  },
  {
    c: 'back-top',
    wxml: '<t-back-top theme="round" text="顶部" scroll-top="{{scrollTop}}" bind:to-top="onToTop" />',
    data: { scrollTop: 0 },
    methods: 'onPageScroll(e) { this.setData({ scrollTop: e.scrollTop }); },',
    structure: ['.t-back-top', ['.t-back-top__text--round', '顶部']],
    act: async (ctx) => {
      (ctx.page.instance as any).onPageScroll({ scrollTop: 800 });
      await ctx.page.tap('.t-back-top');
      await ctx.event('onToTop');
      expect(ctx.app.scrolls.at(-1)).toMatchObject({ scrollTop: 0 });
    },
  },
  {
    c: 'badge',
    wxml: '<t-badge count="{{count}}" content="消息" />\n<t-button bind:tap="onRead">已读</t-button>',
    data: { count: 8 },
    methods: 'onRead() { this.setData({ count: 0 }); },',
    structure: [
      ['.t-badge--basic', '8'],
      ['.t-badge__content', '消息'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onRead');
      await ctx.page.waitFor((p) => p.$('.t-badge--basic') === null);
    },
  },
  {
    c: 'button',
    wxml: '<t-button theme="primary" size="large" bind:tap="onTap">填充按钮</t-button>',
    structure: ['.t-button--primary', ['.t-button__content', '填充按钮']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      expect((await ctx.event('onTap')).type).toBe('tap');
    },
  },
  {
    c: 'calendar',
    wxml: '<t-calendar visible="{{visible}}" value="{{value}}" bind:confirm="handleConfirm" bind:close="onClose" />\n<t-cell arrow title="单个选择日历" bind:tap="handleCalendar" />',
    data: { visible: false, value: new Date(2022, 0, 15).getTime() },
    methods: show('visible', 'handleCalendar'),
    structure: [['.t-cell__title', '单个选择日历']],
    act: async (ctx) => {
      await ctx.page.tap('t-cell .t-cell');
      await ctx.page.waitFor('.t-calendar__dates-item');
      await ctx.page.tap('.t-calendar__footer t-button button');
      expect(await detailOf(ctx, 'handleConfirm')).toEqual({ value: new Date(2022, 0, 15).getTime() });
    },
  },
  {
    c: 'cascader',
    wxml: '<t-cell title="地址" note="{{note}}" bind:click="showCascader" arrow />\n<t-cascader visible="{{visible}}" value="{{value}}" options="{{options}}" title="请选择地址" bind:change="onChange" />',
    data: { visible: false, value: '', note: '请选择地址', options: areaOptions },
    methods: show('visible', 'showCascader'),
    structure: [['.t-cell__title', '地址']],
    act: async (ctx) => {
      await ctx.page.tap('t-cell .t-cell');
      await ctx.page.waitFor((p) => p.text('.t-cascader').includes('天津市'));
      for (const label of ['天津市', '天津市', '和平区']) {
        await ctx.page.waitFor((p) =>
          p.$$('.t-cascader__options t-radio').some((r) => r.textContent?.trim() === label && !r.hasAttribute('id')),
        );
        const el = ctx.page
          .$$('.t-cascader__options t-radio')
          .filter((r) => r.textContent?.trim() === label && !r.hasAttribute('id'))
          .at(-1)!;
        el.setAttribute('id', `pick-${label}-${Math.random().toString(36).slice(2)}`);
        await ctx.page.tap(`#${el.getAttribute('id')} .t-radio`);
      }
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: '120101' });
    },
  },
  {
    c: 'cell',
    wxml: '<t-cell title="单行标题" hover note="辅助信息" arrow bind:click="onClick" />',
    structure: [['.t-cell__title', '单行标题'], ['.t-cell__note', '辅助信息'], '.t-cell__right-icon'],
    act: async (ctx) => {
      await ctx.page.tap('t-cell .t-cell');
      await ctx.event('onClick');
    },
  },
  {
    c: 'cell-group',
    wxml: '<t-cell-group title="分组标题" theme="card">\n  <t-cell title="单行标题" arrow bind:click="onClick" />\n  <t-cell title="单行标题" arrow />\n</t-cell-group>',
    structure: [['.t-cell-group__title', '分组标题'], '.t-cell-group--card t-cell'],
    act: async (ctx) => {
      await ctx.page.tap('t-cell .t-cell');
      await ctx.event('onClick');
    },
  },
  ...['chat-actionbar'].map((c): Case => ({
    c,
    wxml: '<t-chat-actionbar content="{{content}}" bind:actions="handleAction" />',
    data: { content: '这是一段可以被复制的内容' },
    structure: ['.t-chat-actionbar', '.t-chat-actionbar__item[data-name="copy"]'],
    act: async (ctx) => {
      await ctx.page.tap('.t-chat-actionbar__item[data-name="good"]');
      expect(await detailOf(ctx, 'handleAction')).toMatchObject({ name: 'good' });
    },
  })),
  {
    c: 'chat-content',
    wxml: '<t-chat-content content="{{userContent}}" role="user" bindclick="onClick" />',
    data: { userContent: { type: 'text', data: '这是用户发送的普通文本内容' } },
    structure: ['.t-chat-content__user', '.t-chat-content rich-text[nodes="这是用户发送的普通文本内容"]'],
    act: async (ctx) => {
      await ctx.page.setData({ userContent: { type: 'text', data: '第二条内容' } });
      await ctx.page.waitFor('.t-chat-content rich-text[nodes="第二条内容"]');
    },
  },
  {
    c: 'chat-list',
    wxml: '<t-chat-list bind:scroll="onScroll">\n  <block wx:for="{{chatList}}" wx:key="index">\n    <t-chat-message content="{{item.content}}" role="{{item.role}}" placement="{{item.role === \'user\' ? \'right\' : \'left\'}}" />\n  </block>\n</t-chat-list>',
    data: {
      chatList: [
        { role: 'user', content: [{ type: 'text', data: '牛顿第一定律是否适用于所有参考系？' }] },
        { role: 'assistant', content: [{ type: 'text', data: '不，只适用于惯性参考系。' }] },
      ],
    },
    structure: ['.t-chat-list', 't-chat-message rich-text[nodes="牛顿第一定律是否适用于所有参考系？"]'],
    act: async (ctx) => {
      await ctx.page.trigger('.t-chat-list scroll-view', 'scroll', { scrollTop: 100, scrollHeight: 1000 });
      await ctx.event('onScroll');
    },
  },
  {
    c: 'chat-loading',
    wxml: '<t-chat-loading animation="{{animation}}" text="{{text}}" />\n<t-button bind:tap="onNext">切换</t-button>',
    data: { animation: 'moving', text: '正在理解中...' },
    methods: "onNext() { this.setData({ animation: 'circle', text: '加载中...' }); },",
    structure: ['.t-chat-loading', ['.t-chat-loading__text', '正在理解中...']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onNext');
      await ctx.page.waitFor((p) => p.text('.t-chat-loading__text').includes('加载中...'));
    },
  },
  {
    c: 'chat-markdown',
    wxml: '<t-chat-markdown content="{{markdownContent}}" bind:click="handleNodeTap" />',
    data: { markdownContent: '# 标题\n\n这是一段 **粗体** 文本，[链接](https://tdesign.tencent.com)。' },
    structure: [
      ['.t-chat-markdown', '标题'],
      ['.t-chat-markdown', '粗体'],
    ],
    act: async (ctx) => {
      const link = ctx.page
        .$$('.t-chat-markdown *')
        .filter((e) => e.textContent?.trim() === '链接')
        .at(-1);
      if (!link) throw new Error('no link node rendered');
      link.setAttribute('id', 'md-link');
      await ctx.page.tap('#md-link');
      expect((await detailOf(ctx, 'handleNodeTap')).node).toMatchObject({ type: 'link' });
    },
  },
  {
    c: 'chat-message',
    wxml: '<t-chat-message content="{{content}}" role="user" bind:message-longpress="onLongPress" />',
    data: { content: [{ type: 'text', data: '牛顿第一定律是否适用于所有参考系？' }] },
    structure: ['.t-chat-message', '.t-chat-message__detail rich-text[nodes="牛顿第一定律是否适用于所有参考系？"]'],
    act: async (ctx) => {
      await ctx.page.longpress('.t-chat-message__detail');
      await ctx.event('onLongPress');
    },
  },
  {
    c: 'chat-record',
    wxml: '<t-chat-record bind:recognize="onRecognize" bind:cancel="onCancel" bind:error="onError" />',
    structure: ['.t-chat-record', '.t-chat-record-audio-input'],
    act: async (ctx) => {
      await ctx.page.tap('.t-chat-record-hook');
      await ctx.page.swipe('.t-chat-record-audio-input', { y: 600, dy: -10 });
      await ctx.event('onRecognize');
    },
  },
  {
    c: 'chat-sender',
    wxml: '<t-chat-sender value="{{value}}" placeholder="请输入消息..." bind:send="onSend" bind:change="onChange" />',
    data: { value: '' },
    methods: keep('value'),
    structure: ['.t-chat-sender', 'textarea'],
    act: async (ctx) => {
      await ctx.page.input('t-chat-sender textarea', '你好');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: '你好' });
      await ctx.page.confirm('t-chat-sender textarea');
      expect(await detailOf(ctx, 'onSend')).toMatchObject({ value: '你好' });
    },
  },
  {
    c: 'chat-thinking',
    wxml: '<t-chat-thinking content="{{content}}" layout="block" status="complete" animation="moving" bind:collapsedChange="handleCollapsedChange" />',
    data: { content: { title: '思考过程', text: '嗯，用户问牛顿第一定律是不是适用于所有参考系。' } },
    structure: [['.t-chat-thinking', '思考过程']],
    act: async (ctx) => {
      await ctx.page.tap('.t-chat-thinking__icon--collapse');
      await ctx.event('handleCollapsedChange');
    },
  },
  {
    c: 'check-tag',
    wxml: '<t-check-tag size="large" variant="dark" content="{{ [\'已选中态\', \'未选中态\'] }}" bind:change="onChange" />',
    structure: [['.t-tag', '未选中态']],
    act: async (ctx) => {
      await ctx.page.tap('.t-tag');
      expect(await detailOf(ctx, 'onChange')).toEqual({ checked: true });
      await ctx.page.waitFor((p) => p.text('.t-tag').includes('已选中态'));
    },
  },
  {
    c: 'checkbox',
    wxml: '<t-checkbox-group value="{{current}}" bind:change="handleGroupChange" options="{{options}}" />',
    data: {
      current: [1],
      options: [
        { label: '多选', value: 1 },
        { label: '多选', value: 2 },
        { label: '多选标题多行', value: 3 },
      ],
    },
    methods: keep('current', 'handleGroupChange'),
    structure: ['.t-checkbox__icon--checked', ['.t-checkbox__title', '多选']],
    act: async (ctx) => {
      await ctx.page.tap('t-checkbox:nth-child(2) .t-checkbox');
      expect(await detailOf(ctx, 'handleGroupChange')).toMatchObject({ value: [1, 2] });
    },
  },
  {
    c: 'checkbox-group',
    wxml: '<t-checkbox-group value="{{value}}" bind:change="onChange">\n  <t-checkbox value="a" label="选项 a" />\n  <t-checkbox value="b" label="选项 b" />\n</t-checkbox-group>',
    data: { value: ['a'] },
    methods: keep('value'),
    structure: ['.t-checkbox-group', '.t-checkbox__icon--checked', ['.t-checkbox__title--checked', '选项 a']],
    act: async (ctx) => {
      await ctx.page.tap('t-checkbox:nth-child(2) .t-checkbox');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: ['a', 'b'] });
      await ctx.page.waitFor((p) => p.$$('.t-checkbox__icon--checked').length === 2);
    },
  },
  {
    c: 'col',
    wxml: '<t-row gutter="16">\n  <t-col span="8">col-8</t-col>\n  <t-col span="16" offset="0"><t-button bind:tap="onTap">col-16</t-button></t-col>\n</t-row>',
    structure: [['.t-col--8', 'col-8'], '.t-col--16'],
    act: async (ctx) => {
      expect(ctx.page.$('.t-col--8')!.getAttribute('style') ?? '').toMatch(/padding-(left|right):\s*8px/);
      await ctx.page.tap('t-col t-button button');
      await ctx.event('onTap');
    },
  },
  {
    c: 'collapse',
    wxml: '<t-collapse value="{{activeValues}}" bind:change="handleChange">\n  <t-collapse-panel header="折叠面板标题" value="{{0}}" expandIcon>此处可自定义内容</t-collapse-panel>\n  <t-collapse-panel header="折叠面板标题二" value="{{1}}" expandIcon>第二块内容</t-collapse-panel>\n</t-collapse>',
    data: { activeValues: [0] },
    methods: keep('activeValues', 'handleChange'),
    structure: ['.t-collapse', ['.t-collapse-panel__content', '此处可自定义内容']],
    act: async (ctx) => {
      await ctx.page.tap('t-collapse-panel:nth-child(2) .t-collapse-panel__title t-cell .t-cell');
      expect(await detailOf(ctx, 'handleChange')).toMatchObject({ value: [0, 1] });
    },
  },
  {
    c: 'collapse-panel',
    wxml: '<t-collapse defaultValue="{{[]}}" expandMutex bind:change="handleChange">\n  <t-collapse-panel header="折叠面板标题" value="a" expandIcon>此处可自定义内容</t-collapse-panel>\n</t-collapse>',
    structure: [['.t-collapse-panel__title', '折叠面板标题']],
    act: async (ctx) => {
      await ctx.page.tap('.t-collapse-panel__title t-cell .t-cell');
      expect(await detailOf(ctx, 'handleChange')).toMatchObject({ value: ['a'] });
    },
  },
  {
    c: 'color-picker',
    wxml: '<t-color-picker type="multiple" value="{{color}}" swatch-colors="{{swatches}}" bind:change="onChange" />',
    data: { color: '#0052D9', swatches: ['#F2F3FF', '#0052D9', '#E34D59'] },
    structure: ['.t-color-picker__panel', '.t-color-picker__swatches-item'],
    act: async (ctx) => {
      await ctx.page.tap('.t-color-picker__swatches-item:nth-child(3)');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({
        value: 'rgb(227, 77, 89)',
        context: { trigger: 'preset', color: { hex: '#e34d59' } },
      });
    },
  },
  {
    c: 'config-provider',
    wxml: '<t-config-provider themeVars="{{themeVars}}">\n  <t-button theme="primary" bind:tap="onTap">主题按钮</t-button>\n</t-config-provider>',
    data: { themeVars: { buttonPrimaryBgColor: '#00a870' } },
    structure: ['.t-config-provider', ['.t-button--primary', '主题按钮']],
    act: async (ctx) => {
      expect(ctx.page.$('.t-config-provider')!.getAttribute('style')).toMatch(/--td-button-primary-bg-color:\s*#00a870/);
      await ctx.page.tap('t-button button');
      await ctx.event('onTap');
    },
  },
  {
    c: 'count-down',
    wxml: '<t-count-down time="{{ time }}" format="HH:mm:ss:SSS" millisecond bind:finish="onFinish" />',
    data: { time: 300 },
    structure: ['.t-count-down'],
    act: async (ctx) => {
      await ctx.event('onFinish');
      expect(ctx.page.text('.t-count-down')).toMatch(/00\D*00\D*00\D*000/);
    },
  },
  {
    c: 'date-time-picker',
    wxml: '<t-cell title="选择日期" hover note="{{dateText}}" arrow bindtap="showPicker" />\n<t-date-time-picker title="选择日期" visible="{{dateVisible}}" mode="date" value="{{date}}" format="YYYY-MM-DD" bindconfirm="onConfirm" />',
    data: { dateVisible: false, date: '2021-12-23', dateText: '' },
    methods: show('dateVisible', 'showPicker'),
    structure: [['.t-cell__title', '选择日期']],
    act: async (ctx) => {
      await ctx.page.tap('t-cell .t-cell');
      await ctx.page.waitFor('.t-picker__confirm');
      await ctx.page.tap('.t-picker__confirm');
      expect(await detailOf(ctx, 'onConfirm')).toMatchObject({ value: '2021-12-23' });
    },
  },
  {
    c: 'dialog',
    wxml: '<t-dialog visible="{{showConfirm}}" title="对话框标题" content="告知当前状态、信息和解决方法" confirm-btn="{{ { content: \'确定\', variant: \'base\' } }}" cancel-btn="取消" bind:confirm="closeDialog" bind:cancel="closeDialog" />',
    data: { showConfirm: true },
    methods: 'closeDialog() { this.setData({ showConfirm: false }); },',
    structure: [
      ['.t-dialog__header', '对话框标题'],
      ['.t-dialog__body-text', '告知当前状态'],
      ['.t-dialog__footer', '确定'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.t-dialog__footer t-button:last-child button');
      expect((await ctx.event('closeDialog')).type).toBe('confirm');
    },
  },
  {
    c: 'divider',
    wxml: '<t-divider content="{{text}}" />\n<t-button bind:tap="onRead">已读</t-button>',
    data: { text: '文字信息' },
    methods: "onRead() { this.setData({ text: '没有更多了' }); },",
    structure: [['.t-divider__content', '文字信息']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onRead');
      await ctx.page.waitFor((p) => p.text('.t-divider__content').includes('没有更多了'));
    },
  },
  {
    c: 'drawer',
    wxml: '<t-drawer visible="{{visible}}" placement="left" items="{{sidebar}}" bind:overlay-click="overlayClick" bind:item-click="itemClick" />',
    data: { visible: true, sidebar: [{ title: '菜单一' }, { title: '菜单二' }] },
    structure: ['.t-drawer', ['.t-drawer__sidebar-item', '菜单一']],
    act: async (ctx) => {
      await ctx.page.tap('.t-drawer__sidebar-item:nth-child(2)');
      expect(await detailOf(ctx, 'itemClick')).toMatchObject({ index: 1, item: { title: '菜单二' } });
    },
  },
  {
    c: 'dropdown-item',
    wxml: '<t-dropdown-menu>\n  <t-dropdown-item options="{{product.options}}" value="{{product.value}}" bindchange="onChange" />\n</t-dropdown-menu>',
    data: {
      product: {
        value: 'all',
        options: [
          { value: 'all', label: '全部产品' },
          { value: 'new', label: '最新产品' },
          { value: 'hot', label: '最火产品' },
        ],
      },
    },
    methods: keep('product.value'),
    structure: [['.t-dropdown-menu__title', '全部产品']],
    act: async (ctx) => {
      await ctx.page.tap('.t-dropdown-menu__item');
      await ctx.page.waitFor((p) => p.text('.t-dropdown-item').includes('最新产品'));
      const opt = ctx.page.$$('.t-dropdown-item t-radio').find((r) => r.textContent?.includes('最新产品'))!;
      opt.setAttribute('id', 'opt-new');
      await ctx.page.tap('#opt-new .t-radio');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 'new' });
    },
  },
  {
    c: 'dropdown-menu',
    wxml: '<t-dropdown-menu bind:open="onOpen">\n  <t-dropdown-item label="排序" options="{{sorter.options}}" value="{{sorter.value}}" />\n  <t-dropdown-item label="状态" options="{{sorter.options}}" value="{{sorter.value}}" />\n</t-dropdown-menu>',
    data: {
      sorter: {
        value: 'default',
        options: [
          { value: 'default', label: '默认排序' },
          { value: 'price', label: '价格从高到低' },
        ],
      },
    },
    structure: ['.t-dropdown-menu', ['.t-dropdown-menu__item', '默认排序']],
    act: async (ctx) => {
      expect(ctx.page.$$('.t-dropdown-menu__item')).toHaveLength(2);
      await ctx.page.tap('.t-dropdown-menu__item:nth-child(2)');
      await ctx.event('onOpen');
    },
  },
  {
    c: 'empty',
    wxml: '<t-empty icon="info-circle-filled" description="描述文字" action="{{ { content: \'操作按钮\' } }}">\n  <t-button slot="action" theme="primary" bind:tap="onRetry">操作按钮</t-button>\n</t-empty>',
    structure: ['.t-empty', ['.t-empty__description', '描述文字'], '.t-empty__thumb t-icon'],
    act: async (ctx) => {
      await ctx.page.tap('.t-empty t-button button');
      await ctx.event('onRetry');
    },
  },
  {
    c: 'fab',
    wxml: '<t-fab icon="add" text="新建" bind:click="handleClick" aria-label="增加" />',
    structure: ['.t-fab', ['.t-fab', '新建']],
    act: async (ctx) => {
      await ctx.page.tap('.t-fab t-button button');
      await ctx.event('handleClick');
    },
  },
  {
    c: 'footer',
    wxml: '<t-footer text="{{text}}" links="{{links}}" />',
    data: { text: 'Copyright © 2021-2031 TD.All Rights Reserved.', links: [{ name: '底部链接', url: '/pages/home/index' }] },
    structure: [
      ['.t-footer__text', 'Copyright'],
      ['.t-footer__link-item', '底部链接'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.t-footer__link-item');
      await ctx.page.waitFor(() => ctx.app.currentPage.route === 'pages/home/index');
    },
  },
  {
    c: 'form',
    wxml: '<t-form id="form" data="{{formData}}" rules="{{rules}}" show-error-message bind:submit="onSubmit">\n  <t-form-item label="用户名" name="name" help="输入用户名">\n    <t-input value="{{formData.name}}" placeholder="请输入内容" bind:change="onNameChange" />\n  </t-form-item>\n  <t-button theme="primary" formType="submit" bind:tap="submit">提交</t-button>\n</t-form>',
    data: { formData: { name: '' }, rules: { name: [{ required: true, message: '用户名必填' }] } },
    methods:
      "onNameChange(e) { this.setData({ 'formData.name': e.detail.value }); },\nsubmit() { this.selectComponent('#form').submit(); },",
    structure: ['.t-form', ['.t-form__label', '用户名']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      expect((await detailOf(ctx, 'onSubmit')).validateResult).toMatchObject({ name: [{ message: '用户名必填' }] });
    },
  },
  {
    c: 'form-item',
    wxml: '<t-form id="form" data="{{formData}}" rules="{{rules}}" show-error-message bind:submit="onSubmit">\n  <t-form-item label="用户名" name="name" help="输入用户名">\n    <t-input value="{{formData.name}}" placeholder="请输入内容" bind:change="onNameChange" />\n  </t-form-item>\n  <t-button theme="primary" bind:tap="submit">提交</t-button>\n</t-form>',
    data: { formData: { name: '' }, rules: { name: [{ required: true, message: '用户名必填' }] } },
    methods:
      "onNameChange(e) { this.setData({ 'formData.name': e.detail.value }); },\nsubmit() { this.selectComponent('#form').submit(); },",
    structure: [
      ['.t-form-item', '用户名'],
      ['.t-form__item-help', '输入用户名'],
    ],
    act: async (ctx) => {
      await ctx.page.input('t-form-item input', 'tdesign');
      await ctx.page.tap('t-button button');
      expect(await detailOf(ctx, 'onSubmit')).toMatchObject({ validateResult: true });
    },
  },
  {
    c: 'grid',
    wxml: '<t-grid column="{{4}}">\n  <t-grid-item text="标题文字" image="{{img}}" bind:click="onClick" />\n  <t-grid-item text="标题文字" image="{{img}}" />\n  <t-grid-item text="最多四字" image="{{img}}" />\n</t-grid>',
    data: { img },
    structure: ['.t-grid', ['.t-grid-item__text', '标题文字']],
    act: async (ctx) => {
      expect(ctx.page.$$('t-grid-item')).toHaveLength(3);
      await ctx.page.tap('t-grid-item .t-grid-item');
      await ctx.event('onClick');
    },
  },
  {
    c: 'grid-item',
    wxml: '<t-grid column="{{3}}">\n  <t-grid-item text="首页" icon="home" url="/pages/home/index" />\n  <t-grid-item text="消息" icon="chat" badge-props="{{ { count: 8 } }}" bind:click="onClick" />\n</t-grid>',
    structure: [
      ['.t-grid-item__text', '首页'],
      ['.t-badge--basic', '8'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('t-grid-item:nth-child(2) .t-grid-item');
      await ctx.event('onClick');
      await ctx.page.tap('t-grid-item .t-grid-item');
      await ctx.page.waitFor(() => ctx.app.currentPage.route === 'pages/home/index');
    },
  },
  {
    c: 'guide',
    wxml: '<view class="main-title">用户引导标题</view>\n<t-button id="btn" bind:tap="onOpen">确定</t-button>\n<t-guide current="{{current}}" steps="{{steps}}" bind:change="onChange" bind:skip="onSkip" bind:finish="onFinish" />',
    data: { current: -1, steps: [] },
    methods:
      "onOpen() { this.setData({ current: 0, steps: [{ element: () => new Promise((resolve) => this.createSelectorQuery().select('#btn').boundingClientRect((rect) => resolve(rect)).exec()), title: '用户引导标题', body: '按钮用于开启一个闭环的操作任务', placement: 'center' }] }); },\n" +
      keep('current'),
    structure: [['.main-title', '用户引导标题']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.page.waitFor((p) => p.text('.t-guide__container').includes('用户引导标题'));
      const done = ctx.page.$$('.t-guide__container t-button').find((b) => b.textContent?.includes('完成'))!;
      done.setAttribute('id', 'guide-done');
      await ctx.page.tap('#guide-done button');
      await ctx.event('onFinish');
    },
  },
  {
    c: 'icon',
    wxml: '<t-icon name="app" size="48rpx" data-name="app" bind:click="onIconTap" />',
    structure: ['.t-icon-app'],
    act: async (ctx) => {
      await ctx.page.tap('t-icon .t-icon');
      await ctx.event('onIconTap');
    },
  },
  {
    c: 'image',
    wxml: '<t-image src="{{imageSrc}}" mode="aspectFill" width="72" height="72" bind:load="onLoad" bind:error="onError" />',
    data: { imageSrc: 'https://tdesign.gtimg.com/mobile/demos/image1.jpeg' },
    structure: ['.t-image', 'image[src="https://tdesign.gtimg.com/mobile/demos/image1.jpeg"]'],
    act: async (ctx) => {
      await ctx.page.trigger('t-image image', 'load', { width: 72, height: 72 });
      await ctx.event('onLoad');
      expect(ctx.page.$('.t-image__mask')).toBeNull();
    },
  },
  {
    c: 'image-viewer',
    wxml: '<t-button bind:tap="onClick">基础图片预览</t-button>\n<t-image-viewer close-btn show-index visible="{{visible}}" images="{{images}}" bind:change="onChange" bind:close="onClose" />',
    data: {
      visible: false,
      images: ['https://tdesign.gtimg.com/mobile/demos/swiper1.png', 'https://tdesign.gtimg.com/mobile/demos/swiper2.png'],
    },
    methods: 'onClick() { this.setData({ visible: true }); },\nonClose() { this.setData({ visible: false }); },',
    structure: [['t-button', '基础图片预览']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.page.waitFor((p) => p.text('.t-image-viewer__nav-index').includes('1/2'));
      await ctx.page.tap('.t-image-viewer__nav-close');
      expect(await detailOf(ctx, 'onClose')).toMatchObject({ trigger: 'button', visible: false });
    },
  },
  {
    c: 'indexes',
    wxml: '<t-indexes index-list="{{indexList}}" bind:select="onSelect">\n  <block wx:for="{{list}}" wx:key="index">\n    <t-indexes-anchor index="{{item.index}}" />\n    <t-cell-group>\n      <t-cell wx:for="{{item.children}}" wx:key="city" wx:for-item="city" title="{{city}}" />\n    </t-cell-group>\n  </block>\n</t-indexes>',
    data: {
      indexList: ['A', 'B'],
      list: [
        { index: 'A', children: ['阿坝', '阿拉善'] },
        { index: 'B', children: ['北京', '保定'] },
      ],
    },
    // The active anchor shows once the list measured its anchors: its indexList observer asks for
    // the rects, its `ready` empties the list they fill — the answers must come after ready, as on
    // the client (queries made during a page's first render wait for its ready: QueryWorld.holdUntilReady).
    structure: [['.t-indexes__sidebar', 'B'], ['.t-indexes-anchor', 'A'], '.t-indexes-anchor__wrapper--active'],
    act: async (ctx) => {
      await ctx.page.tap('.t-indexes__sidebar-item:nth-child(2)');
      expect(await detailOf(ctx, 'onSelect')).toMatchObject({ index: 'B' });
    },
  },
  {
    c: 'indexes-anchor',
    wxml: '<t-indexes index-list="{{indexList}}" bind:select="onSelect">\n  <t-indexes-anchor index="A">\n    <view>A 开头</view>\n  </t-indexes-anchor>\n  <t-cell title="阿坝" />\n  <t-indexes-anchor index="B" />\n  <t-cell title="北京" />\n</t-indexes>',
    data: { indexList: ['A', 'B'] },
    structure: [
      ['.t-indexes-anchor', 'A'],
      ['t-indexes-anchor:nth-of-type(2) .t-indexes-anchor', 'B'],
      '.t-indexes-anchor__wrapper--active',
    ],
    act: async (ctx) => {
      await ctx.page.tap('.t-indexes__sidebar-item:nth-child(2)');
      expect(await detailOf(ctx, 'onSelect')).toEqual({ index: 'B' });
    },
  },
  {
    c: 'input',
    wxml: '<t-input label="标签文字" placeholder="请输入文字" value="{{value}}" bind:change="onChange" />',
    data: { value: '' },
    methods: keep('value'),
    structure: [['.t-input__label', '标签文字'], 'input[placeholder="请输入文字"]'],
    act: async (ctx) => {
      await ctx.page.input('t-input input', 'tdesign');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 'tdesign' });
      expect(ctx.page.data.value).toBe('tdesign');
    },
  },
  {
    c: 'link',
    wxml: '<t-link size="small" theme="primary" content="跳转链接" navigator-props="{{ { url: \'/pages/home/index\' } }}" hover bind:success="onSuccess" />',
    structure: [['.t-link--primary', '跳转链接']],
    act: async (ctx) => {
      await ctx.page.tap('.t-link navigator, navigator.t-link');
      await ctx.page.waitFor(() => ctx.app.currentPage.route === 'pages/home/index');
    },
  },
  {
    c: 'loading',
    wxml: '<t-loading theme="circular" size="40rpx" text="加载中" loading="{{loading}}" />\n<t-button bind:tap="onDone">完成</t-button>',
    data: { loading: true },
    methods: 'onDone() { this.setData({ loading: false }); },',
    structure: ['.t-loading__spinner--circular, .t-loading__circular', ['.t-loading__text', '加载中']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onDone');
      await ctx.page.waitFor((p) => /display:\s*none/.test(p.$('.t-loading')!.getAttribute('style') ?? ''));
    },
  },
  {
    c: 'message',
    wxml: '<t-message id="t-message" />\n<t-button theme="primary" bind:tap="showTextMessage">纯文字的通知</t-button>',
    methods:
      "showTextMessage() { const Message = require('tdesign-miniprogram/message/index').default; Message.info({ context: this, offset: [90, 32], duration: 200, content: '这是一条纯文字的消息通知' }); },",
    structure: ['t-message#t-message'],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.page.waitFor((p) => p.text('.t-message').includes('这是一条纯文字的消息通知'));
      // It leaves after its duration (200 ms).
      await ctx.page.waitFor((p) => !p.text('t-message').includes('这是一条纯文字的消息通知'));
    },
  },
  {
    c: 'message-item',
    wxml: '<t-message visible="{{visible}}" content="这是一条通过组件调用的消息通知" close-btn bind:close-btn-click="onClose" />',
    data: { visible: true },
    methods: 'onClose() { this.setData({ visible: false }); },',
    structure: [['.t-message__text', '这是一条通过组件调用的消息通知']],
    act: async (ctx) => {
      await ctx.page.tap('.t-message__icon--right');
      await ctx.event('onClose');
    },
  },
  {
    c: 'navbar',
    wxml: '<t-navbar title="标题文字" fixed="{{false}}" left-arrow delta="{{0}}" bind:go-back="handleBack" />',
    structure: [['.t-navbar__center-title', '标题文字'], '.t-navbar__left-arrow'],
    act: async (ctx) => {
      await ctx.page.tap('.t-navbar__btn');
      await ctx.event('handleBack');
    },
  },
  {
    c: 'notice-bar',
    wxml: '<t-notice-bar visible="{{true}}" content="这是一条普通的通知信息" suffixIcon="chevron-right" bind:click="click" />',
    structure: [['.t-notice-bar__content', '这是一条普通的通知信息']],
    act: async (ctx) => {
      await ctx.page.tap('.t-notice-bar__suffix-icon');
      expect(await detailOf(ctx, 'click')).toMatchObject({ trigger: 'suffix-icon' });
    },
  },
  {
    c: 'overlay',
    wxml: '<t-overlay visible="{{visible}}" duration="{{500}}" bind:click="handleOverlayClick" />\n<t-button theme="primary" bind:tap="handleClick">基础用法</t-button>',
    data: { visible: false },
    methods: 'handleClick() { this.setData({ visible: true }); },\nhandleOverlayClick(e) { this.setData({ visible: e.detail.visible }); },',
    structure: [['t-button', '基础用法']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.page.waitFor('.t-overlay');
      await ctx.page.tap('.t-overlay');
      expect(await detailOf(ctx, 'handleOverlayClick')).toEqual({ visible: false });
    },
  },
  {
    c: 'paragraph',
    wxml: '<t-paragraph content="{{content}}" ellipsis="{{ { row: 2, expandable: true } }}" bind:expand="onExpand" />',
    data: { content: 'TDesign 是腾讯各业务团队在服务业务过程中沉淀的一套企业级设计体系。'.repeat(4) },
    structure: [
      ['.t-typography', 'TDesign'],
      ['.t-typography-ellipsis-symbol', '展开'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.t-typography-ellipsis-symbol');
      await ctx.event('onExpand');
    },
  },
  {
    c: 'picker',
    wxml: '<t-cell title="选择城市" arrow note="{{cityText}}" bind:click="onCityPicker" />\n<t-picker visible="{{cityVisible}}" value="{{cityValue}}" title="选择城市" cancelBtn="取消" confirmBtn="确认" bindchange="onPickerChange">\n  <t-picker-item options="{{citys}}" />\n</t-picker>',
    data: { cityVisible: false, cityValue: ['310000'], cityText: '', citys: cityOptions },
    methods: show('cityVisible', 'onCityPicker'),
    structure: [['.t-cell__title', '选择城市']],
    act: async (ctx) => {
      await ctx.page.tap('t-cell .t-cell');
      await ctx.page.waitFor((p) => p.text('.t-picker__title').includes('选择城市'));
      await ctx.page.tap('.t-picker-item__item:nth-child(3)');
      await ctx.page.tap('.t-picker__confirm');
      expect(await detailOf(ctx, 'onPickerChange')).toMatchObject({ value: ['440100'], label: ['广州市'] });
    },
  },
  {
    c: 'picker-item',
    wxml: '<t-picker visible="{{true}}" value="{{value}}" title="选择城市" bindpick="onColumnChange">\n  <t-picker-item options="{{citys}}" />\n</t-picker>',
    data: { value: ['110000'], citys: cityOptions },
    structure: [
      ['.t-picker-item__item', '北京市'],
      ['.t-picker-item__item:nth-child(3)', '广州市'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.t-picker-item__item:nth-child(3)');
      expect(await detailOf(ctx, 'onColumnChange')).toMatchObject({ column: 0, index: 2, value: ['440100'] });
    },
  },
  {
    c: 'popover',
    wxml: '<t-popover placement="top" theme="dark" visible="{{visible}}" bind:visible-change="onVisibleChange">\n  <view slot="content">弹出气泡内容</view>\n  <t-button theme="primary" variant="outline" bind:tap="showPopover">带箭头</t-button>\n</t-popover>',
    data: { visible: false },
    methods: 'showPopover() { this.setData({ visible: true }); },\nonVisibleChange(e) { this.setData({ visible: e.detail.visible }); },',
    structure: [['.t-popover__wrapper', '带箭头']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.page.waitFor((p) => p.text('.t-popover__content').includes('弹出气泡内容'));
      expect(ctx.page.data.visible).toBe(true);
    },
  },
  {
    c: 'popup',
    wxml: '<t-popup visible="{{visible}}" placement="bottom" close-btn bind:visible-change="onVisibleChange">\n  <view class="block">底部弹出</view>\n</t-popup>\n<t-button block bind:tap="handlePopup">底部弹出</t-button>',
    data: { visible: false },
    methods: 'handlePopup() { this.setData({ visible: true }); },\nonVisibleChange(e) { this.setData({ visible: e.detail.visible }); },',
    structure: [['t-button', '底部弹出']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.page.waitFor('.t-popup--bottom');
      await ctx.page.tap('.t-popup__close');
      expect(await detailOf(ctx, 'onVisibleChange')).toMatchObject({ visible: false, trigger: 'close-btn' });
    },
  },
  {
    c: 'progress',
    wxml: '<t-progress percentage="{{percentage}}" />\n<t-button bind:tap="onAdd">增加</t-button>',
    data: { percentage: 80 },
    methods: 'onAdd() { this.setData({ percentage: 90 }); },',
    structure: ['.t-progress__inner', ['.t-progress__info', '80%']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onAdd');
      await ctx.page.waitFor((p) => p.text('.t-progress__info').includes('90%'));
    },
  },
  {
    c: 'pull-down-refresh',
    wxml: '<t-pull-down-refresh value="{{enable}}" loadingTexts="{{[\'下拉刷新\', \'松手刷新\', \'正在刷新\', \'刷新完成\']}}" bind:refresh="onRefresh">\n  <view class="content">页面内容</view>\n</t-pull-down-refresh>',
    data: { enable: false },
    methods: 'onRefresh() { this.setData({ enable: true }); setTimeout(() => this.setData({ enable: false }), 100); },',
    structure: [['.t-pull-down-refresh', '页面内容']],
    act: async (ctx) => {
      await ctx.page.swipe('.t-pull-down-refresh__track, scroll-view', { y: 10, dy: 200, steps: 10 });
      await ctx.event('onRefresh');
    },
  },
  {
    c: 'qrcode',
    wxml: '<t-qrcode value="https://tdesign.tencent.com/" level="M" status="expired" bind:refresh="onRefresh" />',
    structure: ['.t-qrcode', 'canvas'],
    act: async (ctx) => {
      await ctx.page.tap('[class*="refresh"]');
      await ctx.event('onRefresh');
    },
  },
  {
    c: 'radio',
    wxml: '<t-radio-group bind:change="onChange" allow-uncheck value="{{current}}" options="{{options}}" />',
    data: {
      current: 0,
      options: [
        { value: 0, label: '单选' },
        { value: 1, label: '单选' },
        { value: 2, label: '单选标题多行' },
      ],
    },
    methods: keep('current'),
    structure: ['.t-radio__icon--checked', ['.t-radio__title', '单选']],
    act: async (ctx) => {
      await ctx.page.tap('t-radio:nth-child(3) .t-radio');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 2 });
    },
  },
  {
    c: 'radio-group',
    wxml: '<t-radio-group value="{{value}}" bind:change="onChange">\n  <t-radio value="a" label="选项 a" />\n  <t-radio value="b" label="选项 b" />\n</t-radio-group>',
    data: { value: 'a' },
    methods: keep('value'),
    structure: ['.t-radio-group', '.t-radio__icon--checked', ['.t-radio__title--checked', '选项 a']],
    act: async (ctx) => {
      await ctx.page.tap('t-radio:nth-child(2) .t-radio');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 'b' });
    },
  },
  {
    c: 'rate',
    wxml: '<t-rate value="{{value}}" bind:change="onChange" />',
    data: { value: 3 },
    methods: keep('value'),
    structure: ['.t-rate', '.t-rate__icon'],
    act: async (ctx) => {
      expect(ctx.page.$$('.t-rate__icon')).toHaveLength(5);
      // The user taps the fifth star: 5 × 24px stars, 8px apart.
      ctx.app.setRect('.t-rate__wrapper', { left: 0, top: 0, width: 152, height: 24 });
      await ctx.page.tap('.t-rate__wrapper', { x: 140, y: 12 });
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 5 });
    },
  },
  {
    c: 'result',
    wxml: '<t-result theme="success" title="成功状态" description="描述文字" />\n<t-button bind:tap="onBack">返回</t-button>',
    structure: [['.t-result__title', '成功状态'], ['.t-result__description', '描述文字'], '.t-result__thumb'],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onBack');
    },
  },
  {
    c: 'row',
    wxml: '<t-row gutter="16">\n  <t-col span="12">col-12</t-col>\n  <t-col span="12"><t-button bind:tap="onTap">col-12</t-button></t-col>\n</t-row>',
    structure: ['.t-row', '.t-col--12'],
    act: async (ctx) => {
      expect(ctx.page.$('.t-row')!.getAttribute('style') ?? '').toMatch(/margin-(left|right):\s*-8px/);
      await ctx.page.tap('t-col t-button button');
      await ctx.event('onTap');
    },
  },
  {
    c: 'scroll-view',
    wxml: '<t-scroll-view scroll-y style="height: 200px">\n  <view wx:for="{{20}}" wx:key="index" data-row="{{index}}" bindtap="onRow">第 {{index}} 行</view>\n</t-scroll-view>',
    structure: [['scroll-view', '第 19 行']],
    act: async (ctx) => {
      await ctx.page.tap('t-scroll-view scroll-view view:nth-child(20)');
      expect((await ctx.event('onRow')).dataset).toEqual({ row: 19 });
    },
  },
  {
    c: 'search',
    wxml: '<t-search value="{{value}}" placeholder="搜索预设文案" action="取消" bind:change="onChange" bind:submit="onSubmit" bind:action-click="onAction" />',
    data: { value: '' },
    methods: keep('value'),
    structure: ['.t-search', 'input[placeholder="搜索预设文案"]'],
    act: async (ctx) => {
      await ctx.page.input('t-search input', 'tdesign');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 'tdesign' });
      await ctx.page.confirm('t-search input');
      expect(await detailOf(ctx, 'onSubmit')).toMatchObject({ value: 'tdesign' });
    },
  },
  {
    c: 'segmented',
    wxml: '<t-segmented options="{{options}}" value="{{value}}" bind:change="onChange" />',
    data: {
      value: 'a',
      options: [
        { label: '选项一', value: 'a' },
        { label: '选项二', value: 'b' },
        { label: '选项三', value: 'c' },
      ],
    },
    methods: keep('value'),
    structure: ['.t-segmented', ['.t-segmented__item', '选项一']],
    act: async (ctx) => {
      await ctx.page.tap('.t-segmented-item-1');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 'b' });
    },
  },
  {
    c: 'side-bar',
    wxml: '<t-side-bar value="{{sideBarIndex}}" bind:change="onSideBarChange">\n  <t-side-bar-item wx:for="{{categories}}" wx:key="label" value="{{index}}" label="{{item.label}}" />\n</t-side-bar>',
    data: { sideBarIndex: 0, categories: [{ label: '选项一' }, { label: '选项二' }, { label: '选项三' }] },
    methods: keep('sideBarIndex', 'onSideBarChange'),
    structure: ['.t-side-bar', ['.t-side-bar-item--active', '选项一']],
    act: async (ctx) => {
      await ctx.page.tap('t-side-bar-item:nth-child(3) .t-side-bar-item');
      expect(await detailOf(ctx, 'onSideBarChange')).toMatchObject({ value: 2, label: '选项三' });
    },
  },
  {
    c: 'side-bar-item',
    wxml: '<t-side-bar value="{{value}}" bind:change="onChange">\n  <t-side-bar-item value="{{0}}" label="选项一" badge-props="{{ { count: 8 } }}" />\n  <t-side-bar-item value="{{1}}" label="选项二" icon="app" />\n</t-side-bar>',
    data: { value: 0 },
    methods: keep('value'),
    structure: [
      ['.t-side-bar-item', '选项一'],
      ['.t-badge--basic', '8'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('t-side-bar-item:nth-child(2) .t-side-bar-item');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 1, label: '选项二' });
      await ctx.page.waitFor((p) => p.text('.t-side-bar-item--active').includes('选项二'));
    },
  },
  {
    c: 'skeleton',
    wxml: '<t-skeleton theme="paragraph" animation="gradient" loading="{{loading}}">\n  <view>实际内容</view>\n</t-skeleton>\n<t-button bind:tap="onLoaded">加载完成</t-button>',
    data: { loading: true },
    methods: 'onLoaded() { this.setData({ loading: false }); },',
    structure: ['.t-skeleton', '.t-skeleton__row'],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onLoaded');
      await ctx.page.waitFor((p) => p.$('.t-skeleton__row') === null && p.text('t-skeleton').includes('实际内容'));
    },
  },
  {
    c: 'slider',
    wxml: '<t-slider value="{{value}}" bind:change="handleChange" />',
    data: { value: 23 },
    methods: keep('value', 'handleChange'),
    structure: ['.t-slider', '.t-slider__bar', '.t-slider__dot'],
    act: async (ctx) => {
      await ctx.page.tap('.t-slider__bar');
      await ctx.event('handleChange');
    },
  },
  {
    c: 'step-item',
    wxml: '<t-steps current="{{current}}" bind:change="onChange">\n  <t-step-item wx:for="{{3}}" wx:key="index" title="步骤{{index + 1}}" content="辅助信息" />\n</t-steps>',
    data: { current: 1 },
    methods: 'onChange(e) { this.setData({ current: e.detail.current }); },',
    structure: [['.t-steps-item__title', '步骤1'], ['.t-steps-item__description', '辅助信息'], '.t-steps-item__circle--process'],
    act: async (ctx) => {
      await ctx.page.tap('t-step-item:nth-child(3) .t-steps-item__anchor');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ current: 2, previous: 1 });
    },
  },
  {
    c: 'stepper',
    wxml: '<t-stepper value="{{value}}" theme="filled" bind:change="onChange" />',
    data: { value: 3 },
    methods: keep('value'),
    structure: ['.t-stepper', '.t-stepper__minus', '.t-stepper__plus', 'input.t-stepper__input'],
    act: async (ctx) => {
      await ctx.page.tap('.t-stepper__plus');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 4 });
    },
  },
  {
    c: 'steps',
    wxml: '<t-steps current="{{first}}" bind:change="onFirstChange">\n  <t-step-item wx:for="{{4}}" wx:key="index" title="步骤" content="辅助信息" />\n</t-steps>',
    data: { first: 1 },
    methods: 'onFirstChange(e) { this.setData({ first: e.detail.current }); },',
    structure: ['.t-steps--horizontal', '.t-steps-item__circle--finish'],
    act: async (ctx) => {
      expect(ctx.page.$$('t-step-item')).toHaveLength(4);
      await ctx.page.tap('t-step-item:nth-child(4) .t-steps-item__anchor');
      expect(await detailOf(ctx, 'onFirstChange')).toMatchObject({ current: 3 });
    },
  },
  {
    c: 'sticky',
    wxml: '<t-sticky offset-top="{{0}}" bind:scroll="onScroll">\n  <t-button theme="primary" bind:tap="onTap">基础吸顶</t-button>\n</t-sticky>',
    structure: ['.t-sticky', ['.t-sticky__content', '基础吸顶']],
    act: async (ctx) => {
      await ctx.page.tap('t-sticky t-button button');
      await ctx.event('onTap');
    },
  },
  {
    c: 'swipe-cell',
    wxml: '<t-swipe-cell right="{{right}}" bind:click="onActionClick">\n  <t-cell title="左滑单操作" note="辅助信息" bordered="{{false}}" />\n</t-swipe-cell>',
    data: { right: [{ text: '删除', className: 'btn delete-btn' }] },
    structure: [
      ['.t-cell__title', '左滑单操作'],
      ['.t-swipe-cell__right', '删除'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('.t-swipe-cell__right .delete-btn, .t-swipe-cell__right view');
      expect(await detailOf(ctx, 'onActionClick')).toMatchObject({ text: '删除' });
    },
  },
  {
    c: 'swiper',
    wxml: '<t-swiper current="{{current}}" autoplay="{{false}}" navigation="{{ { type: \'dots\' } }}" list="{{swiperList}}" bind:click="onTap" bind:change="onChange" />',
    data: {
      current: 0,
      swiperList: ['https://tdesign.gtimg.com/mobile/demos/swiper1.png', 'https://tdesign.gtimg.com/mobile/demos/swiper2.png'],
    },
    structure: ['.t-swiper', 'swiper swiper-item', '.t-swiper-nav__dots-item'],
    act: async (ctx) => {
      await ctx.page.trigger('.t-swiper swiper', 'change', { current: 1, source: 'touch' });
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ current: 1, source: 'touch' });
    },
  },
  {
    c: 'swiper-nav',
    wxml: '<t-swiper list="{{swiperList}}" autoplay="{{false}}" navigation="{{ { type: \'fraction\' } }}" bind:change="onChange" />',
    data: { swiperList: ['https://tdesign.gtimg.com/mobile/demos/swiper1.png', 'https://tdesign.gtimg.com/mobile/demos/swiper2.png'] },
    structure: [['.t-swiper-nav__fraction', '1/2']],
    act: async (ctx) => {
      await ctx.page.trigger('.t-swiper swiper', 'change', { current: 1, source: 'touch' });
      await ctx.event('onChange');
      await ctx.page.waitFor((p) => p.text('.t-swiper-nav__fraction').includes('2/2'));
    },
  },
  {
    c: 'switch',
    wxml: '<t-cell title="基础开关" bordered="{{false}}">\n  <t-switch value="{{checked}}" slot="note" bind:change="onChange" />\n</t-cell>',
    data: { checked: true },
    methods: keep('checked'),
    structure: ['.t-switch', '.t-switch__body--checked'],
    act: async (ctx) => {
      await ctx.page.tap('.t-switch__body');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: false });
      await ctx.page.waitFor((p) => p.$('.t-switch__body--checked') === null);
    },
  },
  {
    c: 'tab-bar',
    wxml: '<t-tab-bar value="{{value}}" bindchange="onChange" theme="tag" split="{{false}}">\n  <t-tab-bar-item wx:for="{{list}}" wx:key="value" value="{{item.value}}" icon="{{item.icon}}">{{item.label}}</t-tab-bar-item>\n</t-tab-bar>',
    data: {
      value: 'label_1',
      list: [
        { value: 'label_1', label: '首页', icon: 'home' },
        { value: 'label_2', label: '应用', icon: 'app' },
      ],
    },
    methods: keep('value'),
    structure: ['.t-tab-bar', ['.t-tab-bar-item__content--checked', '首页']],
    act: async (ctx) => {
      await ctx.page.tap('t-tab-bar-item:nth-child(2) .t-tab-bar-item__content');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 'label_2' });
    },
  },
  {
    c: 'tab-bar-item',
    wxml: '<t-tab-bar value="{{value}}" bindchange="onChange">\n  <t-tab-bar-item value="home" icon="home" badge-props="{{ { count: 16 } }}">首页</t-tab-bar-item>\n  <t-tab-bar-item value="user" icon="user">我的</t-tab-bar-item>\n</t-tab-bar>',
    data: { value: 'home' },
    methods: keep('value'),
    structure: [
      ['.t-tab-bar-item__text', '首页'],
      ['.t-badge--basic', '16'],
    ],
    act: async (ctx) => {
      await ctx.page.tap('t-tab-bar-item:nth-child(2) .t-tab-bar-item__content');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: 'user' });
    },
  },
  {
    c: 'tab-panel',
    wxml: '<t-tabs value="{{value}}" bind:change="onTabsChange">\n  <t-tab-panel label="标签页一" value="0">标签一内容</t-tab-panel>\n  <t-tab-panel label="标签页二" value="1">标签二内容</t-tab-panel>\n</t-tabs>',
    data: { value: '0' },
    methods: keep('value', 'onTabsChange'),
    structure: [['.t-tab-panel', '标签一内容']],
    act: async (ctx) => {
      await ctx.page.tap('.t-tabs__item:nth-child(2)');
      expect(await detailOf(ctx, 'onTabsChange')).toMatchObject({ value: '1', label: '标签页二' });
    },
  },
  {
    c: 'table',
    wxml: '<t-table row-key="id" columns="{{columns}}" data="{{data}}" show-header="{{true}}" cell-empty-content="-" bind:row-click="handleRowClick" />',
    data: {
      columns: [
        { colKey: 'name', title: '姓名' },
        { colKey: 'age', title: '年龄' },
      ],
      data: [
        { id: 1, name: '贾明', age: 20 },
        { id: 2, name: '张三', age: 25 },
      ],
    },
    structure: [
      ['.t-table', '姓名'],
      ['.t-table', '张三'],
    ],
    act: async (ctx) => {
      const row = ctx.page
        .$$('.t-table__body .t-table__row, .t-table tbody tr, [class*="t-table__tr"]')
        .find((r) => r.textContent?.includes('张三'));
      if (!row) throw new Error('no row holding 张三');
      row.setAttribute('id', 'row-2');
      await ctx.page.tap('#row-2');
      expect(await detailOf(ctx, 'handleRowClick')).toMatchObject({ row: { name: '张三' } });
    },
  },
  {
    c: 'tabs',
    wxml: '<t-tabs defaultValue="{{0}}" bind:change="onTabsChange" bind:click="onTabsClick">\n  <t-tab-panel label="选项" value="{{0}}" />\n  <t-tab-panel label="选项二" value="{{1}}" />\n</t-tabs>',
    structure: ['.t-tabs', ['.t-tabs__item--active', '选项']],
    act: async (ctx) => {
      await ctx.page.tap('.t-tabs__item:nth-child(2)');
      expect(await detailOf(ctx, 'onTabsChange')).toMatchObject({ value: 1, label: '选项二' });
    },
  },
  {
    c: 'tag',
    wxml: '<t-tag wx:if="{{show}}" closable theme="primary" bind:close="handleClose">可关闭标签</t-tag>',
    data: { show: true },
    methods: 'handleClose() { this.setData({ show: false }); },',
    structure: [['.t-tag--primary', '可关闭标签'], '.t-tag__icon-close'],
    act: async (ctx) => {
      await ctx.page.tap('.t-tag > t-icon .t-icon');
      await ctx.event('handleClose');
      await ctx.page.waitFor((p) => p.$('.t-tag') === null);
    },
  },
  {
    c: 'text',
    wxml: '<t-text content="{{content}}" copyable ellipsis="{{ { row: 1, expandable: true } }}" bind:expand="onExpand" bind:copy="onCopy" />',
    data: { content: 'TDesign 是腾讯各业务团队在服务业务过程中沉淀的一套企业级设计体系。' },
    structure: [['.t-text, .t-typography', 'TDesign']],
    act: async (ctx) => {
      await ctx.page.tap('.t-typography__copy');
      await ctx.event('onCopy');
    },
  },
  {
    c: 'textarea',
    wxml: '<t-textarea label="标签文字" placeholder="请输入文字" value="{{value}}" maxlength="50" indicator bind:change="onChange" />',
    data: { value: '' },
    methods: keep('value'),
    structure: [['.t-textarea__label', '标签文字'], 'textarea[placeholder="请输入文字"]', ['.t-textarea__indicator', '0 / 50']],
    act: async (ctx) => {
      await ctx.page.input('t-textarea textarea', '一段文字');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: '一段文字' });
      await ctx.page.waitFor((p) => p.text('.t-textarea__indicator').includes('4 / 50'));
    },
  },
  {
    c: 'title',
    wxml: '<t-title content="{{content}}" level="h2" />\n<t-button bind:tap="onRename">改名</t-button>',
    data: { content: 'TDesign 标题' },
    methods: "onRename() { this.setData({ content: '新标题' }); },",
    structure: [['.t-title, .t-typography', 'TDesign 标题']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onRename');
      await ctx.page.waitFor((p) => p.text('t-title').includes('新标题'));
    },
  },
  {
    c: 'toast',
    wxml: '<t-toast id="t-toast" />\n<t-button theme="primary" bind:tap="showText" block>纯文本</t-button>',
    methods:
      "showText() { const Toast = require('tdesign-miniprogram/toast/index').default; Toast({ context: this, selector: '#t-toast', message: '轻提示文字内容', duration: 200, close: () => getApp().events.push({ handler: 'toastClosed', type: 'close' }) }); },",
    structure: ['t-toast#t-toast'],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.page.waitFor((p) => p.text('.t-toast').includes('轻提示文字内容'));
      await ctx.event('toastClosed');
    },
  },
  {
    c: 'transition',
    wxml: '<t-button bind:tap="onTriggerClick" theme="primary">Toggle</t-button>\n<t-transition visible="{{ visible }}">\n  <view class="block">内容</view>\n</t-transition>',
    data: { visible: false },
    methods: 'onTriggerClick() { this.setData({ visible: !this.data.visible }); },',
    structure: [['t-button', 'Toggle']],
    act: async (ctx) => {
      await ctx.page.tap('t-button button');
      await ctx.event('onTriggerClick');
      await ctx.page.waitFor((p) => p.text('.t-transition').includes('内容'));
    },
  },
  {
    c: 'tree-select',
    wxml: '<t-tree-select options="{{options}}" value="{{value}}" bind:change="onChange" />',
    data: {
      value: ['zj', 'hz'],
      options: [
        {
          label: '浙江',
          value: 'zj',
          children: [
            { label: '杭州', value: 'hz' },
            { label: '宁波', value: 'nb' },
          ],
        },
        { label: '江苏', value: 'js', children: [{ label: '南京', value: 'nj' }] },
      ],
    },
    methods: keep('value'),
    structure: [
      ['.t-tree-select', '浙江'],
      ['.t-tree-select', '宁波'],
    ],
    act: async (ctx) => {
      const nb = ctx.page.$$('.t-tree-select t-radio').find((r) => r.textContent?.includes('宁波'));
      if (!nb) throw new Error('no 宁波 option');
      nb.setAttribute('id', 'nb');
      await ctx.page.tap('#nb .t-radio');
      expect(await detailOf(ctx, 'onChange')).toMatchObject({ value: ['zj', 'nb'] });
    },
  },
  {
    c: 'upload',
    wxml: '<t-upload media-type="{{[\'image\']}}" max="{{3}}" files="{{fileList}}" bind:add="handleAdd" bind:remove="handleRemove" />',
    data: { fileList: [] },
    structure: ['.t-upload', '.t-upload__add-icon'],
    act: async (ctx) => {
      mpsim.user.pick([0]);
      await ctx.page.tap('.t-upload__add-icon');
      const { detail } = await ctx.event('handleAdd');
      expect(detail.files[0].url).toMatch(/^wxfile:\/\//);
    },
  },
  {
    c: 'watermark',
    wxml: '<t-watermark watermark-content="{{watermark}}" y="{{56}}" x="{{56}}" width="{{68}}" height="{{52}}">\n  <view class="content">受保护的内容</view>\n</t-watermark>',
    data: { watermark: { text: 'TDesign' } },
    structure: ['.t-watermark', ['.t-watermark', '受保护的内容']],
    act: async (ctx) => {
      await ctx.page.setData({ watermark: { text: 'mpsim' } });
      await ctx.page.waitFor((p) => p.html('.t-watermark').includes('url('));
    },
  },
];

/** Named exceptions: component → the stage that fails and why. */
const CANVAS = 'needs canvas type="2d" drawing (the component waits for its canvas to draw)';
const known: Record<string, Known> = {
  'chat-markdown': { interaction: "nodeClick reads selectOwnerComponent().__data__.name, the client's undocumented instance field" },
  'chat-message': {
    structure:
      'its root is class="class {{chatItemClass}}" with chatItemClass an array: an array inside a string converts with commas (JavaScript, and wcc renders the same), so no t-chat-message class; TDesign relies on a newer client joining with spaces',
  },
  'chat-record': {
    interaction: 'voice input needs the WechatSI plugin (requirePlugin) and the record permission flow; plugins are not modelled',
  },
  checkbox: {
    interaction:
      "the tap reports [1, 1, 2]: at load, the option checkbox that starts checked runs its relation's linked(), which calls the group's updateValue(this.data) — TDesign 1.16.0 concatenates the checkbox's value onto the group's value that already holds it, and emits change [1, 1] (the page keeps it). mpsim links after the properties arrive and the component attaches, as glass-easel does; whether the client links an option before its `checked` arrives is not confirmed",
  },
  qrcode: { interaction: CANVAS },
  watermark: { interaction: CANVAS },
};

describeLibrary(tdesign, cases, known);

declare const mpsim: any;
