-- Support POSTs for bench/load.py: every request is one verified account (a pre-made session)
-- supporting one idea, each (account, idea) pair once, so every accepted request must add one
-- row. The lines come from bench/participation_data.py: "session csrf path address".
-- Usage: wrk … -s bench/wrk_support.lua http://host:port -- lines.txt
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  local index = 0
  for line in io.lines(args[1]) do
    if index % 2 == id then
      local session, csrf, path, address = line:match("(%S+) (%S+) (%S+) (%S+)")
      table.insert(lines, {session, csrf, path, address})
    end
    index = index + 1
  end
  position = 0
  accepted = 0
  refused = 0
  wrapped = 0
end

function request()
  position = position + 1
  if position > #lines then
    position = 1
    wrapped = 1
  end
  local l = lines[position]
  local headers = {
    ["Cookie"] = "sessionid=" .. l[1] .. "; csrftoken=" .. l[2],
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = l[4],
  }
  return wrk.format("POST", l[3], headers, "csrfmiddlewaretoken=" .. l[2] .. "&action=support")
end

function response(status, headers, body)
  if status == 302 then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end

done = function(summary, latency, requests)
  local ok, other, wrap = 0, 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("accepted")
    other = other + thread:get("refused")
    wrap = math.max(wrap, thread:get("wrapped"))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "accepted": %d, "refused": %d, "wrapped": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    ok, other, wrap, e.connect, e.read, e.write, e.status, e.timeout))
end
