#!/usr/bin/env python3
"""Deterministic workload generator for the flowc benchmarks.

    python3 bench/generate.py --profiles 20000 --events 200000 --days 30 --seed 1 > events.ndjson

Writes NDJSON (RUNTIME.md section 2) on stdout, in non-decreasing time order,
for the schema of examples/acme/schema.flow (the same profile properties and
metrics are declared by bench/filter_heavy.flow). Every line is valid for that
schema: numbers are written with a decimal point, `quantity` as an integer,
`items` as a list of strings, dates as YYYY-MM-DD.

Mixes (--mix):
  realistic  (default) a store's month: a catalogue price list, an imported
             base of profiles (historical subscriptions and orders), sign-ups
             through the period (email with double opt-in confirmation, SMS
             with the "SMS Subscribers" list, a few push subscribers),
             browsing sessions ("Viewed Product"), checkouts, orders with one
             "Ordered Product" per line and a "Fulfilled Order" the next day,
             unsubscribes, a few price drops, and inbound SMS keywords
             (CUPCAKE quiz answers, HOURS, HELP, STOP).
  signups    one `profile` record and one email `subscribe` to Newsletter per
             profile, nothing else: the "waiting profile" memory workload
             (--events is ignored).

--events is a target: the stream has about that many lines (the exact count
goes to stderr with a summary by record type). Same arguments, same bytes.

--tsv FILE also writes a simplified tab-separated copy of the records the
LuaJIT baseline (bench/baseline.lua) reads, so the Lua side measures filter
evaluation rather than JSON parsing. One line per NDJSON record that names a
profile (price records are left out; they evaluate no segment):
  P  idx  vip(0/1)  timezone  first_name              profile record
  S  idx  channel   list(or -)  historical(0/1)      subscribe
  U  idx  channel                                    unsubscribe
  I  idx                                             inbound SMS (matched by phone)
  E  idx  metric#  historical  value  price  quantity  product_id  items(|)  discount
where metric# is 0 Placed Order, 1 Started Checkout, 2 Viewed Product,
3 Ordered Product, 4 Fulfilled Order, 5 Confirmed Subscription; absent
numbers are written as `-`.

Python 3 standard library only. Lines are built from pre-escaped pieces with
f-strings (no json.dumps per line) and written day by day, so memory stays
bounded by one day's records plus a few bytes per profile.
"""

import argparse
import calendar
import datetime as dt
import random
import sys

# ---------------------------------------------------------------------------
# Static data (ASCII only, so nothing needs JSON escaping).

PRODUCTS = [  # (product_id, name, price, popularity)
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
# Price changes: (fraction of the period, product index, factor).
PRICE_CHANGES = [(0.38, 2, 0.85), (0.52, 5, 0.75), (0.60, 3, 0.95), (0.63, 13, 0.80), (0.86, 7, 0.70)]

ZONES = ["America/New_York"] * 9 + ["America/Los_Angeles"] * 5 + ["America/Chicago"] * 3 + \
        ["Europe/London", "Europe/Paris", "Asia/Tokyo"]
FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas",
         "Mia", "Mason", "Amelia", "Ethan", "Harper", "Logan", "Evelyn", "Jackson", "Abigail", "Aiden",
         "Emily", "Carter", "Ella", "Jayden", "Madison", "Grace", "Chloe", "Daniel", "Zoe", "Nora",
         "Riley", "Layla", "Gabriel", "Hannah", "Maya", "Sam", "Priya", "Diego", "Keisha", "Marcus",
         "Rosa", "Tyler", "Brooke", "Jamal", "Wei", "Haruto", "Yui", "Hugo", "Camille", "Oliver"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
        "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
        "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker",
        "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Flores", "Green", "Adams",
        "Baker", "Chen", "Patel", "Rivera", "Cohen", "Okafor", "Kim", "Sato", "Dubois", "Evans", "Ito", "Moreau"]
DOMAINS = ["example.com", "example.com", "example.net", "example.org", "mail.example"]
CARRIERS = ["UPS", "USPS", "FedEx", "Acme Courier"]
DISCOUNTS = ["HELLO10", "FRIDAY20", "comeback15", "VIPFRIDAY"]
# UTC hour weights of browsing for a mostly US audience (evening peak ~ 01:00 UTC).
HOUR_W = [2.4, 2.6, 2.4, 1.6, 0.8, 0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.4,
          0.8, 1.2, 1.4, 1.5, 1.6, 2.0, 1.8, 1.5, 1.4, 1.5, 1.7, 2.0]
QUIZ_ANSWERS = [["1", "vanilla", "Chocolate", "2", "red velvet obviously", "3"],
                ["1", "strawberry", "banana", "3", "MANGO", "2"],
                ["1", "party", "a gift for my mom", "3", "Just for me", "2"]]


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profiles", type=int, default=20000)
    ap.add_argument("--events", type=int, default=200000, help="target number of lines")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", default="2026-11-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--mix", choices=["realistic", "signups"], default="realistic")
    ap.add_argument("--tsv", help="also write the LuaJIT baseline's TSV copy here")
    return ap.parse_args(argv)


class Out:
    """Day buckets of (time, ndjson line, tsv line); flushed in time order."""

    def __init__(self, args):
        self.days = args.days
        self.buckets = [[] for _ in range(args.days)]
        self.start = calendar.timegm(dt.date.fromisoformat(args.start).timetuple())
        self.end = args.days * 86400
        self.out = sys.stdout
        self.tsv = open(args.tsv, "w", encoding="ascii", newline="\n") if args.tsv else None
        self.counts = {}
        self.lines = 0
        # "YYYY-MM-DDT" per day and "HH:MM:SSZ" per second of the day.
        self.day_prefix = []
        for d in range(args.days + 1):
            self.day_prefix.append(dt.datetime.fromtimestamp(self.start + d * 86400, dt.timezone.utc)
                                   .strftime("%Y-%m-%dT"))
        self.clock = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(86400)]

    def ts(self, t):
        d, s = divmod(t, 86400)
        return self.day_prefix[d] + self.clock[s]

    def emit(self, t, kind, line, tsv=None):
        """Queue a record at t (seconds from the start); dropped after the end."""
        if t >= self.end:
            return False
        self.buckets[t // 86400].append((t, kind, line, tsv))
        return True

    def flush_day(self, d):
        bucket = self.buckets[d]
        bucket.sort(key=lambda r: r[0])  # stable: same-second records keep their order
        ts = self.ts
        counts = self.counts
        lines = []
        tlines = []
        for t, kind, line, tsv in bucket:
            counts[kind] = counts.get(kind, 0) + 1
            lines.append(line.replace("@T@", ts(t), 1))
            if tsv is not None:
                tlines.append(tsv)
        self.lines += len(lines)
        if lines:
            self.out.write("\n".join(lines))
            self.out.write("\n")
        if self.tsv is not None and tlines:
            self.tsv.write("\n".join(tlines))
            self.tsv.write("\n")
        self.buckets[d] = None

    def close(self):
        self.out.flush()
        if self.tsv is not None:
            self.tsv.close()


def money(x):
    return f"{x:.2f}"


class Gen:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.o = Out(args)
        self.n = args.profiles
        self.width = max(6, len(str(self.n)))
        self.price = [p[2] for p in PRODUCTS]
        self.sms = bytearray(self.n)          # 1 when SMS-subscribed (can text keywords)
        self.created = [0] * 0                # filled by plan()
        self.orders = 0
        self.pop = [p[3] for p in PRODUCTS]
        self.cum_pop = []
        acc = 0
        for w in self.pop:
            acc += w
            self.cum_pop.append(acc)

    # -- identity ------------------------------------------------------------
    def pid(self, i):
        return f"p{i:0{self.width}d}"

    def phone(self, i):
        return f"+1{2000000000 + i}"

    def email(self, i):
        return f"{FIRST[i % 50].lower()}.{LAST[(i // 50) % 50].lower()}{i}@{DOMAINS[i % 5]}"

    # -- records -------------------------------------------------------------
    def profile_rec(self, t, i, with_phone):
        rng = self.rng
        tz = ZONES[rng.randrange(len(ZONES))]
        vip = rng.random() < 0.02
        first = FIRST[rng.randrange(50)]
        props = f'"first_name":"{first}","last_name":"{LAST[rng.randrange(50)]}","timezone":"{tz}"'
        if vip:
            props += ',"vip":true'
        if rng.random() < 0.2:
            props += f',"birthday":"{rng.randrange(1950, 2006)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"'
        phone = f',"phone":"{self.phone(i)}"' if with_phone else ""
        line = (f'{{"type":"profile","time":"@T@","profile":"{self.pid(i)}","email":"{self.email(i)}"{phone},'
                f'"properties":{{{props}}}}}')
        tsv = f"P\t{i}\t{int(vip)}\t{tz}\t{first}" if self.o.tsv else None
        self.o.emit(t, "profile", line, tsv)

    def subscribe(self, t, i, channel, lst=None, historical=False):
        extra = f',"list":"{lst}"' if lst else ""
        if historical:
            extra += ',"historical_import":true'
        line = f'{{"type":"subscribe","time":"@T@","profile":"{self.pid(i)}","channel":"{channel}"{extra}}}'
        tsv = f"S\t{i}\t{channel}\t{lst or '-'}\t{int(historical)}" if self.o.tsv else None
        return self.o.emit(t, "subscribe", line, tsv)

    def simple(self, t, kind, line, tsv):
        return self.o.emit(t, kind, line, tsv if self.o.tsv else None)

    def event(self, t, i, metric, mnum, props, historical=False, tsv_fields="-\t-\t-\t-\t-\t-"):
        h = ',"historical":true' if historical else ""
        line = (f'{{"type":"event","time":"@T@","profile":"{self.pid(i)}","metric":"{metric}",'
                f'"properties":{{{props}}}{h}}}')
        tsv = f"E\t{i}\t{mnum}\t{int(historical)}\t{tsv_fields}" if self.o.tsv else None
        return self.o.emit(t, "event", line, tsv)

    def product(self):
        r = self.rng.random() * self.cum_pop[-1]
        for k, c in enumerate(self.cum_pop):
            if r < c:
                return k
        return len(PRODUCTS) - 1

    def basket(self, viewed):
        rng = self.rng
        lines = {}
        for k in viewed:
            if rng.random() < 0.6:
                lines[k] = lines.get(k, 0) + (1 if rng.random() < 0.85 else 2)
        if not lines:
            lines[viewed[0]] = 1
        return [(k, self.price[k], q) for k, q in lines.items()]

    def order(self, t, i, lines, historical=False):
        rng = self.rng
        self.orders += 1
        oid = f"o{self.args.seed % 1000:03d}{self.orders:08d}"
        value = sum(p * q for _, p, q in lines)
        items = ",".join(f'"{PRODUCTS[k][1]}"' for k, _, _ in lines)
        disc = ""
        dtsv = "-"
        if rng.random() < 0.15:
            dc = DISCOUNTS[rng.randrange(len(DISCOUNTS))]
            disc = f',"discount_code":"{dc}"'
            dtsv = dc
        names = "|".join(PRODUCTS[k][1] for k, _, _ in lines)
        ok = self.event(t, i, "Placed Order", 0,
                        f'"value":{money(value)},"order_id":"{oid}","items":[{items}]{disc}', historical,
                        f"{money(value)}\t-\t-\t-\t{names}\t{dtsv}")
        if not ok or historical:
            return
        for k, p, q in lines:
            pid, name = PRODUCTS[k][0], PRODUCTS[k][1]
            self.event(t, i, "Ordered Product", 3,
                       f'"product_id":"{pid}","product_name":"{name}","price":{money(p)},"quantity":{q}',
                       False, f"-\t{money(p)}\t{q}\t{pid}\t-\t-")
        # Shipped the next day, 14:00-22:00 UTC (working hours in New York).
        tf = (t // 86400 + 1) * 86400 + 14 * 3600 + rng.randrange(8 * 3600)
        carrier = CARRIERS[rng.randrange(4)]
        self.event(tf, i, "Fulfilled Order", 4,
                   f'"order_id":"{oid}","carrier":"{carrier}","tracking_url":"https://track.example/{oid}"')

    def session(self, t, i):
        """Browsing, maybe a checkout, maybe an order. Returns lines emitted."""
        rng = self.rng
        n = 0
        viewed = []
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))):
            k = self.product()
            pid, name = PRODUCTS[k][0], PRODUCTS[k][1]
            p = money(self.price[k])
            if not self.event(t, i, "Viewed Product", 2, f'"product_id":"{pid}","product_name":"{name}","price":{p}',
                              False, f"-\t{p}\t-\t{pid}\t-\t-"):
                return n
            n += 1
            viewed.append(k)
            t += rng.randrange(20, 240)
        if rng.random() < 0.2:
            lines = self.basket(viewed)
            value = sum(p * q for _, p, q in lines)
            items = ",".join(f'"{PRODUCTS[k][1]}"' for k, _, _ in lines)
            names = "|".join(PRODUCTS[k][1] for k, _, _ in lines)
            t += rng.randrange(30, 400)
            if self.event(t, i, "Started Checkout", 1,
                          f'"value":{money(value)},"items":[{items}],'
                          f'"checkout_url":"https://acme.example/cart/c{rng.randrange(16 ** 8):08x}"',
                          False, f"{money(value)}\t-\t-\t-\t{names}\t-"):
                n += 1
            if rng.random() < 0.45:
                t += rng.randrange(60, 3 * 3600)
                self.order(t, i, lines)
                n += 2 + len(lines)
        r = rng.random()
        if r < 0.004:
            via = "link" if r < 0.0035 else "spam_report"
            self.simple(t + 60, "unsubscribe",
                        f'{{"type":"unsubscribe","time":"@T@","profile":"{self.pid(i)}","channel":"email","via":"{via}"}}',
                        f"U\t{i}\temail")
            n += 1
        elif r < 0.02 and self.sms[i]:
            n += self.inbound(t + 120, i)
        return n

    def inbound(self, t, i):
        rng = self.rng
        r = rng.random()
        if r < 0.6:
            texts = [rng.choice(("CUPCAKE", "cupcake", "sweet tooth"))] + [rng.choice(a) for a in QUIZ_ANSWERS]
        elif r < 0.85:
            texts = [rng.choice(("HOURS", "hours", "opening hours"))]
        elif r < 0.93:
            texts = ["HELP"]
        else:
            texts = ["STOP"]
            self.sms[i] = 0
        phone = self.phone(i)
        for text in texts:
            self.simple(t, "inbound", f'{{"type":"inbound","time":"@T@","phone":"{phone}","channel":"sms","text":"{text}"}}',
                        f"I\t{i}")
            t += rng.randrange(25, 300)
        return len(texts)

    def signup(self, t, i, imported):
        rng = self.rng
        with_phone = rng.random() < 0.6
        self.profile_rec(t, i, with_phone)
        n = 1
        if imported:
            t += 1
            self.subscribe(t, i, "email", "Newsletter" if rng.random() < 0.85 else None, True)
            n += 1
            if with_phone and rng.random() < 0.5:
                self.subscribe(t, i, "sms", "SMS Subscribers", True)
                self.sms[i] = 1
                n += 1
            if rng.random() < 0.5:
                for _ in range(rng.choice((1, 1, 2, 3))):
                    self.order(t, i, self.basket([self.product(), self.product()]), historical=True)
                    n += 1
                self.simple(t, "list_add", f'{{"type":"list_add","time":"@T@","profile":"{self.pid(i)}","list":"Customers"}}',
                            f"S\t{i}\t-\tCustomers\t0")
                n += 1
            return n
        t += rng.randrange(3, 25)
        self.subscribe(t, i, "email", "Newsletter")
        n += 1
        if with_phone and rng.random() < 0.5:
            if self.subscribe(t + rng.randrange(20, 240), i, "sms", "SMS Subscribers"):
                self.sms[i] = 1
                n += 1
        if rng.random() < 0.05:
            n += self.subscribe(t + rng.randrange(600, 5 * 86400), i, "push")
        if rng.random() < 0.85:  # double opt-in confirmation
            delay = rng.randrange(40, 3600) if rng.random() < 0.8 else rng.randrange(3600, 2 * 86400)
            n += self.event(t + delay, i, "Confirmed Subscription", 5, "")
        return n

    def pick_hour_time(self, day):
        rng = self.rng
        h = rng.choices(range(24), weights=HOUR_W)[0]
        return day * 86400 + h * 3600 + rng.randrange(3600)

    # -- the whole stream ----------------------------------------------------
    def run(self):
        a = self.args
        rng = self.rng
        o = self.o
        days = a.days
        n = self.n
        for k, (pid, _, price, _) in enumerate(PRODUCTS):
            self.simple(0, "price", f'{{"type":"price","time":"@T@","product":"{pid}","price":{money(price)}}}', None)
        if a.mix == "signups":
            # Sign-ups spread evenly over the period.
            for i in range(n):
                t = i * (days * 86400 - 3600) // max(n, 1)
                self.profile_rec(t, i, False)
                self.subscribe(t, i, "email", "Newsletter")
            for d in range(days):
                o.flush_day(d)
            return
        # Imported base: 30% of the profiles, in the first hour.
        n_imp = n * 3 // 10
        n_new = n - n_imp
        # New profiles: creation times spread over the period, busier late in it.
        dw = [1.0 + 1.5 * (d / max(days - 1, 1)) ** 3 for d in range(days)]
        per_day = [int(n_new * w / sum(dw)) for w in dw]
        per_day[-1] += n_new - sum(per_day)
        # Line budget: sign-ups take about 2.9 lines (imported ~3.4), the rest is shopping.
        budget = a.events - len(PRODUCTS) - int(n_imp * 3.4 + n_new * 2.9)
        sw = [1.0 + 1.2 * (d / max(days - 1, 1)) ** 2 for d in range(days)]
        if days > 26:  # a Black-Friday-like peak near the end
            sw[days - 4] *= 2.5
            sw[days - 3] *= 1.6
        quota = [max(0, budget) * w / sum(sw) for w in sw]
        changes = sorted((int(f * days * 86400), k, fct) for f, k, fct in PRICE_CHANGES)
        created = 0
        for d in range(days):
            if d == 0:
                for i in range(n_imp):
                    self.signup(i * 3600 // max(n_imp, 1), i, True)
                created = n_imp
            start = created
            cnt = per_day[d]
            times = sorted(self.pick_hour_time(d) for _ in range(cnt))
            if d == 0:
                times = [max(x, 3600) for x in times]
            for j, t in enumerate(times):
                self.signup(t, start + j, False)
            # Shopping: profiles that exist by the end of the day before (and
            # today's sign-ups, a little later). Loyal customers (the first 5%)
            # shop more often.
            avail = max(created, 1)
            created += cnt
            for t, k, fct in changes:
                if t // 86400 == d:
                    self.price[k] = round(self.price[k] * fct, 2)
                    self.simple(t, "price", f'{{"type":"price","time":"@T@","product":"{PRODUCTS[k][0]}",'
                                f'"price":{money(self.price[k])}}}', None)
            emitted = 0
            q = quota[d]
            hot = max(1, avail // 20)
            while emitted < q:
                r = rng.random()
                if r < 0.25:
                    i = rng.randrange(hot)
                elif r < 0.9 or cnt == 0:
                    i = rng.randrange(avail)
                else:
                    j = rng.randrange(cnt)
                    i = start + j
                    t0 = times[j] + rng.randrange(60, 1800)
                    emitted += self.session(t0, i) or 1
                    continue
                emitted += self.session(max(self.pick_hour_time(d), 3600), i) or 1
            o.flush_day(d)


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    if args.profiles < 1 or args.days < 1:
        sys.exit("generate.py: --profiles and --days must be positive")
    g = Gen(args)
    g.run()
    g.o.close()
    c = g.o.counts
    summary = " ".join(f"{k}={c[k]}" for k in sorted(c))
    print(f"generate.py: {g.o.lines} lines, {args.profiles} profiles, {args.days} days, seed {args.seed}; {summary}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
