import { test, expect, openMerchantPage } from '../fixtures/checkout';
import { DEMO } from '../fixtures/engine';

const HOSTILE = '* { all: unset } button { display: none } .cw, .cw-switch, ul, li { display: none !important; color: red !important }';

test('a hostile page CSS neither breaks the widget nor is changed by it', async ({ page, engine }) => {
  const plainSession = await engine.demoSession();
  const hostileSession = await engine.demoSession();
  const [plain] = await openMerchantPage(page, { widgets: [{ session: plainSession.id }] });
  await plain.ready();
  const sizeOf = async (w: typeof plain) => ({
    switch: await w.upsell().boundingBox(),
    add: await w.add(DEMO.crossSell).boundingBox(),
    // The card fills its host (the host pages' own margins differ).
    cardFillsHost: (await w.region.boundingBox())!.width === (await w.root.boundingBox())!.width,
    padding: await w.region.evaluate((e) => getComputedStyle(e).paddingTop),
    font: await w.region.evaluate((e) => `${getComputedStyle(e).fontSize} ${getComputedStyle(e).fontFamily}`),
  });
  const plainLook = await sizeOf(plain);
  const plainStyle = await plain.upsell().evaluate((e) => getComputedStyle(e).backgroundColor);

  const [hostile] = await openMerchantPage(page, {
    css: HOSTILE,
    html: '<button id="host-button">host button</button><p id="host-text">host text</p>',
    widgets: [{ session: hostileSession.id }],
  });
  await hostile.ready();
  await expect(hostile.upsell()).toBeVisible();
  await expect(hostile.add(DEMO.crossSell)).toBeVisible();
  const hostileLook = await sizeOf(hostile);
  expect(hostileLook.switch!.width).toBe(plainLook.switch!.width);
  expect(hostileLook.switch!.height).toBe(plainLook.switch!.height);
  expect(hostileLook.add!.height).toBe(plainLook.add!.height);
  expect(hostileLook.cardFillsHost).toBe(true);
  expect(plainLook.cardFillsHost).toBe(true);
  expect(hostileLook.padding).toBe(plainLook.padding);
  expect(hostileLook.font).toBe(plainLook.font);
  expect(await hostile.upsell().evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(plainStyle);

  // It still works.
  await hostile.upsell().click();
  await expect(hostile.upsell()).toHaveAttribute('aria-checked', 'true');
  await expect(hostile.total).toHaveText('$1,000.00');

  // And the widget's CSS did not reach the host page.
  await expect(page.locator('#host-button')).toBeHidden();
  const hostText = await page.locator('#host-text').evaluate((e) => getComputedStyle(e).fontFamily + '|' + getComputedStyle(e).color);
  await expect(page.locator('#host-text')).toHaveCSS('display', 'inline');
  expect(hostText).not.toContain('system-ui');
});
