"""The official stripe-python SDK (pinned in requirements.txt), unchanged, against the engine.

Run by scripts/sdk-check against a real server on a fresh database:
    check.py BASE_URL SECRET_KEY

Each step is what a merchant's backend writes with the SDK it already uses; a step that
the engine answers differently from Stripe fails with the reason. Exits non-zero on the
first failure.
"""

import http.server
import json
import sys
import threading
import time
import urllib.request

import stripe

BASE, KEY = sys.argv[1], sys.argv[2]
stripe.api_key = KEY
stripe.api_base = BASE


class CountingClient(stripe.RequestsClient):
    """The SDK's own HTTP client, counting what it sends (to see whether it retries)."""

    sent = 0

    def request(self, method, url, headers, post_data=None):
        CountingClient.sent += 1
        return super().request(method, url, headers, post_data)


stripe.default_http_client = CountingClient()
stripe.max_network_retries = 2


def check(cond, what):
    if not cond:
        raise SystemExit(f"stripe-python: {what}")
    print(f"  ok  {what}")


def raises(kind, call):
    try:
        call()
    except kind as e:
        return e
    raise SystemExit(f"stripe-python: expected {kind.__name__}")


# ---- the catalog ----
pro = stripe.Product.create(name="Pro", metadata={"tier": "pro", "sku": "P-1"})
check(pro.object == "product" and pro.metadata["tier"] == "pro", "a product with metadata")
addon = stripe.Product.create(name="Onboarding call")
monthly = stripe.Price.create(product=pro.id, currency="usd", unit_amount=2_000,
                              recurring={"interval": "month"})
yearly = stripe.Price.create(product=pro.id, currency="usd", unit_amount=20_000,
                             recurring={"interval": "year"})
check(monthly.type == "recurring" and yearly.recurring.interval == "year",
      "recurring prices without `type`")
setup = stripe.Price.create(product=addon.id, currency="usd", unit_amount=5_000)
check(setup.type == "one_time", "a one-time price without `type`")
monthly = stripe.Price.modify(monthly.id, upsell=yearly.id)
check(monthly.upsell == yearly.id, "the monthly price upsells to the yearly one")
pro = stripe.Product.modify(pro.id, cross_sells=[addon.id], metadata={"sku": ""})
check(pro.cross_sells == [addon.id] and "sku" not in pro.metadata,
      "cross-sells set, and an empty metadata value removes the key")
coupon = stripe.Coupon.create(percent_off=20, duration="once", name="Launch")
check(coupon.object == "coupon" and coupon.percent_off == 20, "a coupon")

# ---- sessions: nested parameters and an idempotency key ----
params = dict(
    mode="subscription",
    ui_mode="custom",
    line_items=[{"price": monthly.id, "quantity": 1,
                 "adjustable_quantity": {"enabled": True, "minimum": 1, "maximum": 5}}],
    discounts=[{"coupon": coupon.id}],
    metadata={"order": "1001"},
    client_reference_id="cart_1001",
    customer_email="anna@example.com",
    return_url="https://shop.example/return?session_id={CHECKOUT_SESSION_ID}",
)
session = stripe.checkout.Session.create(**params, idempotency_key="order-1001")
check(session.object == "checkout.session" and session.status == "open", "a session")
check(session.metadata["order"] == "1001" and session.client_reference_id == "cart_1001"
      and session.customer_email == "anna@example.com" and session.ui_mode == "custom",
      "the session answers the merchant's own fields")
again = stripe.checkout.Session.create(**params, idempotency_key="order-1001")
check(again.id == session.id, "the same key replays the same session")
e = raises(stripe.IdempotencyError, lambda: stripe.checkout.Session.create(
    **{**params, "client_reference_id": "cart_1002"}, idempotency_key="order-1001"))
check(e.http_status == 400, "the key reused with other parameters: IdempotencyError")
e = raises(stripe.InvalidRequestError, lambda: stripe.checkout.Session.create(
    **{**params, "line_items": [{"price": "price_nope", "quantity": 1}]},
    idempotency_key="order-1003"))
check(e.http_status == 404 and e.code == "resource_missing", "an unknown price: 404")
fixed = stripe.checkout.Session.create(**params, idempotency_key="order-1003")
check(fixed.id != session.id and fixed.status == "open",
      "a refused request keeps nothing: the same key carries the corrected one")

# ---- retrieve, with and without expand ----
plain = stripe.checkout.Session.retrieve(session.id)
check("line_items" not in plain, "no line_items unless expanded")
full = stripe.checkout.Session.retrieve(session.id, expand=["line_items"])
check(full.line_items.object == "list" and full.line_items.data[0].object == "item"
      and full.line_items.data[0].price.id == monthly.id
      and full.line_items.data[0].description == "Pro",
      "expand=['line_items'] answers a list of items")
check(full.upsell.price.id == yearly.id and full.cross_sells[0].product.id == addon.id,
      "the engine's own upsell and cross-sell offers beside them")


# ---- seed 004's endpoint, ported: the server changes the line items ----
def change_subscription_interval(checkout_session_id, interval):
    new_price = yearly.id if interval == "yearly" else monthly.id
    line_items = [{"price": new_price, "quantity": 1}]
    stripe.checkout.Session.modify(checkout_session_id, line_items=line_items)
    return {"type": "success"}


server_only = stripe.checkout.Session.create(
    mode="subscription", ui_mode="custom",
    permissions={"update_line_items": "server_only"},
    line_items=[{"price": monthly.id, "quantity": 1}],
    return_url="https://example.com/return")
check(change_subscription_interval(server_only.id, "yearly")["type"] == "success",
      "seed 004: retransmit the array with the yearly price")
now = stripe.checkout.Session.retrieve(server_only.id, expand=["line_items"])
check([i.price.id for i in now.line_items.data] == [yearly.id], "the cart is now yearly")
kept = stripe.checkout.Session.modify(server_only.id, expand=["line_items"], line_items=[
    {"id": now.line_items.data[0].id}, {"price": setup.id, "quantity": 2}])
check([(i.price.id, i.quantity) for i in kept.line_items.data] == [(yearly.id, 1), (setup.id, 2)],
      "keep by {id} and add by {price, quantity}")
items = stripe.checkout.Session.list_line_items(server_only.id)
check([i.id for i in items.data] == [i.id for i in kept.line_items.data], "list_line_items")


# ---- every list paged to its end ----
for i in range(3):
    stripe.checkout.Session.create(mode="payment", line_items=[{"price": setup.id}],
                                   metadata={"n": str(i)})
    stripe.Coupon.create(amount_off=100 + i, currency="usd", duration="once")
    stripe.WebhookEndpoint.create(url=f"https://shop.example/hooks/{i}",
                                  enabled_events=["checkout.session.completed"])
lists = {
    "products": lambda **kw: stripe.Product.list(**kw),
    "prices": lambda **kw: stripe.Price.list(**kw),
    "coupons": lambda **kw: stripe.Coupon.list(**kw),
    "sessions": lambda **kw: stripe.checkout.Session.list(**kw),
    "webhook endpoints": lambda **kw: stripe.WebhookEndpoint.list(**kw),
    "line items": lambda **kw: stripe.checkout.Session.list_line_items(server_only.id, **kw),
}
for name, listing in lists.items():
    everything = [o.id for o in listing(limit=100).data]
    for limit in (1, 2):
        paged = [o.id for o in listing(limit=limit).auto_paging_iter()]
        check(paged == everything and len(set(paged)) == len(paged) and len(paged) >= 2,
              f"{name}: limit={limit} pages to the end, {len(paged)} ids, none twice or missing")
    first = listing(limit=1)
    newer = listing(limit=1, ending_before=everything[1])
    check(first.data[0].id == everything[0] and [o.id for o in newer.data] == [everything[0]],
          f"{name}: ending_before pages back")

# ---- errors ----
e = raises(stripe.InvalidRequestError, lambda: stripe.checkout.Session.create(
    mode="subscription", line_items=[{"price": monthly.id, "quantity": 1},
                                     {"price": setup.id, "quantity": 0}]))
check(e.code == "quantity_out_of_range" and e.param == "line_items[1][quantity]",
      f"InvalidRequestError with a code and a bracket param ({e.code}, {e.param})")
e = raises(stripe.InvalidRequestError, lambda: stripe.checkout.Session.create(
    mode="subscription", line_items=[{"price": monthly.id}], payment_method_types=["card"]))
check(e.code == "parameter_unknown" and e.param == "payment_method_types"
      and "payment_method_types" in e.user_message,
      "a parameter the engine does not implement is refused by name")
e = raises(stripe.InvalidRequestError, lambda: stripe.Product.retrieve("prod_missing"))
check(e.http_status == 404 and e.code == "resource_missing", "a 404 resource_missing")
e = raises(stripe.AuthenticationError,
           lambda: stripe.Product.list(api_key="sk_test_not_the_key"))
check(e.http_status == 401, "a wrong key: AuthenticationError")
expired = stripe.checkout.Session.expire(plain.id)
check(expired.status == "expired", "expire")
before = CountingClient.sent
# A 409 is the SDK's APIError, which it retries unless told not to (Stripe-Should-Retry).
e = raises(stripe.APIError, lambda: stripe.checkout.Session.expire(plain.id))
check(e.http_status == 409 and e.error.code == "session_not_open" and CountingClient.sent == before + 1,
      "a rule refusal (expire twice) is sent once: the SDK does not retry it")


# ---- webhooks: a real checkout.session.completed delivery ----
class Receiver(http.server.BaseHTTPRequestHandler):
    deliveries = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.deliveries.append((body, self.headers.get("Stripe-Signature")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=hook.serve_forever, daemon=True).start()
endpoint = stripe.WebhookEndpoint.create(
    url=f"http://127.0.0.1:{hook.server_address[1]}/stripe",
    enabled_events=["checkout.session.completed"])
check(endpoint.secret.startswith("whsec_") and endpoint.enabled_events == ["checkout.session.completed"],
      "a webhook endpoint with enabled_events")
buy = stripe.checkout.Session.create(mode="payment", line_items=[{"price": setup.id}])
# The buyer subscribes in the widget (the widget API, as the browser calls it).
confirm = urllib.request.Request(
    f"{BASE}/api/checkout/{buy.id}/confirm", method="POST",
    data=json.dumps({"expected_version": buy.version, "email": "anna@example.com"}).encode(),
    headers={"Content-Type": "application/json"})
check(json.load(urllib.request.urlopen(confirm))["status"] == "complete", "the buyer completes it")
deadline = time.time() + 30
while not Receiver.deliveries and time.time() < deadline:
    time.sleep(0.05)
check(Receiver.deliveries, "the completion is delivered")
payload, signature = Receiver.deliveries[0]
event = stripe.Webhook.construct_event(payload, signature, endpoint.secret)
check(event.type == "checkout.session.completed" and event.data.object.id == buy.id
      and event.livemode is False and event.api_version
      and event.pending_webhooks == len(stripe.WebhookEndpoint.list(limit=100).data),
      "construct_event verifies the delivery (Stripe-Signature)")
tampered = payload.replace(b"checkout.session.completed", b"checkout.session.expired")
raises(stripe.SignatureVerificationError,
       lambda: stripe.Webhook.construct_event(tampered, signature, endpoint.secret))
check(True, "a tampered body is refused")
hook.shutdown()
print("stripe-python: every step passed")
