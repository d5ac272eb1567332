-- wrk script: each thread holds one connection (-t N -c N) and follows its own refresh-token chain.
-- Tokens come one per line from the file named by REFRESH_TOKENS.
local tokens = {}
local index = 0

function setup(thread)
  if #tokens == 0 then
    for line in io.lines(os.getenv("REFRESH_TOKENS")) do tokens[#tokens + 1] = line end
  end
  index = index + 1
  thread:set("token", tokens[index])
end

function init(args)
  failures = 0
end

function request()
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    token = string.match(body, '"refresh_token":"([^"]+)"')
  else
    failures = failures + 1
  end
end
