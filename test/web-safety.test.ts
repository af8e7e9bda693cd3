/**
 * What a web page the user visits can do to a server on their machine, with auth on or off:
 * `GET /gremlin` (an `<img>` is enough to send one) reads only; a request naming another host
 * (DNS rebinding) is refused; no CORS headers unless the operator lists origins; writes need a
 * JSON body, which a plain form cannot send.
 */
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

const G = '/graphs/hugegraph';
let server: TestServer;
let cors: TestServer;

before(async () => {
  [server, cors] = await Promise.all([
    TestServer.start({ args: ['--allowed-hosts', 'Graph.Internal'] }),
    TestServer.start({ args: ['--cors-origin', 'https://app.example,http://localhost:3000'] }),
  ]);
});

after(async () => {
  for (const s of [server, cors]) {
    await s.stop();
    s.removeData();
  }
});

interface RawAnswer { status: number; headers: IncomingHttpHeaders; text: string; json: any }

/** A request with the headers exactly as given, Host included (fetch would set its own). */
function raw(target: TestServer, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: target.port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function vertexCount(target: TestServer): Promise<number> {
  const res = await target.request('POST', '/gremlin', { gremlin: 'g.V().count()' });
  assert.equal(res.status, 200, res.text);
  return res.json.result.data[0];
}

test('GET /gremlin reads, but a script that would change the graph is refused with 400 and changes nothing', async () => {
  const made = await server.request('POST', '/gremlin', { gremlin: "graph.schema().vertexLabel('page').ifNotExist().create(); graph.addVertex(T.label, 'page'); 'ok'" });
  assert.equal(made.status, 200, made.text);
  const before = await vertexCount(server);
  const message = 'GET /gremlin runs read-only scripts, and this one changes the graph: send it with POST /gremlin';
  for (const script of [
    "graph.addVertex(T.label, 'page')",
    "g.addV('page').iterate(); graph.tx().commit(); 'done'",
    'g.V().drop().iterate()',
    "graph.schema().propertyKey('stolen').asText().create()",
  ]) {
    const res = await server.request('GET', `/gremlin?gremlin=${encodeURIComponent(script)}`);
    assert.equal(res.status, 400, `${script}: ${res.text}`);
    assert.deepEqual(res.json, { exception: 'java.lang.IllegalArgumentException', message, cause: '[java.lang.IllegalArgumentException]' });
  }
  assert.equal(await vertexCount(server), before);
  const schema = await server.request('GET', `${G}/schema/propertykeys/stolen`);
  assert.equal(schema.status, 404, schema.text);
  const read = await server.request('GET', `/gremlin?gremlin=${encodeURIComponent("g.V().hasLabel('page').count()")}`);
  assert.equal(read.status, 200, read.text);
  assert.deepEqual(read.json.result.data, [before]);
  // The same script sent with POST changes the graph.
  const posted = await server.request('POST', '/gremlin', { gremlin: "graph.addVertex(T.label, 'page'); 'added'" });
  assert.equal(posted.status, 200, posted.text);
  assert.equal(await vertexCount(server), before + 1);
});

test('a server bound to a loopback address answers only to Hosts naming it: another name is a 421', async () => {
  for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, 'LOCALHOST', `[::1]:${server.port}`, `graph.internal:${server.port}`]) {
    const res = await raw(server, 'GET', '/versions', { host });
    assert.equal(res.status, 200, `${host}: ${res.text}`);
  }
  const rebound = `attacker.example:${server.port}`;
  for (const [method, path] of [['GET', `${G}/tasks`], ['GET', '/versions'], ['DELETE', `${G}/clear?confirm_message=I%27m+sure+to+delete+all+data`]] as const) {
    const res = await raw(server, method, path, { host: rebound });
    assert.equal(res.status, 421, `${method} ${path}: ${res.text}`);
    assert.deepEqual(res.json, {
      exception: 'class jakarta.ws.rs.ClientErrorException',
      message: `Host '${rebound}' is not an address of this server: it answers to 127.0.0.1, localhost, [::1], graph.internal only (add names with --allowed-hosts)`,
      cause: '',
    });
  }
  const sub = await raw(server, 'GET', '/versions', { host: 'localhost.attacker.example' });
  assert.equal(sub.status, 421, sub.text);
  // Nothing was cleared by the refused request.
  assert.ok((await vertexCount(server)) > 0);
});

test('no CORS headers unless --cors-origin lists the origin; listed origins get them, preflights included', async () => {
  const evil = await raw(server, 'GET', '/versions', { host: '127.0.0.1', origin: 'https://evil.example' });
  assert.equal(evil.status, 200);
  assert.equal(evil.headers['access-control-allow-origin'], undefined);
  const preflight = { host: '127.0.0.1', origin: 'https://evil.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' };
  const refused = await raw(server, 'OPTIONS', `${G}/tasks/1?action=cancel`, preflight);
  assert.equal(refused.headers['access-control-allow-origin'], undefined);
  assert.equal(refused.headers['access-control-allow-methods'], undefined);
  assert.notEqual(refused.status, 204);

  const unlisted = await raw(cors, 'OPTIONS', `${G}/tasks/1?action=cancel`, preflight);
  assert.equal(unlisted.headers['access-control-allow-origin'], undefined);
  const allowed = await raw(cors, 'OPTIONS', `${G}/tasks/1?action=cancel`, { ...preflight, origin: 'https://app.example' });
  assert.equal(allowed.status, 204, allowed.text);
  assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example');
  assert.equal(allowed.headers['access-control-allow-methods'], 'GET, POST, PUT, DELETE');
  assert.equal(allowed.headers['access-control-allow-headers'], 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID, Accept-Encoding');
  assert.equal(allowed.headers.vary, 'Origin');
  const get = await raw(cors, 'GET', '/versions', { host: '127.0.0.1', origin: 'http://localhost:3000' });
  assert.equal(get.status, 200);
  assert.equal(get.headers['access-control-allow-origin'], 'http://localhost:3000');
  assert.equal(get.headers['access-control-allow-credentials'], 'true');
});

test('what a plain HTML form can send (text/plain, urlencoded, multipart) changes nothing', async () => {
  const before = await vertexCount(server);
  const tasksBefore = (await server.request('GET', `${G}/tasks?limit=-1`)).json.tasks.length;
  const gremlin = JSON.stringify({ gremlin: "graph.addVertex(T.label, 'page'); 'x'" });
  const forms: [string, string][] = [
    ['text/plain', gremlin],
    ['application/x-www-form-urlencoded', `gremlin=${encodeURIComponent("graph.addVertex(T.label, 'page')")}`],
    ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="gremlin"\r\n\r\n1\r\n--x--\r\n`],
  ];
  for (const [type, body] of forms) {
    for (const path of ['/gremlin', `${G}/jobs/gremlin`, `${G}/graph/vertices`, `${G}/schema/propertykeys`]) {
      const res = await raw(server, 'POST', path, { host: '127.0.0.1', 'content-type': type }, path.endsWith('vertices') ? JSON.stringify({ label: 'page', properties: {} }) : body);
      assert.ok(res.status === 400 || res.status === 415, `${type} to ${path}: ${res.status} ${res.text}`);
      assert.equal(typeof res.json?.message, 'string', res.text);
    }
  }
  assert.equal(await vertexCount(server), before);
  assert.equal((await server.request('GET', `${G}/tasks?limit=-1`)).json.tasks.length, tasksBefore);
});
