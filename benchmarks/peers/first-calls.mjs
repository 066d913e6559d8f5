#!/usr/bin/env node
// A session's first calls, as an assistant makes them: start a stdio MCP server, initialize, list its
// tools, then make point calls a fixed gap apart (the model's think time) and time each one from the
// request written to the answer read. The harness's point row starts at call 51 of a session that
// calls back to back; this measures the calls users wait for at the start of every conversation.
//
//   node first-calls.mjs --cmd "<server command>" --tool execute_query [--arg sql] [--env '{"K":"V"}']
//        [--calls 12] [--gap 300] [--idle 0] [--sessions 3] [--sql "SELECT * FROM customers WHERE id = {k}"]
//        [--label name] [--out file.json]
//
// --idle is how long, in ms, the client waits after the tool list before its first call: 0 (the
// default) times a first call that races the server's own start-up work; an assistant's user usually
// types for seconds in between.
//
// Plain JSON-RPC lines over the server's stdin and stdout (MCP "Transports", stdio), the same for every
// server; the server's stderr is read and dropped, as a client that logs it would read it. Prints one
// line per session (first call, then the p50 of the calls after it, in ms) and, with --out, writes
// every latency in µs.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const opts = { arg: 'sql', calls: '12', gap: '300', idle: '0', sessions: '3', sql: 'SELECT * FROM customers WHERE id = {k}', env: '{}' };
for (let i = 2; i < process.argv.length; i += 2) opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!opts.cmd || !opts.tool) {
  console.error('usage: first-calls.mjs --cmd "<server command>" --tool <name> [--arg sql] [--calls 12] [--gap 300] [--idle 0] [--sessions 3]');
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[s.length >> 1] : null; };

async function session(index) {
  const [bin, ...args] = opts.cmd.split(' ');
  const child = spawn(bin, args, { env: { ...process.env, ...JSON.parse(opts.env) }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', () => {});
  const chunks = []; const waiters = new Map();
  child.stdout.on('data', (d) => {
    // Lines are found in the new chunk only; a message's start may be in the chunks before it.
    let from = 0; let nl;
    while ((nl = d.indexOf(10, from)) >= 0) {
      chunks.push(d.subarray(from, nl)); from = nl + 1;
      const line = Buffer.concat(chunks).toString('utf8'); chunks.length = 0;
      let m; try { m = JSON.parse(line); } catch { continue; }
      const w = waiters.get(m.id); if (w) { waiters.delete(m.id); w(m); }
    }
    if (from < d.length) chunks.push(d.subarray(from));
  });
  const exited = new Promise((r) => child.once('exit', r));
  const request = (id, method, params) => new Promise((resolve, reject) => {
    waiters.set(id, resolve);
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    exited.then(() => reject(new Error(`server exited before answering ${method}`)));
  });
  try {
    await request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'first-calls', version: '1' } });
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
    await request(2, 'tools/list', {});
    await sleep(+opts.idle);
    const latencies = [];
    for (let i = 0; i < +opts.calls; i++) {
      const sql = opts.sql.replace('{k}', String(1 + ((index * 7919 + i * 104729) % 100000)));
      const t0 = process.hrtime.bigint();
      const r = await request(10 + i, 'tools/call', { name: opts.tool, arguments: { [opts.arg]: sql } });
      latencies.push(Math.round(Number(process.hrtime.bigint() - t0) / 1000));
      if (r.error || r.result?.isError) throw new Error(`call ${i + 1} failed: ${JSON.stringify(r).slice(0, 300)}`);
      if (i + 1 < +opts.calls) await sleep(+opts.gap);
    }
    return latencies;
  } finally {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited; clearTimeout(timer);
  }
}

const sessions = [];
for (let s = 0; s < +opts.sessions; s++) {
  const latencies = await session(s);
  sessions.push(latencies);
  console.log(`${opts.label ?? opts.tool} session ${s + 1}: first call ${(latencies[0] / 1000).toFixed(1)} ms, `
    + `calls 2-${latencies.length} p50 ${(median(latencies.slice(1)) / 1000).toFixed(2)} ms (${opts.gap} ms apart)`);
}
const later = sessions.map((l) => median(l.slice(1)));
console.log(`${opts.label ?? opts.tool}: median over sessions of the p50 of calls 2-${opts.calls}: ${(median(later) / 1000).toFixed(2)} ms`);
if (opts.out) {
  writeFileSync(opts.out, JSON.stringify({ label: opts.label ?? opts.tool, gap_ms: +opts.gap, idle_ms: +opts.idle, calls: +opts.calls,
    sessions_us: sessions, p50_later_calls_us: later, median_p50_later_calls_us: median(later) }, null, 2));
}
