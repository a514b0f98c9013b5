/**
 * WeChat event rules on the fixture's events page: bubbling, catch, capture,
 * capture-catch, mut-bind, target vs currentTarget with datasets, input,
 * form submit, switch change, missing handlers.
 */
import * as path from 'node:path';

declare const mpsim: any;

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'app');

async function eventsPage() {
  const app = await mpsim.launch(FIXTURE);
  const page = await app.navigateTo('pages/events/events');
  return { app, page };
}

describe('events', () => {
  test('tap bubbles from target to ancestors after the capture phase', async () => {
    const { page } = await eventsPage();
    await page.tap('#inner');
    expect(page.data.calls).toEqual(['capture-outer', 'capture-inner', 'inner', 'middle', 'outer']);
    const [, , inner, middle] = page.data.events;
    expect(inner).toMatchObject({ type: 'tap', targetId: 'inner', currentTargetId: 'inner', detail: { x: 0, y: 0 }, hasTimeStamp: true });
    expect(inner.targetDataset).toEqual({ level: 'inner', userName: 'Ann', num: 42 });
    expect(middle.targetId).toBe('inner');
    expect(middle.currentTargetId).toBe('middle');
    expect(middle.currentDataset).toEqual({ level: 'middle' });
  });

  test('catch stops bubbling after its own handler', async () => {
    const { page } = await eventsPage();
    await page.tap('#in-catcher');
    expect(page.data.calls).toEqual(['capture-outer', 'inner', 'catch-middle']);
  });

  test('capture-catch stops the event in the capture phase', async () => {
    const { page } = await eventsPage();
    await page.tap('#in-cc');
    expect(page.data.calls).toEqual(['capture-outer', 'capture-catch']);
  });

  test('mut-bind: only the first mut-bind handler runs, bind handlers still run', async () => {
    const { page } = await eventsPage();
    await page.tap('#mut-inner');
    expect(page.data.calls).toEqual(['capture-outer', 'mut-b', 'outer']);
  });

  test('a missing handler warns and does not stop the event', async () => {
    const { page } = await eventsPage();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await page.tap('#no-handler');
    expect(warn.mock.calls.flat().join(' ')).toContain('does not have a method "doesNotExist" to handle event "tap"');
    warn.mockRestore();
    expect(page.data.calls).toEqual(['capture-outer', 'outer']);
  });

  test('input fires bindinput with detail.value; a returned string replaces the value', async () => {
    const { page } = await eventsPage();
    await page.input('#name', 'Zoe');
    expect(page.data.name).toBe('Zoe');
    expect(page.text('#echo')).toBe('Zoe');
    await page.input('#name', 'UPPER');
    expect((page.$('#name') as any).value).toBe('upper');
  });

  test('submit button submits the form with named values; switch fires change', async () => {
    const { page } = await eventsPage();
    await page.tap('#agree');
    expect(page.data.calls).toContain('switch');
    expect(page.data.events.find((e: any) => e.tag === 'switch').detail).toEqual({ value: true });
    await page.input('#user', 'carol');
    await page.tap('#submit');
    expect(page.data.submitted).toEqual({ user: 'carol', agree: true });
    expect(page.text('#submitted')).toBe('carol');
  });

  test('model:value writes the typed text back to the data path', async () => {
    const { page } = await eventsPage();
    expect((page.$('#model') as any).value).toBe('t0');
    await page.input('#model', 'typed');
    expect(page.data.form.title).toBe('typed');
    expect(page.text('#model-echo')).toBe('typed');
  });

  test('bad selectors fail clearly', async () => {
    const { page } = await eventsPage();
    await expect(page.tap('#nope')).rejects.toThrow('tap: no element matches "#nope" in pages/events/events');
    await expect(page.submit('#name')).rejects.toThrow(/not a form/);
  });
});
