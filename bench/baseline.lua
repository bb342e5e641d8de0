-- bench/baseline.lua — the filter logic of bench/filter_heavy.flow written
-- by hand in Lua, run by LuaJIT over the same records, as the comparison
-- baseline for "ns per filter evaluation".
--
--   luajit bench/baseline.lua EVENTS.tsv [REPORT.json]
--
-- EVENTS.tsv is the simplified copy bench/generate.py writes with --tsv (its
-- docstring gives the columns): parsing is not what we compare, so the file
-- is read and split into arrays first, outside the timed part.
--
-- What it does per record, in flowc's order (runtime/engine/engine.cpp
-- Engine::apply): update the profile (properties, consent, lists), update
-- the aggregates (count/sum, the two `where` counts), then, unless the
-- record is historical, check the trigger `where` of every flow on that
-- metric; re-evaluate the segments that read what the record changed, as
-- flowc's dependency filter does (runtime/engine/segment_dependencies.h; a
-- segment-triggered flow is entered when its segment becomes true); then, for each entry, the profile filters,
-- and for each successful entry the filters again before the `notify` step
-- and the step's two templates. Every condition, `where` and template
-- evaluated counts as one evaluation, as a chunk evaluation does in flowc.
--
-- Timing: pass A runs the full logic; pass B walks the same records doing
-- only the per-record dispatch (no state, no conditions). ns per evaluation
-- = (A - B) / evaluations, the same "marginal" method the harness uses for
-- flowc (filter_heavy.flow minus a program with the same schema and no
-- segments or flows). Each pass runs on fresh state; the best of --repeat
-- runs is kept.

local path = arg[1] or error("usage: luajit baseline.lua EVENTS.tsv [REPORT.json] [REPEAT]")
local report_path = arg[2]
local repeat_n = tonumber(arg[3] or "3")

---------------------------------------------------------------------------
-- Load

local K, IDX, F1, F2, F3, F4, F5, F6, F7, F8, F9 = {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}
local n = 0
local maxidx = 0
local t_load0 = os.clock()
local function num(s) if s == "-" then return nil end return tonumber(s) end
for line in io.lines(path) do
  n = n + 1
  local f = {}
  local c = 0
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    c = c + 1
    f[c] = field
  end
  local kind = f[1]
  local i = tonumber(f[2])
  if i > maxidx then maxidx = i end
  K[n], IDX[n] = kind, i
  if kind == "P" then
    F1[n], F2[n], F3[n] = f[3] == "1", f[4], f[5]
  elseif kind == "S" then
    F1[n], F2[n], F3[n] = f[3], f[4], f[5] == "1"
  elseif kind == "U" then
    F1[n] = f[3]
  elseif kind == "I" then
    F1[n] = 0
  else -- E
    F1[n], F2[n] = tonumber(f[3]), f[4] == "1"
    F3[n], F4[n], F5[n], F6[n] = num(f[5]), num(f[6]), num(f[7]), f[8]
    local items = nil
    if f[9] ~= "-" then
      items = {}
      for it in (f[9] .. "|"):gmatch("([^|]*)|") do items[#items + 1] = it end
    end
    F7[n] = items
  end
end
local t_load = os.clock() - t_load0

---------------------------------------------------------------------------
-- The program's constants

local Z = { {"America/New_York", "Europe/Paris"}, {"America/Los_Angeles", "Asia/Tokyo"},
            {"America/Chicago", "Europe/London"}, {"America/New_York", "America/Chicago"},
            {"Europe/London", "Europe/Paris"}, {"America/Los_Angeles", "America/New_York"},
            {"Asia/Tokyo", "Europe/London"}, {"America/Chicago", "America/Los_Angeles"} }
local NM = { {"Olivia", "Liam", "Emma"}, {"Noah", "Ava", "Mia"}, {"Sophia", "James", "Lucas"},
             {"Maya", "Sam", "Priya"}, {"Diego", "Wei", "Yui"}, {"Hugo", "Camille", "Oliver"},
             {"Grace", "Zoe", "Nora"}, {"Emily", "Ella", "Chloe"} }
local PR = { {"double-chocolate-dozen", "chocolate-lovers-box", "red-velvet-dozen"},
             {"gift-box", "party-pack-24"},
             {"classic-vanilla-dozen", "mix-match-dozen", "maple-pecan-dozen"} }
local NSEG = 40

local function has(list, x)
  if x == nil or list == nil then return false end
  for j = 1, #list do if list[j] == x then return true end end
  return false
end

---------------------------------------------------------------------------
-- One pass over the records

local function run_full()
  local N = maxidx + 1
  local vip, tz, first, ce = {}, {}, {}, {}
  local nl, cust = {}, {}
  local cnt_po, sum_po, cnt_vp, sum_vp, cnt_sc, cnt_gift, cnt_big = {}, {}, {}, {}, {}, {}, {}
  local seg = {}
  local seen = {}
  local big_once = {}
  for i = 0, N - 1 do
    vip[i] = false; seen[i] = false; ce[i] = 0; nl[i] = false; cust[i] = false
    cnt_po[i] = 0; sum_po[i] = 0; cnt_vp[i] = 0; sum_vp[i] = 0; cnt_sc[i] = 0; cnt_gift[i] = 0; cnt_big[i] = 0
  end
  for j = 0, N * NSEG - 1 do seg[j] = false end
  for j = 0, N * 4 - 1 do big_once[j] = false end
  local entered = {}
  for j = 1, 28 do entered[j] = 0 end
  local evals = 0
  local pend = {}     -- pending entries: flow numbers 1..28
  local npend = 0
  local text_len = 0  -- keeps the rendered templates alive

  -- Which segment families (spend, browser, zone, engaged, gift) an event
  -- of metric m makes flowc evaluate again: those counting m. Ordered
  -- Product (3) and Fulfilled Order (4) are read by no segment; Confirmed
  -- Subscription (5) changes consent, so every segment.
  local function families_of_metric(m)
    if m == 0 then return true, true, false, false, true end
    if m == 1 then return false, true, false, false, false end
    if m == 2 then return false, true, true, true, false end
    if m == 3 or m == 4 then return false, false, false, false, false end
    return true, true, true, true, true
  end

  -- Profile filters of flow f (1..28) for profile i; counts evaluations.
  local function filters(f, i)
    if f <= 6 then          -- View k: count > k ; not vip
      evals = evals + 1
      if not (cnt_vp[i] > f - 1) then return false end
      evals = evals + 1
      return not vip[i]
    elseif f <= 12 then     -- Order k: sum > 40k ; consent != unsubscribed
      evals = evals + 1
      if not (sum_po[i] > 40 * (f - 7)) then return false end
      evals = evals + 1
      return ce[i] ~= 2
    elseif f <= 18 then     -- Checkout k: count == 0 or vip
      evals = evals + 1
      return cnt_po[i] == 0 or vip[i]
    elseif f <= 24 then     -- Line k: timezone is set
      evals = evals + 1
      return tz[i] ~= nil
    else                    -- Big spender k: in Newsletter or Customers
      evals = evals + 1
      return nl[i] or cust[i]
    end
  end

  for r = 1, n do
    local kind, i = K[r], IDX[r]
    local historical = false
    -- The segment families F1..F5 the record makes flowc evaluate again
    -- (all of them for a new profile and for consent, list and inbound
    -- records): see families_of_metric.
    local spend, browser, zone, engaged, gift = true, true, true, true, true
    if kind == "P" then
      if seen[i] then
        local vip_changed = vip[i] ~= F1[r]
        spend, browser, engaged = false, false, false
        zone = vip_changed or tz[i] ~= F2[r]
        gift = vip_changed or first[i] ~= F3[r]
      end
      vip[i] = F1[r]; tz[i] = F2[r]; first[i] = F3[r]
    elseif kind == "S" then
      local ch, list = F1[r], F2[r]
      historical = F3[r]
      if ch == "email" then ce[i] = 1 end
      if list == "Newsletter" then nl[i] = true elseif list == "Customers" then cust[i] = true end
    elseif kind == "U" then
      if F1[r] == "email" then ce[i] = 2 end
    elseif kind == "I" then
      -- An inbound text changes nothing here; flowc re-evaluates the
      -- profile's segments after an automation looks at it.
    else
      local m = F1[r]
      historical = F2[r]
      if seen[i] then spend, browser, zone, engaged, gift = families_of_metric(m) end
      local value, price, qty, pid, items = F3[r], F4[r], F5[r], F6[r], F7[r]
      if m == 0 then            -- Placed Order
        cnt_po[i] = cnt_po[i] + 1
        sum_po[i] = sum_po[i] + value
        evals = evals + 2
        if has(items, "Gift Box") then cnt_gift[i] = cnt_gift[i] + 1 end
        if value > 60 then cnt_big[i] = cnt_big[i] + 1 end
        if not historical then
          for k = 0, 5 do
            evals = evals + 1
            if value >= 30 + 10 * k or has(items, "Gift Box") then npend = npend + 1; pend[npend] = 7 + k end
          end
        end
      elseif m == 1 then        -- Started Checkout
        cnt_sc[i] = cnt_sc[i] + 1
        if not historical then
          for k = 0, 5 do
            evals = evals + 1
            if value * 1.1 > 25 + 15 * k and #items >= 1 + k % 2 then npend = npend + 1; pend[npend] = 13 + k end
          end
        end
      elseif m == 2 then        -- Viewed Product
        cnt_vp[i] = cnt_vp[i] + 1
        sum_vp[i] = sum_vp[i] + price
        if not historical then
          for k = 0, 5 do
            evals = evals + 1
            if price > 20 + 4 * k and pid ~= "gift-box" then npend = npend + 1; pend[npend] = 1 + k end
          end
        end
      elseif m == 3 then        -- Ordered Product
        if not historical then
          for k = 0, 5 do
            evals = evals + 1
            if qty * price > 20 + 10 * k and has(PR[k % 3 + 1], pid) then npend = npend + 1; pend[npend] = 19 + k end
          end
        end
      end
    end
    -- The selected segments, in order.
    seen[i] = true
    local base = i * NSEG
    local v, t, fi = vip[i], tz[i], first[i]
    local po, spo, vp, svp, sc = cnt_po[i], sum_po[i], cnt_vp[i], sum_vp[i], cnt_sc[i]
    if spend then
      for k = 0, 7 do         -- F1 Spend k
        local member = spo * 1.08 + po * 5 > 60 + 40 * k and po >= 1 + k % 3
        if member and not seg[base + k] and not historical and k % 2 == 0 then
          npend = npend + 1; pend[npend] = 25 + k / 2
        end
        seg[base + k] = member
      end
      evals = evals + 8
    end
    if browser then
      for k = 0, 7 do         -- F2 Browser k
        seg[base + 8 + k] = vp >= 2 + k and (sc == 0 or po * 2 < sc + k)
      end
      evals = evals + 8
    end
    if zone then
      for k = 0, 7 do         -- F3 Zone k
        local z = Z[k + 1]
        seg[base + 16 + k] = (t ~= nil and (t == z[1] or t == z[2])) and (v or vp % (k + 2) == 1)
      end
      evals = evals + 8
    end
    if engaged then
      local lists = nl[i] or cust[i]
      local sub = ce[i] == 1
      for k = 0, 7 do         -- F4 Engaged k
        seg[base + 24 + k] = lists and sub and svp / (vp + 1) > 20 + 3 * k
      end
      evals = evals + 8
    end
    if gift then
      local gb = cnt_gift[i] + cnt_big[i]
      for k = 0, 7 do         -- F5 Gift k
        seg[base + 32 + k] = (gb > k % 4 and not v) or has(NM[k + 1], fi)
      end
      evals = evals + 8
    end
    -- Entries: filters, enter, filters again before the step, the step.
    for e = 1, npend do
      local f = pend[e]
      local ok = true
      if f >= 25 then
        local slot = i * 4 + (f - 25)
        if big_once[slot] then ok = false end
        if ok then ok = filters(f, i) end
        if ok then big_once[slot] = true end
      else
        ok = filters(f, i)
      end
      if ok then
        entered[f] = entered[f] + 1
        if filters(f, i) then
          local to = "bench@acme.example"
          local text = first[i] or ""
          text_len = text_len + #to + #text
          evals = evals + 2
        end
      end
    end
    npend = 0
  end
  return evals, entered, text_len
end

local function run_dispatch()
  -- The same walk over the records with the per-record dispatch only.
  local touched = 0
  for r = 1, n do
    local kind, i = K[r], IDX[r]
    if kind == "P" then touched = touched + 1
    elseif kind == "S" then touched = touched + 2
    elseif kind == "U" then touched = touched + 3
    elseif kind == "I" then touched = touched + 4
    else touched = touched + F1[r] end
    touched = touched + i % 7
  end
  return touched
end

local best_full, best_base = math.huge, math.huge
local evals, entered
for _ = 1, repeat_n do
  collectgarbage("collect")
  local t0 = os.clock()
  local e, ent = run_full()
  local t1 = os.clock() - t0
  if t1 < best_full then best_full = t1 end
  evals, entered = e, ent
  collectgarbage("collect")
  t0 = os.clock()
  run_dispatch()
  local t2 = os.clock() - t0
  if t2 < best_base then best_base = t2 end
end

local ns = (best_full - best_base) * 1e9 / evals
local names = {}
for k = 0, 5 do names[1 + k] = "View " .. k; names[7 + k] = "Order " .. k; names[13 + k] = "Checkout " .. k
  names[19 + k] = "Line " .. k end
for k = 0, 3 do names[25 + k] = "Big spender " .. k end
local parts = {}
for f = 1, 28 do parts[#parts + 1] = string.format('"%s":%d', names[f], entered[f]) end
local json = string.format(
  '{"records":%d,"evaluations":%d,"load_s":%.4f,"full_s":%.4f,"dispatch_s":%.4f,"ns_per_eval":%.3f,"entered":{%s}}',
  n, evals, t_load, best_full, best_base, ns, table.concat(parts, ","))
if report_path then
  local fh = assert(io.open(report_path, "w"))
  fh:write(json, "\n")
  fh:close()
end
io.stderr:write(string.format("baseline.lua: %d records, %d evaluations, full %.3f s, dispatch %.3f s: %.2f ns/eval\n",
  n, evals, best_full, best_base, ns))
print(json)
