/**
 * Client mistakes are never 500: every route answers malformed input with a 4xx in HugeGraph's
 * error body, and the server keeps serving (HugeGraph's Python client retries 500s).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  server = await TestServer.start();
  const setup = await server.run([
    "graph.schema().propertyKey('name').asText().ifNotExist().create()",
    "graph.schema().propertyKey('age').asInt().ifNotExist().create()",
    "graph.schema().vertexLabel('person').properties('name', 'age').primaryKeys('name').nullableKeys('age').ifNotExist().create()",
    "graph.schema().edgeLabel('knows').sourceLabel('person').targetLabel('person').properties('age').nullableKeys('age').ifNotExist().create()",
    "graph.addVertex(T.label, 'person', 'name', 'a'); graph.addVertex(T.label, 'person', 'name', 'b'); graph.tx().commit()",
  ].join('; '));
  assert.equal(setup.task_status, 'success', setup.task_result);
});

after(async () => {
  await server.stop();
  server.removeData();
});

const BODIES: unknown[] = [
  null, [], [null], [1, 'x'], 'text', 42, true, {}, { label: 5 }, { label: 'person', properties: 'x' },
  { label: 'person', properties: { name: ['x'], age: 'old' } }, { label: 'nobody' }, { name: '' }, { name: 7, data_type: 'NOPE' },
  { gremlin: 5 }, { vertices: 'x', update_strategies: 'y' }, { edges: [{}], update_strategies: { age: 'SUM' } },
  { label: 'knows', outV: { x: 1 }, inV: [] }, { sources: 'x' }, { data: null },
];

const ROUTES: [string, string][] = [
  ['POST', '/graphs/hugegraph/graph/vertices'],
  ['POST', '/graphs/hugegraph/graph/vertices/batch'],
  ['PUT', '/graphs/hugegraph/graph/vertices/batch'],
  ['PUT', '/graphs/hugegraph/graph/vertices/%221:a%22?action=append'],
  ['PUT', '/graphs/hugegraph/graph/vertices/%221:a%22?action=eliminate'],
  ['POST', '/graphs/hugegraph/graph/edges'],
  ['POST', '/graphs/hugegraph/graph/edges/batch'],
  ['PUT', '/graphs/hugegraph/graph/edges/batch'],
  ['POST', '/graphs/hugegraph/schema/propertykeys'],
  ['POST', '/graphs/hugegraph/schema/vertexlabels'],
  ['POST', '/graphs/hugegraph/schema/edgelabels'],
  ['POST', '/graphs/hugegraph/schema/indexlabels'],
  ['PUT', '/graphs/hugegraph/schema/vertexlabels/person?action=append'],
  ['POST', '/graphs/hugegraph/jobs/gremlin'],
  ['POST', '/gremlin'],
  ['PUT', '/graphs/hugegraph/variables/x'],
  ['POST', '/graphs/hugegraph/traversers/customizedpaths'],
  ['POST', '/graphs/hugegraph/traversers/templatepaths'],
  ['POST', '/graphs/hugegraph/traversers/multinodeshortestpath'],
];

const QUERIES: string[] = [
  '/graphs/hugegraph/graph/vertices?label=person&properties=%7B%22age%22%3A%22P.gt(x)%22%7D',
  '/graphs/hugegraph/graph/vertices?properties=%5B%5D',
  '/graphs/hugegraph/graph/vertices?limit=-5&offset=x',
  '/graphs/hugegraph/graph/vertices/not-json',
  '/graphs/hugegraph/graph/vertices/%7B%7D',
  '/graphs/hugegraph/graph/edges/a%3Eb',
  '/graphs/hugegraph/graph/edges?vertex_id=%221:a%22&direction=SIDEWAYS',
  '/graphs/hugegraph/graph/edges?vertex_id=zzz',
  '/graphs/hugegraph/traversers/kout?source=%221:a%22&max_depth=x',
  '/graphs/hugegraph/traversers/kout?source=nope',
  '/graphs/hugegraph/traversers/shortestpath?source=%221:a%22&target=%221:zz%22&max_depth=-1',
  '/graphs/hugegraph/traversers/vertices?ids=%5B',
  '/graphs/hugegraph/schema/vertexlabels/%00',
  '/graphs/hugegraph/tasks?ids=x&ids=1',
  '/graphs/hugegraph/tasks?page=%25%25',
  '/gremlin?gremlin=g.V().out(%27',
];

function assertClientError(res: { status: number; json: any; text: string }, what: string): void {
  assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status} ${res.text}`);
  assert.ok(res.json && 'exception' in res.json && 'message' in res.json && 'cause' in res.json, `${what}: ${res.text}`);
}

test('malformed bodies on every write route are 4xx in HugeGraph\'s error body', async () => {
  for (const [method, path] of ROUTES) {
    for (const body of BODIES) {
      const res = await server.request(method, path, body === null ? 'null' : body);
      if (res.status < 300) continue; // some bodies are valid somewhere (e.g. {} on append)
      assertClientError(res, `${method} ${path} ${JSON.stringify(body)}`);
    }
    const broken = await server.request(method, path, '{"unterminated": ');
    assertClientError(broken, `${method} ${path} broken JSON`);
  }
});

test('malformed query strings and path ids are 4xx in HugeGraph\'s error body', async () => {
  for (const path of QUERIES) assertClientError(await server.request('GET', path), path);
});

test('the server still serves and nothing stored was lost', async () => {
  const res = await server.request('GET', '/graphs/hugegraph/graph/vertices?label=person');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.vertices.map((v: any) => v.id).sort(), ['1:a', '1:b']);
});
