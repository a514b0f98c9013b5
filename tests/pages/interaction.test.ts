/**
 * wx.showToast / showLoading / hideLoading / showModal / showActionSheet,
 * recorded on the app and answered by the scripted user.
 */
import * as path from 'node:path';

declare const mpsim: any;
declare const wx: any;

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'app');

async function uiPage() {
  const app = await mpsim.launch(FIXTURE);
  const page = await app.navigateTo('pages/ui/ui');
  return { app, page };
}

describe('toasts and modals', () => {
  test('showToast and showLoading are recorded with defaults; hideLoading hides', async () => {
    const { app, page } = await uiPage();
    await page.tap('#toast');
    await mpsim.idle();
    expect(app.toasts[0]).toMatchObject({
      kind: 'toast',
      title: 'Saved',
      icon: 'none',
      duration: 60000,
      mask: false,
      page: 'pages/ui/ui',
      visible: true,
    });
    await page.tap('#loading');
    await mpsim.idle();
    expect(app.toasts[0].visible).toBe(false);
    expect(app.toasts[1]).toMatchObject({ kind: 'loading', title: 'Loading', visible: true });
    await page.tap('#hide');
    await mpsim.idle();
    expect(app.toasts[1].visible).toBe(false);
    const res = await wx.showToast({ title: 'x' });
    expect(res).toEqual({ errMsg: 'showToast:ok' });
    expect(app.toasts[2]).toMatchObject({ icon: 'success', duration: 1500 });
  });

  test('showModal answered by the scripted user (scripted before, or while open)', async () => {
    const { app, page } = await uiPage();
    app.answerNextModal({ confirm: true });
    await page.tap('#ask');
    await page.waitFor(() => page.data.answer === 'yes');
    expect(app.modals[0]).toMatchObject({
      title: 'Delete?',
      content: 'Really delete it?',
      showCancel: true,
      cancelText: '取消',
      confirmText: '确定',
      answer: { confirm: true, cancel: false },
    });
    await page.tap('#ask');
    expect(app.modals[1].answer).toBeUndefined();
    expect(app.answerModal({ cancel: true })).toBe(true);
    await page.waitFor(() => page.data.answer === 'no');
    expect(app.modals[1].answer).toEqual({ confirm: false, cancel: true });
    expect(app.answerModal({ confirm: true })).toBe(false);
  });

  test('editable modal returns the typed content', async () => {
    const { app } = await uiPage();
    app.answerNextModal({ confirm: true, content: 'typed' });
    const res = await wx.showModal({ title: 't', editable: true });
    expect(res).toEqual({ errMsg: 'showModal:ok', confirm: true, cancel: false, content: 'typed' });
  });

  test('bad parameters fail with the convention message', async () => {
    await uiPage();
    await expect(wx.showToast({ title: 1 })).rejects.toMatchObject({
      errMsg: 'showToast:fail parameter error: parameter.title should be String instead of Number;',
    });
    await expect(wx.showModal({ confirmText: 'too long text' })).rejects.toMatchObject({
      errMsg: expect.stringContaining('showModal:fail confirmText length'),
    });
  });

  test('showActionSheet: scripted tap or cancel', async () => {
    const { app, page } = await uiPage();
    app.answerNextActionSheet(1);
    await page.tap('#sheet');
    await page.waitFor(() => page.data.answer === 'sheet 1');
    await page.tap('#sheet');
    await page.waitFor(() => page.data.answer === 'showActionSheet:fail cancel');
    expect(app.actionSheets.map((s: any) => s.tapIndex)).toEqual([1, undefined]);
  });

  test('navigation bar title, pull-down refresh, reach bottom, pageScrollTo', async () => {
    const { app, page } = await uiPage();
    expect(page.navigationBar).toEqual({ title: 'UI page', loading: false });
    expect(app.pageStack[0].navigationBar.title).toBe('fixture');
    await page.pullDownRefresh();
    await mpsim.idle();
    expect(page.text('#refreshed')).toBe('1');
    expect(page.refreshing).toBe(true);
    expect(page.navigationBar).toEqual({ title: 'Refreshed', loading: true });
    await page.tap('#stop');
    await mpsim.idle();
    expect(page.refreshing).toBe(false);
    expect(page.navigationBar.loading).toBe(false);
    await page.reachBottom();
    await mpsim.idle();
    expect(page.data.bottom).toBe(1);
    expect(app.scrolls).toEqual([{ page: 'pages/ui/ui', scrollTop: 0, selector: undefined, duration: 0 }]);
    await expect(wx.setNavigationBarTitle({})).rejects.toMatchObject({
      errMsg: 'setNavigationBarTitle:fail parameter error: parameter.title should be String instead of Undefined;',
    });
    await expect(wx.setNavigationBarColor({ frontColor: '#123456', backgroundColor: '#fff' })).rejects.toMatchObject({
      errMsg: 'setNavigationBarColor:fail invalid frontColor',
    });
    await expect(wx.pageScrollTo({})).rejects.toMatchObject({
      errMsg: 'pageScrollTo:fail parameter error: scrollTop or selector is required',
    });
  });
});
