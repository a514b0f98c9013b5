/**
 * A custom component inside a page: properties (types, defaults, coercion,
 * observers), data observers, behaviors, slots (default and named),
 * triggerEvent (plain, bubbles, composed), selectComponent, wx:if removal.
 */
import * as path from 'node:path';

declare const mpsim: any;

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'app');

async function hostPage() {
  const app = await mpsim.launch(FIXTURE);
  return app.navigateTo('pages/comp-host/comp-host');
}

describe('components', () => {
  test('properties, attached setData, observers and behaviors render inside the page', async () => {
    const page = await hostPage();
    expect(page.text('#c1 .label')).toBe('first');
    expect(page.text('#c1 .count')).toBe('5');
    expect(page.text('#c1 .doubled')).toBe('10');
    expect(page.text('#c1 .sum')).toBe('3');
    expect(page.text('#c1 .last')).toBe('0->5');
    expect(page.text('#c2 .label')).toBe('second');
    expect(page.text('#c2 .count')).toBe('0');
    const c1 = page.instance.selectComponent('#c1');
    expect(c1.greet()).toBe('hi first');
    expect(c1.overridden()).toBe('component');
    expect(c1.data.fromBehavior).toBe(true);
    expect(c1.data.behaviorAttached).toBe(true);
    expect(c1.properties).toBe(c1.data);
    expect(c1.dataset).toEqual({ role: 'main' });
    expect(c1.is).toBe('components/counter/counter');
    expect(c1.selectOwnerComponent()).toBe(page.instance);
    expect(page.instance.selectAllComponents('.counter-a')).toHaveLength(1);
    expect(page.component('#c2').data.label).toBe('second');
  });

  test('a property change from the parent runs its observer and re-renders', async () => {
    const page = await hostPage();
    await page.setData({ start: 8, nums: [1, 2, 3, 4] });
    expect(page.text('#c1 .last')).toBe('5->8');
    expect(page.text('#c1 .sum')).toBe('10');
  });

  test('slots: default and named', async () => {
    const page = await hostPage();
    expect(page.html('#c1 .slot-default')).toBe('<text class="slotted">slotted</text>');
    expect(page.html('#c1 .slot-footer')).toBe('<text slot="footer" class="footer">foot</text>');
    await page.setData({ slotText: 'changed' });
    expect(page.text('#c1 .slotted')).toBe('changed');
  });

  test('triggerEvent reaches the host binding with detail', async () => {
    const page = await hostPage();
    await page.tap('#c1 .inc');
    await page.tap('#c1 .inc');
    expect(page.data.changes).toEqual([6, 7]);
    expect(page.text('#c1 .count')).toBe('7');
    expect(page.text('#c1 .doubled')).toBe('14');
    // An array renders as JavaScript joins it (as wcc's output does), not as JSON.
    expect(page.text('#changes')).toBe('6,7');
  });

  test('bubbles stays in the owner template; composed crosses it', async () => {
    const page = await hostPage();
    await page.tap('#c1 .bubble');
    expect(page.data.pings).toEqual(['first']);
    expect(page.data.outerPings).toEqual(['first']);
  });

  test('removing a component with wx:if detaches it', async () => {
    const page = await hostPage();
    const c2 = page.instance.selectComponent('#c2');
    expect(c2).not.toBeNull();
    await page.setData({ showSecond: false });
    expect(page.$('#c2')).toBeNull();
    expect(page.instance.selectComponent('#c2')).toBeNull();
  });
});
