/**
 * Names that mean something to JavaScript objects (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`, `prototype`, `valueOf`) are ordinary names everywhere: as property keys
 * through every REST write and read, in Gremlin, as Groovy map keys and bindings, in schema user
 * data and in traverser answers keyed by vertex id. Nothing is dropped, and nothing a vertex does
 * not hold (a JavaScript object's inherited members) shows up as if it did.
 *
 * Expected bodies are written as JSON text: in a JS object literal, `'__proto__': v` would set
 * the literal's prototype instead of making an entry.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

let server: TestServer;
const G = '/graphs/hugegraph';
const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };

const PROPERTY_KEYS: [string, string, string][] = [
  ['name', 'TEXT', 'SINGLE'],
  ['__proto__', 'TEXT', 'SINGLE'],
  ['constructor', 'INT', 'SINGLE'],
  ['toString', 'TEXT', 'LIST'],
  ['hasOwnProperty', 'TEXT', 'SINGLE'],
  ['prototype', 'TEXT', 'SINGLE'],
  ['valueOf', 'DATE', 'SINGLE'],
];
const SPECIAL = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'];

async function post(path: string, body: unknown): Promise<any> {
  const res = await server.request('POST', path, body);
  assert.ok(res.status >= 200 && res.status < 300, `${path}: ${res.status} ${res.text}`);
  return res.json;
}

before(async () => {
  server = await TestServer.start();
  for (const [name, type, cardinality] of PROPERTY_KEYS) {
    await post(`${G}/schema/propertykeys`, { name, data_type: type, cardinality });
  }
  await post(`${G}/schema/vertexlabels`, { name: 'thing', properties: ['name', ...SPECIAL], primary_keys: ['name'], nullable_keys: SPECIAL });
  await post(`${G}/schema/vertexlabels`, { name: 'strict', properties: ['name', 'constructor'], primary_keys: ['name'] });
  await post(`${G}/schema/vertexlabels`, { name: 'keyed', properties: ['__proto__', 'valueOf'], primary_keys: ['__proto__'], nullable_keys: ['valueOf'] });
  await post(`${G}/schema/vertexlabels`, { name: 'node', id_strategy: 'CUSTOMIZE_STRING', properties: ['name'], nullable_keys: ['name'] });
  await post(`${G}/schema/edgelabels`, {
    name: 'link', source_label: 'thing', target_label: 'thing', properties: ['__proto__', 'constructor'], nullable_keys: ['__proto__', 'constructor'],
  });
  await post(`${G}/schema/edgelabels`, { name: 'hop', source_label: 'node', target_label: 'node' });
  const indexes: [string, string, string, string, string][] = [
    ['thingByProto', 'VERTEX_LABEL', 'thing', 'SECONDARY', '__proto__'],
    ['thingByConstructor', 'VERTEX_LABEL', 'thing', 'RANGE', 'constructor'],
    ['linkByProto', 'EDGE_LABEL', 'link', 'SECONDARY', '__proto__'],
  ];
  for (const [name, baseType, baseValue, indexType, field] of indexes) {
    const created = await post(`${G}/schema/indexlabels`, { name, base_type: baseType, base_value: baseValue, index_type: indexType, fields: [field] });
    assert.equal((await server.waitForTask(created.task_id)).task_status, 'success');
  }
});

after(async () => {
  await server.stop();
  server.removeData();
});

const q = (id: unknown) => encodeURIComponent(JSON.stringify(id));

async function vertexText(id: string): Promise<string> {
  const res = await server.request('GET', `${G}/graph/vertices/${q(id)}`);
  assert.equal(res.status, 200, res.text);
  return res.text;
}

/** `result.data` of a synchronous Gremlin request, as JSON text. */
async function gremlin(script: string, bindings: Record<string, unknown> = {}): Promise<string> {
  const res = await server.request('POST', '/gremlin', { gremlin: script, bindings, language: 'gremlin-groovy', aliases: ALIASES });
  assert.equal(res.status, 200, `${script}: ${res.text}`);
  return JSON.stringify(res.json.result.data);
}

test('a vertex created with keys named like JavaScript object members keeps all of them', async () => {
  const body = '{"label":"thing","properties":{"name":"a","__proto__":"x","constructor":7,"toString":["t"],"hasOwnProperty":"h","prototype":"p"}}';
  const created = await server.request('POST', `${G}/graph/vertices`, body);
  assert.equal(created.status, 201, created.text);
  const a = '{"id":"1:a","label":"thing","type":"vertex","properties":{"name":"a","__proto__":"x","constructor":7,"toString":["t"],"hasOwnProperty":"h","prototype":"p"}}';
  assert.equal(created.text, a);
  assert.equal(await vertexText('1:a'), a);
  const listed = await server.request('GET', `${G}/graph/vertices?label=thing&properties=${q({ name: 'a' })}`);
  assert.equal(listed.text, `{"vertices":[${a}]}`);
});

test('a key named constructor that is not nullable must be given', async () => {
  const res = await server.request('POST', `${G}/graph/vertices`, { label: 'strict', properties: { name: 's' } });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.json, {
    exception: 'class java.lang.IllegalArgumentException',
    message: "All non-null property keys [name, constructor] of vertex label 'strict' must be set, missed keys [constructor]",
    cause: '',
  });
  const given = await server.request('POST', `${G}/graph/vertices`, { label: 'strict', properties: { name: 's', constructor: 1 } });
  assert.equal(given.text, '{"id":"2:s","label":"strict","type":"vertex","properties":{"name":"s","constructor":1}}');
});

test('a primary key named __proto__ makes the id, and a DATE key named valueOf reads back as a date', async () => {
  const created = await server.request('POST', `${G}/graph/vertices`, '{"label":"keyed","properties":{"__proto__":"k","valueOf":"2020-01-02"}}');
  assert.equal(created.status, 201, created.text);
  const k = '{"id":"3:k","label":"keyed","type":"vertex","properties":{"__proto__":"k","valueOf":"2020-01-02 00:00:00.000"}}';
  assert.equal(created.text, k);
  assert.equal(await vertexText('3:k'), k);
  const byKey = await server.request('GET', `${G}/graph/vertices?label=keyed&properties=${encodeURIComponent('{"__proto__":"k"}')}`);
  assert.equal(byKey.text, `{"vertices":[${k}]}`);
  assert.equal(await gremlin("g.V('3:k').values('valueOf')"), '["2020-01-02 00:00:00.000"]');
});

test('batch creation and batch update keep them, merging by their strategies', async () => {
  const batch = await server.request('POST', `${G}/graph/vertices/batch`,
    '[{"label":"thing","properties":{"name":"b1","__proto__":"y","constructor":2}},{"label":"thing","properties":{"name":"b2","toString":["u"]}}]');
  assert.equal(batch.status, 201, batch.text);
  assert.equal(batch.text, '["1:b1","1:b2"]');
  assert.equal(await vertexText('1:b1'), '{"id":"1:b1","label":"thing","type":"vertex","properties":{"name":"b1","__proto__":"y","constructor":2}}');

  // b2 holds no constructor: SUM has nothing stored to add to, so the given value is kept.
  const updated = await server.request('PUT', `${G}/graph/vertices/batch`, '{"vertices":['
    + '{"label":"thing","properties":{"name":"b1","__proto__":"y2","constructor":5,"toString":["v"]}},'
    + '{"label":"thing","properties":{"name":"b2","__proto__":"z","constructor":3,"toString":["w"]}}],'
    + '"update_strategies":{"__proto__":"OVERRIDE","constructor":"SUM","toString":"APPEND"},"create_if_not_exist":true}');
  assert.equal(updated.status, 200, updated.text);
  const b1 = '{"id":"1:b1","label":"thing","type":"vertex","properties":{"name":"b1","__proto__":"y2","constructor":7,"toString":["v"]}}';
  const b2 = '{"id":"1:b2","label":"thing","type":"vertex","properties":{"name":"b2","toString":["u","w"],"__proto__":"z","constructor":3}}';
  assert.equal(updated.text, `{"vertices":[${b1},${b2}]}`);
  assert.equal(await vertexText('1:b1'), b1);
  assert.equal(await vertexText('1:b2'), b2);
});

test('append and eliminate set and remove them', async () => {
  await post(`${G}/graph/vertices`, { label: 'thing', properties: { name: 'c' } });
  const appended = await server.request('PUT', `${G}/graph/vertices/${q('1:c')}?action=append`,
    '{"properties":{"__proto__":"p1","constructor":4,"toString":["a"],"prototype":"q"}}');
  assert.equal(appended.status, 200, appended.text);
  assert.equal(appended.text, '{"id":"1:c","label":"thing","type":"vertex","properties":{"name":"c","__proto__":"p1","constructor":4,"toString":["a"],"prototype":"q"}}');
  const again = await server.request('PUT', `${G}/graph/vertices/${q('1:c')}?action=append`, '{"properties":{"toString":["b"]}}');
  assert.equal(again.status, 200, again.text);
  const eliminated = await server.request('PUT', `${G}/graph/vertices/${q('1:c')}?action=eliminate`, '{"properties":{"constructor":0,"prototype":""}}');
  assert.equal(eliminated.status, 200, eliminated.text);
  const c = '{"id":"1:c","label":"thing","type":"vertex","properties":{"name":"c","__proto__":"p1","toString":["a","b"]}}';
  assert.equal(eliminated.text, c);
  assert.equal(await vertexText('1:c'), c);
});

test('edges keep them through create, batch create, batch update, append and eliminate', async () => {
  await post(`${G}/graph/vertices/batch`, [{ label: 'thing', properties: { name: 'e1' } }, { label: 'thing', properties: { name: 'e2' } }]);
  const edge = (props: string) => `{"label":"link","outV":"1:e1","inV":"1:e2","outVLabel":"thing","inVLabel":"thing","properties":${props}}`;
  const id = 'S1:e1>1>>S1:e2';
  const shape = (props: string) => `{"id":"${id}","label":"link","type":"edge","outV":"1:e1","outVLabel":"thing","inV":"1:e2","inVLabel":"thing","properties":${props}}`;
  const readBack = async () => (await server.request('GET', `${G}/graph/edges/${encodeURIComponent(id)}`)).text;

  const created = await server.request('POST', `${G}/graph/edges`, edge('{"__proto__":"l1","constructor":1}'));
  assert.equal(created.status, 201, created.text);
  assert.equal(created.text, shape('{"__proto__":"l1","constructor":1}'));
  assert.equal(await readBack(), shape('{"__proto__":"l1","constructor":1}'));

  const batch = await server.request('POST', `${G}/graph/edges/batch`, `[${edge('{"__proto__":"l2"}')}]`);
  assert.equal(batch.status, 201, batch.text);
  assert.equal(batch.text, `["${id}"]`);
  assert.equal(await readBack(), shape('{"__proto__":"l2"}'));

  const updated = await server.request('PUT', `${G}/graph/edges/batch`,
    `{"edges":[${edge('{"__proto__":"l3","constructor":2}')}],"update_strategies":{"constructor":"SUM"},"create_if_not_exist":true}`);
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.text, `{"edges":[${shape('{"__proto__":"l3","constructor":2}')}]}`);

  const appended = await server.request('PUT', `${G}/graph/edges/${encodeURIComponent(id)}?action=append`, '{"properties":{"constructor":9}}');
  assert.equal(appended.text, shape('{"__proto__":"l3","constructor":9}'));
  const eliminated = await server.request('PUT', `${G}/graph/edges/${encodeURIComponent(id)}?action=eliminate`, '{"properties":{"__proto__":""}}');
  assert.equal(eliminated.text, shape('{"constructor":9}'));
  assert.equal(await readBack(), shape('{"constructor":9}'));

  await server.request('PUT', `${G}/graph/edges/${encodeURIComponent(id)}?action=append`, '{"properties":{"__proto__":"l4"}}');
  const byProto = await server.request('GET', `${G}/graph/edges?label=link&properties=${q(JSON.parse('{"__proto__":"l4"}'))}`);
  assert.equal(byProto.status, 200, byProto.text);
  assert.equal(byProto.text, `{"edges":[${shape('{"constructor":9,"__proto__":"l4"}')}]}`);
});

test('vertices are found by them through their indexes', async () => {
  await post(`${G}/graph/vertices`, { label: 'thing', properties: JSON.parse('{"name":"d1","__proto__":"find-me","constructor":100}') });
  await post(`${G}/graph/vertices`, { label: 'thing', properties: JSON.parse('{"name":"d2","__proto__":"not-me","constructor":200}') });
  const names = async (properties: string) => {
    const res = await server.request('GET', `${G}/graph/vertices?label=thing&properties=${encodeURIComponent(properties)}`);
    assert.equal(res.status, 200, res.text);
    return res.json.vertices.map((v: any) => v.properties.name).sort();
  };
  assert.deepEqual(await names('{"__proto__":"find-me"}'), ['d1']);
  assert.deepEqual(await names('{"constructor":"P.gt(150)"}'), ['d2']);
  assert.deepEqual(await names('{"constructor":"P.between(50, 150)"}'), ['d1']);
});

test('Gremlin reads and writes them, and never sees members a vertex does not hold', async () => {
  await post(`${G}/graph/vertices`, { label: 'thing', properties: JSON.parse('{"name":"g1","__proto__":"gx","constructor":11}') });
  await post(`${G}/graph/vertices`, { label: 'thing', properties: { name: 'g2' } });
  const g1 = "g.V('1:g1')";
  const g2 = "g.V('1:g2')";
  assert.equal(await gremlin(`${g1}.values('__proto__', 'constructor')`), '["gx",11]');
  assert.equal(await gremlin(`${g1}.valueMap('__proto__', 'constructor')`), '[{"__proto__":["gx"],"constructor":[11]}]');
  assert.equal(await gremlin(`${g1}.elementMap()`), '[{"id":"1:g1","label":"thing","name":"g1","__proto__":"gx","constructor":11}]');
  assert.equal(await gremlin(`${g1}.properties('__proto__')`), '[{"id":"1:g1>__proto__","label":"__proto__","value":"gx"}]');
  assert.equal(await gremlin("g.V().has('thing', '__proto__', 'gx').values('name')"), '["g1"]');
  assert.equal(await gremlin(`${g1}.project('__proto__', 'constructor').by('name').by('constructor')`), '[{"__proto__":"g1","constructor":11}]');
  assert.equal(await gremlin(`${g1}.as('__proto__').select('__proto__').values('name')`), '["g1"]');
  assert.equal(await gremlin(`def v = ${g1}.next(); [v.value('__proto__'), v.keys().contains('constructor'), v.property('prototype').isPresent()]`), '["gx",true,false]');
  // A vertex without these keys holds none of them: no inherited member comes back as a value.
  for (const name of [...SPECIAL, 'valueOf', 'isPrototypeOf']) {
    assert.equal(await gremlin(`${g2}.values('${name}')`), '[]', name);
    assert.equal(await gremlin(`${g2}.properties('${name}')`), '[]', name);
    assert.equal(await gremlin(`${g2}.has('${name}').count()`), '[0]', name);
  }
  assert.equal(await gremlin(`${g2}.valueMap()`), '[{"name":["g2"]}]');
  assert.equal(await gremlin(`def v = ${g2}.next(); v.property('__proto__', 'set').value()`), '["set"]');
  assert.equal(await vertexText('1:g2'), '{"id":"1:g2","label":"thing","type":"vertex","properties":{"name":"g2","__proto__":"set"}}');
  assert.equal(await gremlin("g.addV('thing').property('name', 'g3').property('__proto__', 'added').property('constructor', 3).valueMap('__proto__', 'constructor')"),
    '[{"__proto__":["added"],"constructor":[3]}]');
  assert.equal(await vertexText('1:g3'), '{"id":"1:g3","label":"thing","type":"vertex","properties":{"name":"g3","__proto__":"added","constructor":3}}');
});

test('Groovy maps keep such keys, and property access on a map reads its entries only', async () => {
  assert.equal(await gremlin("['__proto__': 'v', constructor: 1, toString: 2]"), '[{"__proto__":"v"},{"constructor":1},{"toString":2}]');
  assert.equal(await gremlin("[[__proto__: [constructor: 1]]]"), '[{"__proto__":{"constructor":1}}]');
  assert.equal(await gremlin([
    'def m = [:]',
    "m.__proto__ = 'a'",
    "m['constructor'] = 'b'",
    "m.put('hasOwnProperty', 'c')",
    'def seen = []',
    "m.each { k, v -> seen << k + '=' + v }",
    "[m, m.__proto__, m['constructor'], m.get('hasOwnProperty'), m.containsKey('__proto__'), m.keySet(), seen, m.size()]",
  ].join('; ')), '[{"__proto__":"a","constructor":"b","hasOwnProperty":"c"},"a","b","c",true,["__proto__","constructor","hasOwnProperty"],'
    + '["__proto__=a","constructor=b","hasOwnProperty=c"],3]');
  assert.equal(await gremlin("def m = [:]; [m.__proto__, m.constructor, m.toString, m['valueOf'], m.containsKey('constructor'), m.get('__proto__')]"),
    '[null,null,null,null,false,null]');
  assert.equal(await gremlin("def m = ['__proto__': 1]; [m.collectEntries { k, v -> [(k): v + 1] }, m.findAll { true }, m + [constructor: 2]]"),
    '[{"__proto__":2},{"__proto__":1},{"__proto__":1,"constructor":2}]');

  const task = await server.run("['__proto__': 'v', 'constructor': [1, 2]]");
  assert.equal(task.task_status, 'success', task.task_result);
  assert.equal(task.task_result, '{"__proto__":"v","constructor":[1,2]}');
});

test('bindings given as JSON objects are Groovy maps, whatever their keys', async () => {
  const bindings = JSON.parse('{"m":{"__proto__":1,"a":{"constructor":2}}}');
  assert.equal(await gremlin("[m['__proto__'], m.__proto__, m.a.constructor, m.containsKey('constructor')]", bindings), '[1,1,2,false]');
  assert.equal(await gremlin('m', bindings), '[{"__proto__":1},{"a":{"constructor":2}}]');
  const task = await server.waitForTask(await server.submit('m', 'hugegraph', bindings));
  assert.equal(task.task_result, '{"__proto__":1,"a":{"constructor":2}}');
  const viaQuery = await server.request('GET', `/gremlin?gremlin=${encodeURIComponent('__proto__ + constructor')}&bindings.__proto__=x&bindings.constructor=y`);
  assert.equal(viaQuery.status, 200, viaQuery.text);
  assert.deepEqual(viaQuery.json.result.data, ['xy']);
});

test('schema user data keeps such keys through append and eliminate', async () => {
  const created = await post(`${G}/schema/propertykeys`, JSON.parse('{"name":"ud","data_type":"TEXT","user_data":{"__proto__":"x","constructor":"y","other":1}}'));
  const userData = (json: any) => Object.entries(json.user_data).filter(([k]) => k !== '~create_time');
  assert.deepEqual(userData(created.property_key), [['__proto__', 'x'], ['constructor', 'y'], ['other', 1]]);
  const eliminated = await server.request('PUT', `${G}/schema/propertykeys/ud?action=eliminate`, { name: 'ud', user_data: { other: 1 } });
  assert.deepEqual(userData(eliminated.json.property_key), [['__proto__', 'x'], ['constructor', 'y']]);
  const appended = await server.request('PUT', `${G}/schema/propertykeys/ud?action=append`, { name: 'ud', user_data: { toString: 2 } });
  assert.deepEqual(userData(appended.json.property_key), [['__proto__', 'x'], ['constructor', 'y'], ['toString', 2]]);
  const read = await server.request('GET', `${G}/schema/propertykeys/ud`);
  assert.deepEqual(userData(read.json), [['__proto__', 'x'], ['constructor', 'y'], ['toString', 2]]);
});

test('a URL naming an object member is no schema kind: 404, not 500', async () => {
  for (const kind of ['constructor', '__proto__', 'toString']) {
    const res = await server.request('PUT', `${G}/jobs/rebuild/${kind}/thing`);
    assert.equal(res.status, 404, res.text);
    assert.deepEqual(res.json, { exception: 'class jakarta.ws.rs.NotFoundException', message: 'HTTP 404 Not Found', cause: '' });
  }
});

test('traverser answers keyed by vertex id keep a vertex named __proto__', async () => {
  for (const id of ['start', '__proto__', 'constructor']) await post(`${G}/graph/vertices`, { label: 'node', id, properties: {} });
  for (const inV of ['__proto__', 'constructor']) {
    await post(`${G}/graph/edges`, { label: 'hop', outV: 'start', inV, outVLabel: 'node', inVLabel: 'node', properties: {} });
  }
  const res = await server.request('GET', `${G}/traversers/singlesourceshortestpath?source=${q('start')}&max_depth=1`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.entries(res.json.paths).sort(), [
    ['__proto__', { weight: 1, vertices: ['start', '__proto__'] }],
    ['constructor', { weight: 1, vertices: ['start', 'constructor'] }],
  ]);
});
