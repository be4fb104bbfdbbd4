-- wrk script for the HTTP API benchmark in README.md ("HTTP API: GET /api/v1/engines/{id}/status with a token").
-- tokens.txt: one personal access token per line (e.g. 32 made with `token create ... --scope read`).
-- wrk -t2 -c32 -d10s --latency -s docs/benchmarks/wrk-status.lua http://127.0.0.1:5251/
local engine = os.getenv("ENGINE") or "default"
local tokens = {}
for line in io.lines(os.getenv("TOKENS") or "tokens.txt") do tokens[#tokens + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/engines/" .. engine .. "/status", { ["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1] })
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx/3xx: %d\n", summary.errors.status))
  for _, p in pairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p%g: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
