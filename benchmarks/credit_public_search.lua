-- wrk script of benchmarks/credit_public_search.py: closed-loop clients cycling code / name / sub queries
-- from a pre-checked list, each request's latency recorded per query type.
--
--   wrk -t 20 -c 20 -d 10s -s credit_public_search.lua http://127.0.0.1:PORT -- QUERIES OUT_PREFIX
--
-- QUERIES: one "kind<TAB>path" line per query (kind: code, name or sub). One wrk thread per connection
-- (-t = -c), so a thread's requests and responses strictly alternate and each response is matched to the
-- request it answers. Each thread writes "kind<TAB>microseconds<TAB>status<TAB>empty" lines to
-- OUT_PREFIX<thread number>. The clock is CLOCK_MONOTONIC through LuaJIT's FFI (wrk links LuaJIT).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } zw_timespec;
  int clock_gettime(int clk_id, zw_timespec *tp);
]]
local ts = ffi.new("zw_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local kinds = { "code", "name", "sub" }
local by_kind = { code = {}, name = {}, sub = {} }
local out, n, pending_kind, started = nil, 0, nil, 0

function init(args)
  for line in io.lines(args[1]) do
    local kind, path = line:match("^(%a+)\t(.+)$")
    table.insert(by_kind[kind], path)
  end
  out = assert(io.open(args[2] .. id, "w"))
  out:setvbuf("full")
  math.randomseed(1000 + id)
end

function request()
  local kind = kinds[(n + id) % 3 + 1]
  n = n + 1
  local list = by_kind[kind]
  pending_kind = kind
  local req = wrk.format("GET", list[math.random(#list)])
  started = now_us()
  return req
end

function response(status, headers, body)
  local elapsed = now_us() - started
  local empty = 0
  if body:find('"records":%s*%[%]') or body:find('"rows":%s*%[%]') then
    empty = 1
  end
  out:write(pending_kind, "\t", string.format("%.0f", elapsed), "\t", status, "\t", empty, "\n")
end

function done(summary, latency, requests)
  -- the per-thread files are flushed when wrk exits; print wrk's own error counts for the caller
  local e = summary.errors
  io.write(string.format("ZW errors connect %d read %d write %d status %d timeout %d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
end
