/**
 * setData: path keys, callback after the view update, synchronous this.data,
 * the 1024 kB limit, bad keys; observers and property observers of components.
 */
import * as path from 'node:path';

declare const mpsim: any;

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'app');

async function setdataPage() {
  const app = await mpsim.launch(FIXTURE);
  return app.navigateTo('pages/setdata/setdata');
}

describe('setData', () => {
  test('path keys update nested data, creating what is missing', async () => {
    const page = await setdataPage();
    const inst = page.instance;
    inst.setData({ 'a.b[0].c': 2, 'x.y[1].z': 'new' });
    // this.data is updated synchronously
    expect(inst.data.a.b[0].c).toBe(2);
    expect(inst.data.x.y[1].z).toBe('new');
    expect(Array.isArray(inst.data.x.y)).toBe(true);
    expect(inst.data.x.y).toBeInstanceOf(Array);
    await page.waitFor(() => page.text('#c') === '2');
    expect(page.text('#new')).toBe('new');
  });

  test('the callback runs after the view was updated', async () => {
    const page = await setdataPage();
    const seen = await new Promise((resolve) => page.instance.setData({ text: 'after' }, () => resolve(page.$('#text')!.textContent)));
    expect(seen).toBe('after');
  });

  test('direct this.data mutation does not re-render until the next setData', async () => {
    const page = await setdataPage();
    page.instance.data.text = 'sneaky';
    await new Promise((r) => setTimeout(r, 5));
    expect(page.text('#text')).toBe('x');
    await page.setData({});
    expect(page.text('#text')).toBe('sneaky');
  });

  test('over 1024 kB throws; bad keys throw', async () => {
    const page = await setdataPage();
    expect(() => page.instance.setData({ big: 'x'.repeat(1024 * 1024 + 10) })).toThrow(/exceeds the limit of 1024kB/);
    expect(page.instance.data.big).toBeUndefined();
    expect(() => page.instance.setData({ 'a..b': 1 })).toThrow(/bad data path/);
    expect(() => page.instance.setData({ 'a[x]': 1 })).toThrow(/index must be a number/);
    expect(() => page.instance.setData({ '__proto__.polluted': 1 })).toThrow(/bad data path segment/);
    expect(({} as any).polluted).toBeUndefined();
    expect(() => page.instance.setData('nope')).toThrow(/data must be an object/);
  });
});
