#!/usr/bin/env python3
"""Generate a month of Acme Cupcakes activity as a flowc event stream.

    python3 examples/generate_acme_events.py > examples/acme-month-base.ndjson
    python3 examples/simulate_engagement.py --flowc build/tools/flowc/flowc > examples/acme-month.ndjson

(the second step adds the customers' opens, clicks and bounces, which name
the sends flowc made: see that script).

The output is one JSON record per line in the format of RUNTIME.md section 2,
in non-decreasing time order, for November 2026 (2026-11-01T00:00:00Z to
2026-11-30T23:59:59Z) and about 300 profiles of examples/acme.flow:

- a catalogue price for every product, then a short burst of imported
  history (profiles, `historical_import` subscriptions, `historical` orders)
  in the first minutes of November 1;
- sign-ups through the month (email with double opt-in confirmation, SMS,
  push, WhatsApp), browsing, checkouts (most abandoned), orders with one
  "Ordered Product" per line, fulfilments, busier around Thanksgiving,
  Black Friday and Cyber Monday;
- price drops mid-month and on Black Friday, SMS keyword conversations
  (the Cupcake quiz, HOURS, HELP, YES, QUIZ, one STOP), a few unsubscribes,
  suppressions and list changes, and review decisions for the manual steps;
- three deliberately bad lines in the middle (not JSON, no `time`, a
  wrong-typed property) to show input errors being reported and skipped.

Python 3 standard library only, fixed seed, no network: the same output on
every run. A one-line summary (record counts by type) goes to stderr.
"""

import datetime as dt
import json
import random
import sys

SEED = 20261101
rng = random.Random(SEED)

UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 1, tzinfo=UTC)
END = dt.datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC)
DAYS = 30

# Fixed UTC offsets for November 2026 (US DST ends Nov 1, Europe's ended in
# October): good enough to put activity in each customer's waking hours.
ZONES = [
    ("America/New_York", -5, 45),
    ("America/Los_Angeles", -8, 25),
    ("Europe/London", 0, 10),
    ("Europe/Paris", 1, 10),
    ("Asia/Tokyo", 9, 10),
]
OFFSET = {z: o for z, o, _ in ZONES}
NY = "America/New_York"

# Browsing by local hour: evenings and lunch breaks.
HOUR_WEIGHTS = [0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.4, 0.8, 1.2, 1.4, 1.5, 1.6,
                2.0, 1.8, 1.5, 1.4, 1.5, 1.7, 2.0, 2.4, 2.6, 2.4, 1.6, 0.8]

# Activity by day of November 2026 (the 1st is a Sunday). Thanksgiving is
# the 26th, Black Friday the 27th, Small Business Saturday the 28th, Cyber
# Monday the 30th.
DAY_WEIGHT = {}
for d in range(1, DAYS + 1):
    weekday = dt.date(2026, 11, d).weekday()  # Monday = 0
    DAY_WEIGHT[d] = 1.25 if weekday >= 5 else 1.0
DAY_WEIGHT.update({20: 1.3, 21: 1.5, 22: 1.5, 23: 1.6, 24: 1.8, 25: 1.7,
                   26: 0.6, 27: 3.6, 28: 2.2, 29: 1.7, 30: 2.2})
# How much likelier a checkout and an order are on that day.
DAY_CONVERSION = {d: 1.0 for d in range(1, DAYS + 1)}
DAY_CONVERSION.update({23: 1.2, 24: 1.3, 25: 1.3, 27: 1.9, 28: 1.5, 29: 1.3, 30: 1.6})

# The catalogue: (product_id, product name, price in USD, popularity).
PRODUCTS = [
    ("classic-vanilla-dozen", "Classic Vanilla Dozen", 36.00, 10),
    ("double-chocolate-dozen", "Double Chocolate Dozen", 39.00, 9),
    ("red-velvet-dozen", "Red Velvet Dozen", 40.00, 8),
    ("mix-match-dozen", "Mix & Match Dozen", 42.00, 7),
    ("gift-box", "Gift Box", 48.00, 8),
    ("berry-bliss-box", "Berry Bliss Box", 44.00, 5),
    ("banana-split-box", "Banana Split Box", 38.00, 3),
    ("chocolate-lovers-box", "Chocolate Lovers Box", 52.00, 5),
    ("salted-caramel-half-dozen", "Salted Caramel Half Dozen", 21.00, 6),
    ("strawberry-shortcake-half-dozen", "Strawberry Shortcake Half Dozen", 20.00, 4),
    ("pumpkin-spice-half-dozen", "Pumpkin Spice Half Dozen", 22.00, 7),
    ("maple-pecan-dozen", "Maple Pecan Dozen", 41.00, 4),
    ("mini-cupcake-sampler", "Mini Cupcake Sampler", 18.00, 6),
    ("party-pack-24", "Party Pack (24)", 78.00, 3),
]
PRODUCT = {p[0]: p for p in PRODUCTS}
CHOCOLATE = {"double-chocolate-dozen", "chocolate-lovers-box", "red-velvet-dozen"}

FIRST_NAMES = {
    "us": ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella",
           "Lucas", "Mia", "Mason", "Amelia", "Ethan", "Harper", "Logan", "Evelyn", "Jackson",
           "Abigail", "Aiden", "Emily", "Carter", "Ella", "Jayden", "Madison", "Grace", "Chloe",
           "Daniel", "Zoe", "Nora", "Riley", "Layla", "Gabriel", "Hannah", "Maya", "Sam",
           "Priya", "Diego", "Keisha", "Marcus", "Rosa", "Tyler", "Brooke", "Jamal", "Wei"],
    "uk": ["Oliver", "Amelia", "George", "Isla", "Harry", "Poppy", "Jack", "Freya", "Alfie",
           "Florence", "Charlie", "Imogen", "Archie", "Rosie", "Ellie"],
    "fr": ["Léa", "Hugo", "Chloé", "Louis", "Camille", "Jules", "Manon", "Gabriel", "Inès",
           "Arthur", "Zoé", "Raphaël", "Margaux", "Théo", "Élodie"],
    "jp": ["Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuto", "Sakura", "Riku", "Mei",
           "Kaito", "Hana", "Daiki", "Yuna", "Sora"],
}
LAST_NAMES = {
    "us": ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
           "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas",
           "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
           "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
           "Wright", "Scott", "Nguyen", "Hill", "Flores", "Green", "Adams", "Baker", "Chen",
           "Patel", "Rivera", "Cohen", "Okafor", "Kim"],
    "uk": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans",
           "Thomas", "Roberts", "Hughes", "Wright", "Walker", "Hall", "Clarke"],
    "fr": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
           "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garnier"],
    "jp": ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto",
           "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue"],
}
REGION = {"America/New_York": "us", "America/Los_Angeles": "us", "Europe/London": "uk",
          "Europe/Paris": "fr", "Asia/Tokyo": "jp"}
ASCII = str.maketrans("àâäéèêëîïôöùûüçÀÂÉÈÊÎÔÙÛÇ", "aaaeeeeiioouuucAAEEEIOUUC")
DOMAINS = ["example.com", "example.com", "example.com", "example.net", "example.org"]

# ---------------------------------------------------------------------------
# Records

records = []  # (seconds since START, insertion number, record)


def emit(t, rec):
    """Queue a record at time t (a datetime); records after END are dropped."""
    if t > END:
        return False
    assert t >= START, (t, rec)
    rec = dict(rec)
    body = {"type": rec.pop("type"), "time": t.strftime("%Y-%m-%dT%H:%M:%SZ")}
    body.update(rec)
    records.append((int((t - START).total_seconds()), len(records), body))
    return True


def secs(n):
    return dt.timedelta(seconds=n)


def local_time(day, tz, hour_weights=HOUR_WEIGHTS, not_before=None):
    """A UTC moment on `day` of November, at a local hour drawn from hour_weights."""
    for _ in range(50):
        hour = rng.choices(range(24), weights=hour_weights)[0]
        t = dt.datetime(2026, 11, day, hour, rng.randrange(60), rng.randrange(60), tzinfo=UTC)
        t -= dt.timedelta(hours=OFFSET[tz])
        if t >= BURST_END and t <= END and (not_before is None or t > not_before):
            return t
    return None


def money(x):
    return round(x + 1e-9, 2)


# ---------------------------------------------------------------------------
# Prices: the catalogue at the start of the month, then the changes.

PRICE_CHANGES = [  # (UTC time, product, new price)
    (dt.datetime(2026, 11, 12, 15, 0, tzinfo=UTC), "red-velvet-dozen", 34.00),       # -15%
    (dt.datetime(2026, 11, 16, 14, 30, tzinfo=UTC), "berry-bliss-box", 33.00),       # -25%
    (dt.datetime(2026, 11, 18, 14, 0, tzinfo=UTC), "mix-match-dozen", 39.90),        # -5%: under the 10% threshold
    (dt.datetime(2026, 11, 19, 16, 0, tzinfo=UTC), "party-pack-24", 62.40),          # -20%
    (dt.datetime(2026, 11, 24, 14, 0, tzinfo=UTC), "red-velvet-dozen", 40.00),       # back to full price
    (dt.datetime(2026, 11, 27, 5, 0, tzinfo=UTC), "gift-box", 38.40),                # Black Friday -20%
    (dt.datetime(2026, 11, 27, 5, 0, tzinfo=UTC), "chocolate-lovers-box", 41.60),    # Black Friday -20%
    (dt.datetime(2026, 11, 28, 15, 0, tzinfo=UTC), "pumpkin-spice-half-dozen", 15.40),  # after Thanksgiving -30%
]


def price_at(product, t):
    price = PRODUCT[product][2]
    for when, pid, new in PRICE_CHANGES:
        if pid == product and when <= t:
            price = new
    return price


for pid, _, price, _ in PRODUCTS:
    emit(START, {"type": "price", "product": pid, "price": price})
for when, pid, new in PRICE_CHANGES:
    emit(when, {"type": "price", "product": pid, "price": new})

# ---------------------------------------------------------------------------
# People

N_IMPORTED = 60
N_NEW = 240
BURST_START = START + secs(5)
BURST_END = START + secs(5 + N_IMPORTED * 6 + 30)

used_emails = []
used_phones = []


def make_email(first, last):
    f = first.translate(ASCII).lower()
    l = last.translate(ASCII).lower()
    for _ in range(100):
        style = rng.randrange(5)
        if style == 0:
            local = f"{f}.{l}"
        elif style == 1:
            local = f"{f}{l}{rng.randrange(1, 99)}"
        elif style == 2:
            local = f"{f[0]}{l}"
        elif style == 3:
            local = f"{f}.{l}{rng.randrange(70, 100)}"
        else:
            local = f"{f}_{l[0]}{rng.randrange(100, 999)}"
        email = f"{local}@{rng.choice(DOMAINS)}"
        if email not in used_emails:
            used_emails.append(email)
            return email
    raise RuntimeError("no unique email")


def make_phone():
    while True:
        phone = f"+1555{rng.randrange(2, 10)}{rng.randrange(0, 1000000):06d}"
        if phone not in used_phones and not phone.startswith("+155555501"):
            used_phones.append(phone)
            return phone


def make_birthday(special):
    year = rng.randrange(1958, 2006)
    if special:  # birthday in the Birthday flow's window this month
        if rng.random() < 0.75:
            month, day = 11, rng.randrange(3, 31)
        else:
            month, day = 12, rng.randrange(1, 32)
    else:
        month = rng.randrange(1, 13)
        day = rng.randrange(1, 29)
    return f"{year:04d}-{month:02d}-{day:02d}"


class Person:
    pass


people = []


def new_person(n, imported):
    p = Person()
    p.id = f"p{n:04d}"
    p.tz = rng.choices([z for z, _, _ in ZONES], weights=[w for _, _, w in ZONES])[0]
    region = REGION[p.tz]
    p.first = rng.choice(FIRST_NAMES[region])
    p.last = rng.choice(LAST_NAMES[region])
    p.email = make_email(p.first, p.last)
    p.phone = make_phone() if rng.random() < 0.85 else None
    p.imported = imported
    p.vip = False
    p.newsletter = False
    p.email_subscribed_at = None  # once confirmed (or imported)
    p.sms_at = None
    p.sms_stopped = False
    p.push = False
    p.whatsapp = False
    p.orders = 0
    p.historical_orders = 0
    p.chocolate = rng.random() < 0.35
    p.propensity = rng.uniform(0.15, 0.55) if imported else rng.uniform(0.05, 0.45)
    p.engagement = rng.uniform(0.6, 2.2) if imported else rng.uniform(0.3, 1.8)
    return p


def profile_properties(p, with_birthday):
    props = {"first_name": p.first}
    if rng.random() < 0.8:
        props["last_name"] = p.last
    props["timezone"] = p.tz
    if with_birthday:
        props["birthday"] = make_birthday(rng.random() < 0.15)
    if p.vip:
        props["vip"] = True
    return props


def contact(p):
    c = {"email": p.email}
    if p.phone:
        c["phone"] = p.phone
    return c


# --- The imported history: the shop's existing customers and subscribers. ---

order_no = [10230]


def next_order_id():
    order_no[0] += rng.randrange(1, 4)
    return f"AC-{order_no[0]}"


def choose_products(p, k):
    weights = [w * (2.5 if (p.chocolate and pid in CHOCOLATE) else 1.0) for pid, _, _, w in PRODUCTS]
    chosen = []
    while len(chosen) < k:
        pid = rng.choices([x[0] for x in PRODUCTS], weights=weights)[0]
        if pid not in chosen:
            chosen.append(pid)
    return chosen


def basket(p, viewed, t):
    """Order lines [(product_id, unit price, quantity)] from what was viewed."""
    lines = []
    n = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
    picks = [v for v in viewed]
    rng.shuffle(picks)
    picks = picks[:n]
    if not picks:
        picks = choose_products(p, n)
    for pid in picks:
        price = price_at(pid, t)
        qty = 1
        if price < 25 and rng.random() < 0.4:
            qty = rng.choice([2, 2, 3])
        elif pid == "party-pack-24" and rng.random() < 0.15:
            qty = 2
        lines.append((pid, price, qty))
    if sum(pr * q for _, pr, q in lines) < 20:  # nobody ships a single small box alone
        pid, price, qty = lines[0]
        lines[0] = (pid, price, qty + 1)
    return lines


t = BURST_START
for i in range(N_IMPORTED):
    p = new_person(len(people) + 1, True)
    people.append(p)
    p.vip = i % 8 == 3  # friends of the bakery
    p.created = t
    emit(t, {"type": "profile", "profile": p.id, **contact(p),
             "properties": profile_properties(p, rng.random() < 0.7)})
    t += secs(1)
    p.newsletter = rng.random() < 0.85
    sub = {"type": "subscribe", "profile": p.id, "channel": "email"}
    if p.newsletter:
        sub["list"] = "Newsletter"
    sub["historical_import"] = True
    emit(t, sub)
    p.email_subscribed_at = t
    t += secs(1)
    if p.phone and rng.random() < 0.5:
        emit(t, {"type": "subscribe", "profile": p.id, "channel": "sms", "list": "SMS Subscribers",
                 "historical_import": True})
        p.sms_at = t
    if rng.random() < 0.12:
        emit(t, {"type": "subscribe", "profile": p.id, "channel": "push", "historical_import": True})
        p.push = True
    if p.phone and rng.random() < 0.05:
        emit(t, {"type": "subscribe", "profile": p.id, "channel": "whatsapp", "historical_import": True})
        p.whatsapp = True
    t += secs(1)
    # Past orders (stored, trigger nothing); kept under the VIP thresholds.
    if rng.random() < 0.6:
        for _ in range(rng.choices([1, 2, 3], weights=[55, 30, 15])[0]):
            lines = basket(p, choose_products(p, 2), START)
            emit(t, {"type": "event", "profile": p.id, "metric": "Placed Order",
                     "properties": {"value": money(sum(pr * q for _, pr, q in lines)),
                                    "order_id": next_order_id(),
                                    "items": [PRODUCT[pid][1] for pid, _, _ in lines]},
                     "historical": True})
            p.historical_orders += 1
        emit(t, {"type": "list_add", "profile": p.id, "list": "Customers"})
    t += secs(3)

# The staff test sign-up the Welcome Series filters out.
staff_id = "p0301"

# --- New people through the month. ---

arrival_days = rng.choices(range(1, DAYS + 1), weights=[DAY_WEIGHT[d] for d in range(1, DAYS + 1)], k=N_NEW)
arrival_days.sort()
for day in arrival_days:
    p = new_person(len(people) + 1, False)
    people.append(p)
    p.created = local_time(day, p.tz)
    if p.created is None:
        p.created = local_time(min(day + 1, DAYS), p.tz)
    p.signup = rng.choices(["popup", "checkout", "footer"], weights=[62, 12, 26])[0]

# ---------------------------------------------------------------------------
# Shopping

order_log = []  # (time, person, value) of every order this month


def fulfil(p, order_id, t_order):
    """The box leaves the bakery the next working day (Mon-Sat, not Thanksgiving)."""
    day = t_order + dt.timedelta(hours=OFFSET[NY])  # bakery-local date
    d = day.date() + dt.timedelta(days=1)
    while d.weekday() == 6 or d == dt.date(2026, 11, 26):
        d += dt.timedelta(days=1)
    when = dt.datetime(d.year, d.month, d.day, rng.randrange(9, 17), rng.randrange(60), rng.randrange(60),
                       tzinfo=UTC) - dt.timedelta(hours=OFFSET[NY])
    carrier = rng.choices(["UPS", "USPS", "FedEx", "Acme Courier"], weights=[40, 30, 15, 15])[0]
    slug = carrier.lower().replace(" ", "-")
    emit(when, {"type": "event", "profile": p.id, "metric": "Fulfilled Order",
                "properties": {"order_id": order_id, "carrier": carrier,
                               "tracking_url": f"https://track.example/{slug}/{order_id.lower()}"}})


def discount_for(p, t, subtotal):
    day = (t + dt.timedelta(hours=OFFSET[NY])).day
    if day >= 27 and rng.random() < 0.8:
        if p.vip:
            return "VIPFRIDAY", 0.30
        if p.orders + p.historical_orders > 0:
            return "FRIDAY25", 0.25
        return "FRIDAY20", 0.20
    if p.vip and rng.random() < 0.5:
        return "VIP15", 0.15
    if (p.orders + p.historical_orders == 0 and p.newsletter and not p.imported
            and rng.random() < 0.55):
        return "HELLO10", 0.10
    return None, 0.0


def place_order(p, t, lines):
    subtotal = money(sum(pr * q for _, pr, q in lines))
    code, off = discount_for(p, t, subtotal)
    value = money(subtotal * (1 - off))
    order_id = next_order_id()
    props = {"value": value, "order_id": order_id, "items": [PRODUCT[pid][1] for pid, _, _ in lines]}
    if code:
        props["discount_code"] = code
    if not emit(t, {"type": "event", "profile": p.id, "metric": "Placed Order", "properties": props}):
        return
    for pid, pr, q in lines:
        emit(t, {"type": "event", "profile": p.id, "metric": "Ordered Product",
                 "properties": {"product_id": pid, "product_name": PRODUCT[pid][1], "price": pr, "quantity": q}})
    p.orders += 1
    order_log.append((t, p, value))
    fulfil(p, order_id, t)


def session(p, t, conversion=1.0, first=False):
    """A visit: a few product views, perhaps a checkout, perhaps an order."""
    day = (t + dt.timedelta(hours=OFFSET[NY])).day
    viewed = []
    for pid in choose_products(p, rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 20, 12, 8])[0]):
        if not emit(t, {"type": "event", "profile": p.id, "metric": "Viewed Product",
                        "properties": {"product_id": pid, "product_name": PRODUCT[pid][1],
                                       "price": price_at(pid, t)}}):
            return
        viewed.append(pid)
        t += secs(rng.randrange(20, 240))
    returning = p.orders + p.historical_orders > 0
    p_checkout = p.propensity * DAY_CONVERSION.get(day, 1.0) * conversion * (1.2 if returning else 1.0)
    if rng.random() >= min(p_checkout, 0.9):
        return
    t += secs(rng.randrange(30, 400))
    lines = basket(p, viewed, t)
    value = money(sum(pr * q for _, pr, q in lines))
    cart = f"https://acme.example/cart/c{rng.randrange(16**8):08x}"
    if not emit(t, {"type": "event", "profile": p.id, "metric": "Started Checkout",
                    "properties": {"value": value, "items": [PRODUCT[pid][1] for pid, _, _ in lines],
                                   "checkout_url": cart}}):
        return
    p_order = (0.4 if returning else 0.28) * min(DAY_CONVERSION.get(day, 1.0), 1.5)
    if first:
        p_order *= 0.8
    if rng.random() < p_order:
        delay = rng.choices([(60, 1800), (1800, 3600), (3600, 4 * 3600), (5 * 3600, 30 * 3600)],
                            weights=[50, 15, 25, 10])[0]
        t_order = t + secs(rng.randrange(*delay))
        # Prices may have changed while the cart waited.
        lines = [(pid, price_at(pid, t_order), q) for pid, _, q in lines]
        place_order(p, t_order, lines)


# --- Sign-ups of the new people. ---

for p in people[N_IMPORTED:]:
    t = p.created
    emit(t, {"type": "profile", "profile": p.id, **contact(p),
             "properties": profile_properties(p, rng.random() < 0.35)})
    if p.signup == "checkout":
        # Ticked "email me news and offers" at checkout: email consent, no list.
        session(p, t + secs(rng.randrange(5, 60)), conversion=2.5, first=True)
        t += secs(rng.randrange(300, 900))
        emit(t, {"type": "subscribe", "profile": p.id, "channel": "email"})
        if p.phone and rng.random() < 0.4:
            emit(t, {"type": "subscribe", "profile": p.id, "channel": "sms_transactional"})
    else:
        t += secs(rng.randrange(3, 25))
        emit(t, {"type": "subscribe", "profile": p.id, "channel": "email", "list": "Newsletter"})
        p.newsletter = True
        if p.phone and rng.random() < 0.62:
            # The pop-up's second step asks for a phone number.
            t2 = t + secs(rng.randrange(20, 240))
            emit(t2, {"type": "subscribe", "profile": p.id, "channel": "sms", "list": "SMS Subscribers"})
            p.sms_at = t2
    # Double opt-in: most click the confirmation link within the hour.
    r = rng.random()
    if r < 0.86:
        delay = secs(rng.randrange(40, 3600)) if r < 0.7 else secs(rng.randrange(3600, 2 * 86400))
        if emit(t + delay, {"type": "event", "profile": p.id, "metric": "Confirmed Subscription"}):
            p.email_subscribed_at = t + delay
    if rng.random() < 0.07:  # installed the app
        tp = t + secs(rng.randrange(600, 5 * 86400))
        p.push = emit(tp, {"type": "subscribe", "profile": p.id, "channel": "push"})
    if p.phone and rng.random() < 0.03:
        tw = t + secs(rng.randrange(600, 5 * 86400))
        p.whatsapp = emit(tw, {"type": "subscribe", "profile": p.id, "channel": "whatsapp"})
    if p.signup != "checkout" and rng.random() < 0.55:
        session(p, t + secs(rng.randrange(30, 600)), first=True)

# A staff member testing the sign-up form: filtered out of the Welcome Series.
t_staff = dt.datetime(2026, 11, 3, 14, 12, 7, tzinfo=UTC)
emit(t_staff, {"type": "profile", "profile": staff_id, "email": "maya+test@acme.example",
               "properties": {"first_name": "Maya", "last_name": "Test", "timezone": NY}})
emit(t_staff + secs(9), {"type": "subscribe", "profile": staff_id, "channel": "email", "list": "Newsletter"})
emit(t_staff + secs(75), {"type": "event", "profile": staff_id, "metric": "Confirmed Subscription"})

# --- Browsing and buying through the month. ---

for p in people:
    first_day = (p.created + dt.timedelta(hours=OFFSET[p.tz])).day if p.created > BURST_END else 1
    days = list(range(first_day, DAYS + 1))
    weight = sum(DAY_WEIGHT[d] for d in days)
    expected = p.engagement * 5.5 * weight / sum(DAY_WEIGHT.values())
    n = max(0, int(rng.gauss(expected, expected * 0.4) + 0.5))
    for day in sorted(rng.choices(days, weights=[DAY_WEIGHT[d] for d in days], k=n)):
        ts = local_time(day, p.tz, not_before=p.created + secs(3600))
        if ts is not None:
            session(p, ts)

# ---------------------------------------------------------------------------
# Profile updates: birthdays added on the account page, VIPs flagged by hand.

updaters = rng.sample(people, 24)
for i, p in enumerate(updaters):
    day = rng.randrange(2, 29)
    ts = local_time(day, p.tz, not_before=p.created + secs(86400))
    if ts is None:
        continue
    if i < 2 and not p.vip:
        p.vip = True
        emit(ts, {"type": "profile", "profile": p.id, "properties": {"vip": True}})
    elif i < 16:
        emit(ts, {"type": "profile", "profile": p.id, "properties": {"birthday": make_birthday(rng.random() < 0.3)}})
    else:
        emit(ts, {"type": "profile", "profile": p.id, "properties": {"last_name": p.last, "first_name": p.first}})

# ---------------------------------------------------------------------------
# Consent changes and list changes.

def after(p, base, min_days, max_days, tz=None):
    """A waking-hours moment between min_days and max_days after base."""
    for _ in range(20):
        day = (base + dt.timedelta(days=rng.uniform(min_days, max_days))).day
        if base + dt.timedelta(days=min_days) > END:
            return None
        ts = local_time(day, tz or p.tz, not_before=base + dt.timedelta(days=min_days))
        if ts is not None:
            return ts
    return None


email_subs = [p for p in people if p.email_subscribed_at is not None]
sms_subs = [p for p in people if p.sms_at is not None]
chosen = rng.sample([p for p in email_subs if p.email_subscribed_at < dt.datetime(2026, 11, 18, tzinfo=UTC)], 8)
for p in chosen[:6]:  # unsubscribe links at the bottom of an email
    ts = after(p, p.email_subscribed_at, 1, 12)
    if ts:
        emit(ts, {"type": "unsubscribe", "profile": p.id, "channel": "email", "via": "link"})
spam = chosen[6]
ts = after(spam, spam.email_subscribed_at, 2, 10)
if ts:
    emit(ts, {"type": "unsubscribe", "profile": spam.id, "channel": "email", "via": "spam_report"})
# A hard bounce: the mailbox no longer exists.
bounced = chosen[7]
ts = after(bounced, bounced.email_subscribed_at, 0.2, 3)
if ts:
    emit(ts, {"type": "suppress", "profile": bounced.id, "channel": "email", "reason": "hard_bounce"})

# Keyword conversations need SMS subscribers who did not opt out.
rng.shuffle(sms_subs)
sms_unsub = sms_subs.pop()
ts = after(sms_unsub, sms_unsub.sms_at, 2, 15)
if ts:  # turned texts off in the account settings
    emit(ts, {"type": "unsubscribe", "profile": sms_unsub.id, "channel": "sms", "via": "api"})
    sms_unsub.sms_stopped = True
sms_suppressed = sms_subs.pop()
ts = after(sms_suppressed, sms_suppressed.sms_at, 1, 10)
if ts:  # asked the bakery by phone to never text them
    emit(ts, {"type": "suppress", "profile": sms_suppressed.id, "channel": "sms", "reason": "manual"})
    sms_suppressed.sms_stopped = True

# In-store sign-up sheet typed in by the staff: existing customers joining the
# Newsletter (they get the Welcome Series, "welcome back" branch).
not_on_newsletter = [p for p in people[:N_IMPORTED] if not p.newsletter and p not in chosen]
for p in not_on_newsletter[:3]:
    ts = local_time(rng.randrange(6, 20), NY, hour_weights=[0] * 9 + [1] * 9 + [0] * 6)
    emit(ts, {"type": "list_add", "profile": p.id, "list": "Newsletter"})
    p.newsletter = True
# Asked to be taken off the newsletter (but keep their email consent).
for p in rng.sample([p for p in email_subs if p.newsletter and p not in chosen], 2):
    ts = after(p, max(p.email_subscribed_at, START + secs(86400)), 3, 14)
    if ts:
        emit(ts, {"type": "list_remove", "profile": p.id, "list": "Newsletter"})

# ---------------------------------------------------------------------------
# Inbound SMS: keyword automations and replies.


def waking(p, base, min_days, max_days):
    return after(p, base, min_days, max_days)


def conversation(p, t, opener, answers, channel="sms"):
    """An opener then answers, each a little while after the question arrives."""
    phone = p.phone
    if not emit(t, {"type": "inbound", "phone": phone, "channel": channel, "text": opener}):
        return
    for text in answers:
        t += secs(rng.randrange(25, 300))
        emit(t, {"type": "inbound", "phone": phone, "channel": channel, "text": text})


FLAVOR = [["1", "vanilla", "Vanilla!"], ["2", "chocolate please", "Chocolate"],
          ["3", "Red Velvet!", "red velvet obviously"]]
FRUIT = [["1", "strawberry", "strawberry 🍓"], ["2", "banana", "Banana I guess"], ["3", "mango", "MANGO"]]
OCCASION = [["1", "just for me :)", "Just for me"], ["2", "party", "It's a party!"],
            ["3", "gift", "a gift for my mom"]]

quiz_people = sms_subs[:16]
hours_people = sms_subs[16:22]
yes_people = sms_subs[22:30]
early_sms = [p for p in sms_subs[30:] if p.sms_at < dt.datetime(2026, 11, 15, tzinfo=UTC)]
stop_person = early_sms[-1]
help_person = early_sms[-2]
bf_quiz_people = [p for p in sms_subs[30:]
                  if p is not stop_person and p is not help_person and p.orders == 0 and not p.vip
                  and p.sms_at < dt.datetime(2026, 11, 26, tzinfo=UTC)][:4]

for i, p in enumerate(quiz_people):
    ts = waking(p, p.sms_at, 0.02, 8)
    if ts is None:
        continue
    opener = rng.choice(["CUPCAKE", "cupcake", "Cupcake", "CUPCAKE", "sweet tooth"])
    answers = [rng.choice(rng.choice(FLAVOR)), rng.choice(rng.choice(FRUIT)), rng.choice(rng.choice(OCCASION))]
    if i == 3:  # does not understand the question at first
        answers.insert(0, "what are my options?")
    if i == 7:
        answers.insert(1, "all of them")
    if i == 11:  # wanders off after the first question: the session times out
        answers = answers[:1]
    conversation(p, ts, opener, answers)

for p in hours_people:
    ts = waking(p, p.sms_at, 0.5, 14)
    if ts:
        emit(ts, {"type": "inbound", "phone": p.phone, "channel": "sms",
                  "text": rng.choice(["HOURS", "hours", "Hours", "opening hours"])})
# Not a keyword: nobody answers automatically.
p = hours_people[0]
ts = dt.datetime(2026, 11, 25, 20, 41, 13, tzinfo=UTC)
if p.sms_at < ts:
    emit(ts, {"type": "inbound", "phone": p.phone, "channel": "sms", "text": "are you open on thanksgiving?"})

# "Reply YES for 10% off" — the second SMS Welcome text, two days later at noon in New York.
for p in yes_people:
    if p.imported:
        continue
    noon = dt.datetime(2026, 11, 1, 17, 0, tzinfo=UTC) + dt.timedelta(
        days=((p.sms_at - dt.datetime(2026, 11, 1, 5, 0, tzinfo=UTC)).days + 2))
    emit(noon + secs(rng.randrange(60, 5400)), {"type": "inbound", "phone": p.phone, "channel": "sms",
                                                 "text": rng.choice(["YES", "yes", "Yes!"])})

ts = waking(help_person, help_person.sms_at, 1, 10)
if ts:
    emit(ts, {"type": "inbound", "phone": help_person.phone, "channel": "sms", "text": "HELP"})
ts = waking(stop_person, stop_person.sms_at, 1, 12)
if ts:
    emit(ts, {"type": "inbound", "phone": stop_person.phone, "channel": "sms", "text": "STOP"})
    stop_person.sms_stopped = True

# Black Friday afternoon: replies to the campaign text ("Reply QUIZ").
for p in bf_quiz_people:
    if p.sms_stopped:
        continue
    ts = dt.datetime(2026, 11, 27, 16, 30, tzinfo=UTC) - dt.timedelta(hours=OFFSET[p.tz]) + secs(rng.randrange(0, 7200))
    answers = [rng.choice(rng.choice(FLAVOR)), rng.choice(rng.choice(FRUIT)), rng.choice(rng.choice(OCCASION))]
    conversation(p, ts, rng.choice(["QUIZ", "quiz", "Quiz please"]), answers)

# A WhatsApp subscriber takes the quiz on WhatsApp.
wa = [p for p in people if p.whatsapp and p.phone and p.created < dt.datetime(2026, 11, 20, tzinfo=UTC)]
if wa:
    p = wa[0]
    ts = dt.datetime(2026, 11, 21, 11, 0, tzinfo=UTC) - dt.timedelta(hours=OFFSET[p.tz]) + secs(rng.randrange(0, 7200))
    conversation(p, ts, "SWEET TOOTH", ["2", "strawberry", "3"], channel="whatsapp")

# Someone who never subscribed texts the keyword: matched to no profile.
emit(dt.datetime(2026, 11, 14, 19, 3, 44, tzinfo=UTC),
     {"type": "inbound", "phone": make_phone(), "channel": "sms", "text": "CUPCAKE"})

# ---------------------------------------------------------------------------
# Review decisions for the manual steps: Maya goes through the Welcome
# Series queue every Monday morning, and approves the VIP notes at month end.

for day in (9, 16, 23, 30):
    emit(dt.datetime(2026, 11, day, 14, 5, tzinfo=UTC),
         {"type": "review", "flow": "Welcome Series", "step": "welcome_reminder", "decision": "send"})
emit(dt.datetime(2026, 11, 29, 15, 30, tzinfo=UTC),
     {"type": "review", "flow": "VIP entry", "step": "vip_welcome", "decision": "send"})

# ---------------------------------------------------------------------------
# Output

records.sort(key=lambda r: (r[0], r[1]))
lines = [json.dumps(rec, ensure_ascii=False, separators=(",", ":")) for _, _, rec in records]

# Three bad lines in the middle of the month, as a flaky export would write
# them: cut off mid-record, missing its time, and a wrong-typed property.
counts = {}
for _, _, rec in records:
    counts[rec["type"]] = counts.get(rec["type"], 0) + 1
mid = len(records) // 2


def find_after(start, pred):
    for i in range(start, len(records)):
        if pred(records[i][2]):
            return i
    raise RuntimeError("no record to copy")


i1 = find_after(mid, lambda r: r["type"] == "event" and r["metric"] == "Viewed Product")
cut = lines[i1]
lines[i1] = cut[: cut.index('"product_name"')]  # truncated: not JSON
i2 = find_after(i1 + 120, lambda r: r["type"] == "event" and r["metric"] == "Viewed Product")
no_time = dict(records[i2][2])
del no_time["time"]
i3 = find_after(i2 + 120, lambda r: r["type"] == "event" and r["metric"] == "Placed Order")
wrong = json.loads(lines[i3])
wrong["properties"] = dict(wrong["properties"], value="lots", order_id=wrong["properties"]["order_id"] + "-DUP")
# Insert the last two after the records they copy (later first keeps indices valid).
lines.insert(i3 + 1, json.dumps(wrong, ensure_ascii=False, separators=(",", ":")))
lines.insert(i2 + 1, json.dumps(no_time, ensure_ascii=False, separators=(",", ":")))
counts["event"] -= 1  # the truncated line replaced a good one

out = sys.stdout.buffer
out.write(("\n".join(lines) + "\n").encode("utf-8"))
out.flush()

summary = " ".join(f"{k}={counts[k]}" for k in sorted(counts))
print(f"acme-month: {len(lines)} lines, {len(people) + 1} profiles, {records[0][2]['time']} .. "
      f"{records[-1][2]['time']}; {summary}; bad=3; orders={len(order_log)} "
      f"revenue=${money(sum(v for _, _, v in order_log)):.2f}", file=sys.stderr)
