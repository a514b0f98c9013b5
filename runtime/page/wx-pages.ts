/**
 * The navigation and interaction family of `wx` (wx-api-semantics §8.7):
 * navigateTo / redirectTo / navigateBack / switchTab / reLaunch, and
 * showToast / hideToast / showLoading / hideLoading / showModal /
 * showActionSheet, recorded on the PagesRuntime so tests can assert and the
 * scripted user can answer them. Defaults follow the official pages: toast
 * icon 'success', duration 1500 ms; modal texts '取消' / '确定'.
 */
import { ApiError, defineAsync } from '../convention';
import type { RuntimeHost } from '../host';
import { NavigationError, pagesOf } from './runtime';
import { IntersectionObserver, SelectorQuery } from './selector-query';
import type { Instance } from './instance';

function navFail(err: unknown): never {
  if (err instanceof NavigationError) throw new ApiError(err.message);
  throw err;
}

export function installPages(host: RuntimeHost, wx: Record<string, unknown>): void {
  const rt = pagesOf(host);
  const needApp = () => {
    if (!rt.launched) throw new ApiError('no mini-program launched (mpsim.launch)');
  };
  const url = { url: { type: 'String' as const, required: true } };

  wx.navigateTo = defineAsync(
    host,
    'navigateTo',
    { params: { ...url, events: { type: 'Object' } } },
    async (o: { url: string; events?: Record<string, unknown> }) => {
      needApp();
      const { eventChannel } = await rt.navigateTo(o.url, o.events).catch(navFail);
      return { eventChannel };
    },
  );
  wx.redirectTo = defineAsync(host, 'redirectTo', { params: url }, async (o: { url: string }) => {
    needApp();
    await rt.redirectTo(o.url).catch(navFail);
    return {};
  });
  wx.navigateBack = defineAsync(host, 'navigateBack', { params: { delta: { type: 'Number' } } }, async (o: { delta?: number }) => {
    needApp();
    await rt.navigateBack(o.delta ?? 1).catch(navFail);
    return {};
  });
  wx.switchTab = defineAsync(host, 'switchTab', { params: url }, async (o: { url: string }) => {
    needApp();
    await rt.switchTab(o.url).catch(navFail);
    return {};
  });
  wx.reLaunch = defineAsync(host, 'reLaunch', { params: url }, async (o: { url: string }) => {
    needApp();
    await rt.reLaunch(o.url).catch(navFail);
    return {};
  });

  // Synchronous constructors (no callbacks): the query is scoped to the current page unless `.in()`.
  wx.createSelectorQuery = function createSelectorQuery() {
    return new SelectorQuery(rt);
  };
  wx.createIntersectionObserver = function createIntersectionObserver(component?: unknown, options?: unknown) {
    const isInstance =
      component !== null && typeof component === 'object' && typeof (component as { setData?: unknown }).setData === 'function';
    // (component, options); a null component, or options alone in the first place, also work.
    return new IntersectionObserver(
      rt,
      isInstance ? (component as Instance) : undefined,
      isInstance || component == null ? options : component,
    );
  };

  wx.showToast = defineAsync(
    host,
    'showToast',
    {
      params: {
        title: { type: 'String', required: true },
        icon: { type: 'String' },
        image: { type: 'String' },
        duration: { type: 'Number' },
        mask: { type: 'Boolean' },
      },
    },
    (o: { title: string; icon?: string; image?: string; duration?: number; mask?: boolean }) => {
      rt.showToast({
        kind: 'toast',
        title: o.title,
        icon: o.icon ?? 'success',
        image: o.image,
        duration: o.duration ?? 1500,
        mask: !!o.mask,
      });
      return {};
    },
  );
  wx.hideToast = defineAsync(host, 'hideToast', {}, () => {
    rt.hideToast('toast');
    return {};
  });
  wx.showLoading = defineAsync(
    host,
    'showLoading',
    { params: { title: { type: 'String', required: true }, mask: { type: 'Boolean' } } },
    (o: { title: string; mask?: boolean }) => {
      rt.showToast({ kind: 'loading', title: o.title, icon: 'loading', duration: 0, mask: !!o.mask });
      return {};
    },
  );
  wx.hideLoading = defineAsync(host, 'hideLoading', {}, () => {
    rt.hideToast('loading');
    return {};
  });

  wx.showModal = defineAsync(
    host,
    'showModal',
    {
      params: {
        title: { type: 'String' },
        content: { type: 'String' },
        showCancel: { type: 'Boolean' },
        cancelText: {
          type: 'String',
          check: (s: string) => (s.length > 4 ? 'cancelText length should not larger than 4 Chinese characters' : undefined),
        },
        confirmText: {
          type: 'String',
          check: (s: string) => (s.length > 4 ? 'confirmText length should not larger than 4 Chinese characters' : undefined),
        },
        editable: { type: 'Boolean' },
        placeholderText: { type: 'String' },
        cancelColor: { type: 'String' },
        confirmColor: { type: 'String' },
      },
    },
    async (o: {
      title?: string;
      content?: string;
      showCancel?: boolean;
      cancelText?: string;
      confirmText?: string;
      editable?: boolean;
      placeholderText?: string;
    }) => {
      const showCancel = o.showCancel !== false;
      const { record, answer: pending } = rt.showModal({
        title: o.title ?? '',
        content: o.content ?? '',
        showCancel,
        cancelText: o.cancelText ?? '取消',
        confirmText: o.confirmText ?? '确定',
        editable: !!o.editable,
        placeholderText: o.placeholderText ?? '',
      });
      const answer = await pending;
      const confirm = answer.confirm === true || (answer.confirm === undefined && answer.cancel !== true);
      const cancel = showCancel ? !confirm : false;
      const result: Record<string, unknown> = { confirm, cancel };
      if (o.editable) result.content = confirm ? (answer.content ?? '') : '';
      record.answer = { confirm, cancel, ...(o.editable ? { content: result.content as string } : {}) };
      return result;
    },
  );

  wx.showActionSheet = defineAsync(
    host,
    'showActionSheet',
    {
      params: {
        itemList: {
          type: 'Array',
          required: true,
          check: (a: unknown[]) => (a.length > 6 ? 'parameter error: itemList should not be large than 6' : undefined),
        },
        alertText: { type: 'String' },
      },
    },
    (o: { itemList: unknown[] }) => {
      const answer = rt.takeActionSheetAnswer() ?? 'cancel';
      const rec = { itemList: o.itemList.map(String), tapIndex: answer === 'cancel' ? undefined : answer, cancelled: answer === 'cancel' };
      rt.actionSheets.push(rec);
      if (answer === 'cancel') throw new ApiError('cancel');
      return { tapIndex: answer };
    },
  );

  // ---- navigation bar, pull-down refresh, scrolling (recorded on the current page)
  const currentBar = (api: string) => {
    needApp();
    const page = rt.currentPage;
    const bar = page && rt.navBars.get(page);
    if (!page || !bar) throw new ApiError(`${api}: no page is open`);
    return { page, bar };
  };
  wx.setNavigationBarTitle = defineAsync(
    host,
    'setNavigationBarTitle',
    { params: { title: { type: 'String', required: true } } },
    (o: { title: string }) => {
      currentBar('setNavigationBarTitle').bar.title = o.title;
      return {};
    },
  );
  wx.setNavigationBarColor = defineAsync(
    host,
    'setNavigationBarColor',
    { params: { frontColor: { type: 'String', required: true }, backgroundColor: { type: 'String', required: true } } },
    (o: { frontColor: string; backgroundColor: string }) => {
      // Only these two front colours exist on the client.
      if (o.frontColor !== '#ffffff' && o.frontColor !== '#000000') throw new ApiError('invalid frontColor');
      const { bar } = currentBar('setNavigationBarColor');
      bar.frontColor = o.frontColor;
      bar.backgroundColor = o.backgroundColor;
      return {};
    },
  );
  wx.showNavigationBarLoading = defineAsync(host, 'showNavigationBarLoading', {}, () => {
    currentBar('showNavigationBarLoading').bar.loading = true;
    return {};
  });
  wx.hideNavigationBarLoading = defineAsync(host, 'hideNavigationBarLoading', {}, () => {
    currentBar('hideNavigationBarLoading').bar.loading = false;
    return {};
  });
  wx.startPullDownRefresh = defineAsync(host, 'startPullDownRefresh', {}, () => {
    const { page } = currentBar('startPullDownRefresh');
    rt.pullDownRefresh(page);
    return {};
  });
  wx.stopPullDownRefresh = defineAsync(host, 'stopPullDownRefresh', {}, () => {
    const { page } = currentBar('stopPullDownRefresh');
    rt.refreshing.delete(page);
    return {};
  });
  wx.pageScrollTo = defineAsync(
    host,
    'pageScrollTo',
    { params: { scrollTop: { type: 'Number' }, selector: { type: 'String' }, duration: { type: 'Number' } } },
    (o: { scrollTop?: number; selector?: string; duration?: number }) => {
      const { page } = currentBar('pageScrollTo');
      if (o.scrollTop === undefined && o.selector === undefined) throw new ApiError('parameter error: scrollTop or selector is required');
      rt.scrolls.push({ page: page.is, scrollTop: o.scrollTop, selector: o.selector, duration: o.duration ?? 300 });
      return {};
    },
  );
}
