// The official stripe-node SDK (pinned in package-lock.json), unchanged, against the engine.
//
// Run by scripts/sdk-check against a real server on a fresh database:
//     node check.mjs BASE_URL SECRET_KEY
//
// Each step is what a merchant's backend writes with the SDK it already uses; a step the
// engine answers differently from Stripe fails with the reason.
import http from 'node:http';
import Stripe from 'stripe';

const [base, key] = process.argv.slice(2);
const url = new URL(base);
// The SDK's own HTTP client, counting what it sends (to see whether it retries).
const httpClient = Stripe.createNodeHttpClient();
let sent = 0;
const makeRequest = httpClient.makeRequest.bind(httpClient);
httpClient.makeRequest = (...args) => {
  sent += 1;
  return makeRequest(...args);
};
const options = { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 2, httpClient };
const stripe = new Stripe(key, options);

function check(cond, what) {
  if (!cond) {
    console.error(`stripe-node: ${what}`);
    process.exit(1);
  }
  console.log(`  ok  ${what}`);
}

async function raises(kind, call) {
  try {
    await call();
  } catch (e) {
    if (e instanceof kind) return e;
    throw e;
  }
  throw new Error(`stripe-node: expected ${kind.name}`);
}

// ---- the catalog ----
let pro = await stripe.products.create({ name: 'Pro', metadata: { tier: 'pro', sku: 'P-1' } });
check(pro.object === 'product' && pro.metadata.tier === 'pro', 'a product with metadata');
const addon = await stripe.products.create({ name: 'Onboarding call' });
let monthly = await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
const yearly = await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 20000, recurring: { interval: 'year' } });
check(monthly.type === 'recurring' && yearly.recurring.interval === 'year', 'recurring prices without `type`');
const setup = await stripe.prices.create({ product: addon.id, currency: 'usd', unit_amount: 5000 });
check(setup.type === 'one_time', 'a one-time price without `type`');
monthly = await stripe.prices.update(monthly.id, { upsell: yearly.id });
check(monthly.upsell === yearly.id, 'the monthly price upsells to the yearly one');
pro = await stripe.products.update(pro.id, { cross_sells: [addon.id], metadata: { sku: '' } });
check(pro.cross_sells[0] === addon.id && !('sku' in pro.metadata) && pro.metadata.tier === 'pro',
  'cross-sells set, and metadata[sku]= (empty) removes that key');
const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once', name: 'Launch' });
check(coupon.object === 'coupon' && coupon.percent_off === 20, 'a coupon');

// ---- sessions: nested parameters and an idempotency key ----
const params = {
  mode: 'subscription',
  ui_mode: 'custom',
  line_items: [{ price: monthly.id, quantity: 1, adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 } }],
  discounts: [{ coupon: coupon.id }],
  metadata: { order: '1001' },
  client_reference_id: 'cart_1001',
  customer_email: 'anna@example.com',
  return_url: 'https://shop.example/return?session_id={CHECKOUT_SESSION_ID}',
};
const session = await stripe.checkout.sessions.create(params, { idempotencyKey: 'order-1001' });
check(session.object === 'checkout.session' && session.status === 'open', 'a session');
check(session.metadata.order === '1001' && session.client_reference_id === 'cart_1001'
  && session.customer_email === 'anna@example.com' && session.ui_mode === 'custom',
  "the session answers the merchant's own fields");
const again = await stripe.checkout.sessions.create(params, { idempotencyKey: 'order-1001' });
check(again.id === session.id, 'the same key replays the same session');
let e = await raises(Stripe.errors.StripeIdempotencyError, () =>
  stripe.checkout.sessions.create({ ...params, client_reference_id: 'cart_1002' }, { idempotencyKey: 'order-1001' }));
check(e.statusCode === 400, 'the key reused with other parameters: StripeIdempotencyError');
e = await raises(Stripe.errors.StripeInvalidRequestError, () =>
  stripe.checkout.sessions.create({ ...params, line_items: [{ price: 'price_nope', quantity: 1 }] },
    { idempotencyKey: 'order-1003' }));
check(e.statusCode === 404 && e.code === 'resource_missing', 'an unknown price: 404');
const fixed = await stripe.checkout.sessions.create(params, { idempotencyKey: 'order-1003' });
check(fixed.id !== session.id && fixed.status === 'open',
  'a refused request keeps nothing: the same key carries the corrected one');

// ---- retrieve, with and without expand ----
const plain = await stripe.checkout.sessions.retrieve(session.id);
check(!('line_items' in plain), 'no line_items unless expanded');
const full = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
check(full.line_items.object === 'list' && full.line_items.data[0].object === 'item'
  && full.line_items.data[0].price.id === monthly.id && full.line_items.data[0].description === 'Pro',
  "expand: ['line_items'] answers a list of items");
check(full.upsell.price.id === yearly.id && full.cross_sells[0].product.id === addon.id,
  "the engine's own upsell and cross-sell offers beside them");

// ---- seed 004's endpoint, ported: the server changes the line items ----
async function changeSubscriptionInterval(checkoutSessionId, interval) {
  const newPrice = interval === 'yearly' ? yearly.id : monthly.id;
  const lineItems = [{ price: newPrice, quantity: 1 }];
  await stripe.checkout.sessions.update(checkoutSessionId, { line_items: lineItems });
  return { type: 'success' };
}
const serverOnly = await stripe.checkout.sessions.create({
  mode: 'subscription', ui_mode: 'custom', permissions: { update_line_items: 'server_only' },
  line_items: [{ price: monthly.id, quantity: 1 }], return_url: 'https://example.com/return',
});
check((await changeSubscriptionInterval(serverOnly.id, 'yearly')).type === 'success',
  "seed 004: retransmit the array with the yearly price");
const now = await stripe.checkout.sessions.retrieve(serverOnly.id, { expand: ['line_items'] });
check(now.line_items.data.map((i) => i.price.id).join() === yearly.id, 'the cart is now yearly');
const kept = await stripe.checkout.sessions.update(serverOnly.id, {
  expand: ['line_items'],
  line_items: [{ id: now.line_items.data[0].id }, { price: setup.id, quantity: 2 }],
});
check(JSON.stringify(kept.line_items.data.map((i) => [i.price.id, i.quantity])) === JSON.stringify([[yearly.id, 1], [setup.id, 2]]),
  'keep by {id} and add by {price, quantity}');
const items = await stripe.checkout.sessions.listLineItems(serverOnly.id);
check(items.data.map((i) => i.id).join() === kept.line_items.data.map((i) => i.id).join(), 'listLineItems');

// ---- every list paged to its end ----
for (let i = 0; i < 3; i++) {
  await stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: setup.id }], metadata: { n: String(i) } });
  await stripe.coupons.create({ amount_off: 100 + i, currency: 'usd', duration: 'once' });
  await stripe.webhookEndpoints.create({ url: `https://shop.example/hooks/${i}`, enabled_events: ['checkout.session.completed'] });
}
const lists = {
  products: (p) => stripe.products.list(p),
  prices: (p) => stripe.prices.list(p),
  coupons: (p) => stripe.coupons.list(p),
  sessions: (p) => stripe.checkout.sessions.list(p),
  'webhook endpoints': (p) => stripe.webhookEndpoints.list(p),
  'line items': (p) => stripe.checkout.sessions.listLineItems(serverOnly.id, p),
};
for (const [name, listing] of Object.entries(lists)) {
  const everything = (await listing({ limit: 100 })).data.map((o) => o.id);
  for (const limit of [1, 2]) {
    const paged = (await listing({ limit }).autoPagingToArray({ limit: 1000 })).map((o) => o.id);
    check(paged.join() === everything.join() && new Set(paged).size === paged.length && paged.length >= 2,
      `${name}: limit=${limit} pages to the end, ${paged.length} ids, none twice or missing`);
  }
  const newer = await listing({ limit: 1, ending_before: everything[1] });
  check(newer.data.map((o) => o.id).join() === everything[0], `${name}: ending_before pages back`);
}

// ---- errors ----
e = await raises(Stripe.errors.StripeInvalidRequestError, () => stripe.checkout.sessions.create({
  mode: 'subscription', line_items: [{ price: monthly.id, quantity: 1 }, { price: setup.id, quantity: 0 }],
}));
check(e.code === 'quantity_out_of_range' && e.param === 'line_items[1][quantity]',
  `StripeInvalidRequestError with a code and a bracket param (${e.code}, ${e.param})`);
e = await raises(Stripe.errors.StripeInvalidRequestError, () => stripe.checkout.sessions.create({
  mode: 'subscription', line_items: [{ price: monthly.id }], shipping_address_collection: { allowed_countries: ['DE'] },
}));
check(e.code === 'parameter_unknown' && e.param === 'shipping_address_collection' && e.message.includes('shipping_address_collection'),
  'a parameter the engine does not implement is refused by name');
e = await raises(Stripe.errors.StripeInvalidRequestError, () => stripe.products.retrieve('prod_missing'));
check(e.statusCode === 404 && e.code === 'resource_missing', 'a 404 resource_missing');
e = await raises(Stripe.errors.StripeAuthenticationError, () => new Stripe('sk_test_not_the_key', options).products.list());
check(e.statusCode === 401, 'a wrong key: StripeAuthenticationError');
const expired = await stripe.checkout.sessions.expire(plain.id);
check(expired.status === 'expired', 'expire');
const before = sent;
e = await raises(Stripe.errors.StripeError, () => stripe.checkout.sessions.expire(plain.id));
check(e.statusCode === 409 && e.code === 'session_not_open' && sent === before + 1,
  'a rule refusal (expire twice) is sent once: the SDK does not retry it');

// ---- webhooks: a real checkout.session.completed delivery ----
const deliveries = [];
const hook = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    deliveries.push([Buffer.concat(chunks), req.headers['stripe-signature']]);
    res.end();
  });
});
await new Promise((ok) => hook.listen(0, '127.0.0.1', ok));
const endpoint = await stripe.webhookEndpoints.create({
  url: `http://127.0.0.1:${hook.address().port}/stripe`, enabled_events: ['checkout.session.completed'],
});
check(endpoint.secret.startsWith('whsec_') && endpoint.enabled_events.join() === 'checkout.session.completed',
  'a webhook endpoint with enabled_events');
const buy = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: setup.id }] });
// The buyer subscribes in the widget (the widget API, as the browser calls it).
const confirmed = await fetch(`${base}/api/checkout/${buy.id}/confirm`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expected_version: buy.version, email: 'anna@example.com' }),
});
check((await confirmed.json()).status === 'complete', 'the buyer completes it');
const deadline = Date.now() + 30_000;
while (!deliveries.length && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 50));
check(deliveries.length > 0, 'the completion is delivered');
const [payload, signature] = deliveries[0];
const event = stripe.webhooks.constructEvent(payload, signature, endpoint.secret);
const endpoints = (await stripe.webhookEndpoints.list({ limit: 100 })).data.length;
check(event.type === 'checkout.session.completed' && event.data.object.id === buy.id && event.livemode === false
  && event.api_version && event.pending_webhooks === endpoints,
  'constructEvent verifies the delivery (Stripe-Signature)');
const tampered = Buffer.from(payload.toString().replace('checkout.session.completed', 'checkout.session.expired'));
await raises(Stripe.errors.StripeSignatureVerificationError, () => stripe.webhooks.constructEvent(tampered, signature, endpoint.secret));
check(true, 'a tampered body is refused');
hook.close();
console.log('stripe-node: every step passed');
