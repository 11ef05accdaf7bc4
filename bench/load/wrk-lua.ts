// The Lua script wrk runs for a request template. A constant request is set once on `wrk` (wrk
// then builds it a single time); a random id or token needs a request() function, which costs wrk
// a little more per request. done() prints the exact totals as one JSON line.
import { ID_PLACEHOLDER, type RequestTemplate } from './request-template.ts';

/** A Lua string literal: bytes outside printable ASCII become \ddd (LuaJIT has no \u escapes). */
export function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString().padStart(3, '0')}`;
  }
  return `${out}"`;
}

export function wrkLuaScript(t: RequestTemplate): string {
  const headerLines = Object.entries(t.headers).map(([k, v]) => `headers[${luaString(k)}] = ${luaString(v)}`);
  const parts = t.path.split(ID_PLACEHOLDER);
  const dynamic = parts.length > 1 || t.bearerTokens.length > 0;
  const lines = [
    'local headers = {}',
    ...headerLines,
    `local body = ${t.body === null ? 'nil' : luaString(t.body)}`,
    `local method = ${luaString(t.method)}`,
  ];
  if (!dynamic) {
    lines.push('wrk.method = method', `wrk.path = ${luaString(t.path)}`, 'wrk.headers = headers', 'wrk.body = body');
  } else {
    lines.push(
      `local parts = { ${parts.map(luaString).join(', ')} }`,
      `local tokens = { ${t.bearerTokens.map((tok) => luaString(`Bearer ${tok}`)).join(', ')} }`,
      `local id_max = ${t.idMax}`,
      'math.randomseed(os.time())',
      'request = function()',
      '  local path = parts[1]',
      '  for i = 2, #parts do path = path .. math.random(1, id_max) .. parts[i] end',
      '  if #tokens > 0 then headers["Authorization"] = tokens[math.random(1, #tokens)] end',
      '  return wrk.format(method, path, headers, body)',
      'end',
    );
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,' +
      '"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\\n\',',
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),',
    '    e.status, e.connect, e.read, e.write, e.timeout))',
    'end',
    '',
  );
  return lines.join('\n');
}
