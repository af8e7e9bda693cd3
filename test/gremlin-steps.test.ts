/**
 * The Gremlin step engine end to end: edge cases of each step through `POST /gremlin` (and jobs),
 * on TinkerPop's "modern" graph, plus the HugeGraph JSON shapes of paths, trees, maps with element
 * keys and map entries, Groovy/TinkerPop error wording, iteration of one traversal by next()/hasNext(),
 * index-backed has(), and cancellation of a job in the middle of a step.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

let server: TestServer;
const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };

const MODERN = `
  def s = graph.schema()
  s.propertyKey('name').asText().ifNotExist().create()
  s.propertyKey('age').asInt().ifNotExist().create()
  s.propertyKey('lang').asText().ifNotExist().create()
  s.propertyKey('weight').asDouble().ifNotExist().create()
  s.vertexLabel('person').useCustomizeNumberId().properties('name', 'age').nullableKeys('age').ifNotExist().create()
  s.vertexLabel('software').useCustomizeNumberId().properties('name', 'lang').nullableKeys('lang').ifNotExist().create()
  s.edgeLabel('knows').sourceLabel('person').targetLabel('person').properties('weight').nullableKeys('weight').ifNotExist().create()
  s.edgeLabel('created').sourceLabel('person').targetLabel('software').properties('weight').nullableKeys('weight').ifNotExist().create()
  s.indexLabel('personByAge').onV('person').by('age').range().ifNotExist().create()
  s.indexLabel('personByName').onV('person').by('name').secondary().ifNotExist().create()
  def marko = graph.addVertex(T.label, 'person', T.id, 1, 'name', 'marko', 'age', 29)
  def vadas = graph.addVertex(T.label, 'person', T.id, 2, 'name', 'vadas', 'age', 27)
  def lop = graph.addVertex(T.label, 'software', T.id, 3, 'name', 'lop', 'lang', 'java')
  def josh = graph.addVertex(T.label, 'person', T.id, 4, 'name', 'josh', 'age', 32)
  def ripple = graph.addVertex(T.label, 'software', T.id, 5, 'name', 'ripple', 'lang', 'java')
  def peter = graph.addVertex(T.label, 'person', T.id, 6, 'name', 'peter', 'age', 35)
  marko.addEdge('knows', vadas, 'weight', 0.5d)
  marko.addEdge('knows', josh, 'weight', 1.0d)
  marko.addEdge('created', lop, 'weight', 0.4d)
  josh.addEdge('created', ripple, 'weight', 1.0d)
  josh.addEdge('created', lop, 'weight', 0.4d)
  peter.addEdge('created', lop, 'weight', 0.2d)
  graph.tx().commit()
  g.V().count()`;

before(async () => {
  server = await TestServer.start();
  const res = await gremlin(MODERN);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.result.data, [6]);
});

after(async () => {
  await server.stop();
  server.removeData();
});

async function gremlin(script: string) {
  return server.request('POST', '/gremlin', { gremlin: script, bindings: {}, language: 'gremlin-groovy', aliases: ALIASES });
}

async function data(script: string): Promise<unknown[]> {
  const res = await gremlin(script);
  assert.equal(res.status, 200, `${script}: ${res.text}`);
  return res.json.result.data as unknown[];
}

async function failure(script: string): Promise<{ exception: string; message: string }> {
  const res = await gremlin(script);
  assert.equal(res.status, 400, `${script} should fail: ${res.text}`);
  return res.json;
}

const ids = (items: unknown[]) => items.map((x) => (x as { id: unknown }).id);

test('navigation keeps each traverser\'s own results; otherV needs the path it came from', async () => {
  assert.deepEqual(await data("g.V(1).out('knows').values('name')"), ['vadas', 'josh']);
  assert.deepEqual((await data('g.V(4).both().id()')).map(Number).sort(), [1, 3, 5]);
  assert.deepEqual(await data("g.V(1).outE('created').otherV().values('name')"), ['lop']);
  assert.deepEqual(await data("g.V(3).inE().otherV().values('name').order()"), ['josh', 'marko', 'peter']);
  assert.deepEqual(await data("g.V(1).out('nosuchlabel')"), []);
  assert.deepEqual(await data("g.V(1, 1).values('name')"), ['marko', 'marko']);
  assert.deepEqual(await data('g.V(1).bothE().bothV().dedup().count()'), [4]);
});

test('walk counts and groupCount answered by the store equal the step-by-step answers', async () => {
  // The same questions with a step that keeps the store from answering whole (identity()).
  const pairs: [string, string][] = [
    ['g.V(1).out().count()', 'g.V(1).out().identity().count()'],
    ["g.V(1).out('knows').out().count()", "g.V(1).out('knows').identity().out().count()"],
    ['g.V(1, 4, 1).both().both().count()', 'g.V(1, 4, 1).both().identity().both().count()'],
    ["g.V(3).in('created').out().in().out().count()", "g.V(3).in('created').identity().out().in().out().count()"],
    ["g.V(1).out('knows', 'created').in('created').both().count()", "g.V(1).out('knows', 'created').identity().in('created').both().count()"],
    ["g.V().groupCount().by('age')", "g.V().identity().groupCount().by('age')"],
    ["g.V().hasLabel('software').groupCount().by('lang')", "g.V().hasLabel('software').identity().groupCount().by('lang')"],
  ];
  for (const [shortcut, regular] of pairs) assert.deepEqual(await data(shortcut), await data(regular), shortcut);
  assert.deepEqual(await data('g.V(1).both().both().count()'), [7]);
  assert.deepEqual(await data("g.V(1).out('nosuchlabel').out().count()"), [0]);
  assert.deepEqual(await data('g.V(99).out().count()'), [0]);
  assert.deepEqual(await data('g.V(1).out().count().is(gt(2))'), [3]);
  assert.deepEqual(await data("g.V().groupCount().by('age')"), [{ 29: 1, 27: 1, 32: 1, 35: 1 }]);
  assert.deepEqual(await data("g.V().hasLabel('person').groupCount().by('name').select('josh')"), [1]);
  // Changes not yet committed count too: the engine walks them itself.
  assert.deepEqual(await data("graph.addVertex(T.label, 'person', T.id, 71, 'name', 'tmp', 'age', 29).addEdge('knows', g.V(1).next()); " +
    "[g.V(71).out().out().count().next(), g.V().groupCount().by('age').next()[29]]"), [3, 2]);
  assert.deepEqual(await data('g.V(71).drop().iterate(); g.V(71).count()'), [0]);
});

test('far ends that are not stored come with the label their edge label links and no properties', async () => {
  const res = await server.request('POST', '/graphs/hugegraph/graph/edges/batch?check_vertex=false', [
    { label: 'knows', outV: 6, inV: 90, outVLabel: 'person', inVLabel: 'person', properties: {} },
  ]);
  assert.equal(res.status, 201, res.text);
  try {
    assert.deepEqual(await data("g.V(6).out('knows').count()"), [1]);
    assert.deepEqual(await data("g.V(6).out('knows')"), [{ id: 90, label: 'person', type: 'vertex', properties: {} }]);
    assert.deepEqual(await data("g.V(6).outE('knows').inV().label()"), ['person']);
    assert.deepEqual(await data("g.V(6).out('knows').values('name')"), []);
    assert.deepEqual(await data("g.V(6).out('knows').in('knows').values('name')"), ['peter']);
  } finally {
    assert.deepEqual(await data("g.V(6).outE('knows').drop().iterate(); g.V(6).outE('knows').count()"), [0]);
  }
});

test('filters: has forms, predicates, TextP, hasKey/hasValue on properties, where/not/and/or', async () => {
  assert.deepEqual(await data("g.V().has('person', 'age', gt(30)).values('name').order()"), ['josh', 'peter']);
  assert.deepEqual(await data("g.V().has('age', P.between(27, 30)).values('name').order()"), ['marko', 'vadas']);
  assert.deepEqual(await data("g.V().has('name', TextP.startingWith('j')).values('name')"), ['josh']);
  assert.deepEqual(await data("g.V().has('name', containing('ipp')).values('name')"), ['ripple']);
  assert.deepEqual(await data("g.V().has(T.label, 'software').count()"), [2]);
  assert.deepEqual(await data("g.V().hasNot('age').values('name').order()"), ['lop', 'ripple']);
  assert.deepEqual(await data("g.V(1).properties().hasKey('age').value()"), [29]);
  assert.deepEqual(await data("g.V().properties('name').hasValue('josh').key()"), ['name']);
  assert.deepEqual(await data("g.V().where(out('created').count().is(2)).values('name')"), ['josh']);
  assert.deepEqual(await data("g.V().not(has('age')).count()"), [2]);
  assert.deepEqual(await data("g.V().and(has('age', lt(30)), out()).values('name')"), ['marko']);
  assert.deepEqual(await data("g.V().or(has('name', 'lop'), has('age', 35)).values('name').order()"), ['lop', 'peter']);
  assert.deepEqual(await data("g.V(1).as('a').out('knows').where(gt('a')).by('age').values('name')"), ['josh']);
  assert.deepEqual(await data("g.V().values('age').is(P.not(within(27, 29)))"), [32, 35]);
});

test('index-backed has() answers the same as a scan, also after uncommitted changes', async () => {
  assert.deepEqual(await data("g.V().has('person', 'age', gte(32)).values('name').order()"), ['josh', 'peter']);
  assert.deepEqual(await data("g.V().hasLabel('person').has('name', within('marko', 'vadas')).id()"), [1, 2]);
  // Buffered writes are not in the index yet: the engine scans instead.
  assert.deepEqual(await data("graph.addVertex(T.label, 'person', T.id, 70, 'name', 'tmp', 'age', 40); g.V().has('person', 'age', gt(36)).values('name').toList()"), ['tmp']);
  assert.deepEqual(await data("g.V(70).drop().iterate(); g.V(70).count()"), [0]);
});

test('maps: values/valueMap/elementMap/propertyMap/project/select shapes', async () => {
  assert.deepEqual(await data("g.V(1).valueMap('name')"), [{ name: ['marko'] }]);
  assert.deepEqual(await data("g.V(1).valueMap(true, 'age')"), [{ id: 1, label: 'person', age: [29] }]);
  assert.deepEqual(await data("g.V(1).valueMap('name').by(unfold())"), [{ name: 'marko' }]);
  const [em] = await data("g.E().hasLabel('knows').has('weight', 0.5d).elementMap()") as Record<string, unknown>[];
  assert.deepEqual({ ...em, id: undefined }, { id: undefined, label: 'knows', IN: { id: 2, label: 'person' }, OUT: { id: 1, label: 'person' }, weight: 0.5 });
  assert.deepEqual(await data("g.V(1).properties('name')"), [{ id: '1>name', label: 'name', value: 'marko' }]);
  assert.deepEqual(await data("g.E().has('weight', 0.2d).properties()"), [{ key: 'weight', value: 0.2 }]);
  assert.deepEqual(await data("g.V(1).project('n', 'c', 'x').by('name').by(out().count()).by('nosuch')"), [{ n: 'marko', c: 3 }]);
  assert.deepEqual(await data("g.V(1).as('a').out('created').as('b').select('a', 'b').by('name')"), [{ a: 'marko', b: 'lop' }]);
  assert.deepEqual(await data("g.V(1).out().as('x').out().as('x').select(first, 'x').values('name')"), ['josh', 'josh']);
  assert.deepEqual(await data("g.V(1).as('a').select('nosuch')"), []);
  assert.deepEqual(await data("g.V().hasLabel('software').group().by('name').by(__.in('created').count())"), [{ lop: 3, ripple: 1 }]);
});

test('group/groupCount with element keys serialize keys as element ids; unfold of maps gives entries', async () => {
  assert.deepEqual(await data('g.V(1).out().groupCount()'), [{ 2: 1, 4: 1, 3: 1 }]);
  assert.deepEqual(await data("g.V().hasLabel('software').group().by(identity()).by('name')"), [{ 3: ['lop'], 5: ['ripple'] }]);
  assert.deepEqual(await data("g.V().groupCount().by(label).unfold()"), [{ person: 4 }, { software: 2 }]);
  assert.deepEqual(await data("g.V().groupCount().by(label).unfold().select(keys)"), ['person', 'software']);
  assert.deepEqual(await data("g.V().group().by(label).by(values('age').sum())"), [{ person: 123 }]);
  const groovy = await data("def m = g.V().groupCount().by(label).next(); m['person'] + m.software");
  assert.deepEqual(groovy, [6]);
});

test('path, tree and select with Pop serialize as HugeGraph does', async () => {
  const paths = await data("g.V(1).out('knows').path()") as { labels: unknown[]; objects: unknown[] }[];
  assert.equal(paths.length, 2);
  assert.deepEqual(paths[0]!.labels, [[], []]);
  assert.deepEqual(ids(paths[0]!.objects), [1, 2]);
  assert.deepEqual(await data("g.V(1).as('a').out('knows').as('b').path().by('name')"),
    [{ labels: [['a'], ['b']], objects: ['marko', 'vadas'] }, { labels: [['a'], ['b']], objects: ['marko', 'josh'] }]);
  assert.deepEqual(await data("g.V(1).out().out().tree().by('name')"),
    [[{ key: 'marko', value: [{ key: 'josh', value: [{ key: 'ripple', value: [] }, { key: 'lop', value: [] }] }] }]]);
  const [tree] = await data('g.V(1).out().tree()') as { key: { id: number }; value: unknown[] }[][];
  assert.equal(tree![0]!.key.id, 1);
  assert.equal(tree![0]!.value.length, 3);
  assert.deepEqual(await data("g.V(1).out().out().simplePath().count()"), [2]);
  assert.deepEqual(await data("g.V(1).both().both().cyclicPath().count()"), [3]);
});

test('order: asc/desc/shuffle, several keys, local, and the error for a missing key', async () => {
  assert.deepEqual(await data("g.V().hasLabel('person').order().by('age', desc).values('name')"), ['peter', 'josh', 'marko', 'vadas']);
  assert.deepEqual(await data("g.V().hasLabel('person').order().by('age', decr).limit(1).values('name')"), ['peter']);
  assert.deepEqual(await data("g.V().order().by(label, desc).by('name').values('name')"), ['lop', 'ripple', 'josh', 'marko', 'peter', 'vadas']);
  assert.deepEqual(await data("g.V().values('age').fold().order(local).by(desc)"), [[35, 32, 29, 27]]);
  assert.deepEqual((await data("g.V().values('name').order().by(shuffle)")).length, 6);
  assert.deepEqual(await data("g.V().hasLabel('person').order().by{ it.value('name').length() }.by('name').values('name')"), ['josh', 'marko', 'peter', 'vadas']);
  assert.deepEqual(await data("g.V().hasLabel('person').values('name').order().by{ a, b -> b <=> a }"), ['vadas', 'peter', 'marko', 'josh']);
  const e = await failure("g.V().order().by('age')");
  assert.equal(e.exception, 'java.lang.IllegalArgumentException');
  assert.match(e.message, /^The provided traverser does not map to a value: v\[\d\]->\[PropertiesStep\(\[age\],value\)\]$/);
});

test('reducers keep numbers as JSON numbers; empty sums and means produce nothing', async () => {
  assert.deepEqual(await data("g.V().values('age').sum()"), [123]);
  assert.deepEqual(await data("g.V().values('age').mean()"), [30.75]);
  assert.deepEqual(await data("g.V().values('age').max()"), [35]);
  assert.deepEqual(await data("g.V().values('name').min()"), ['josh']);
  assert.deepEqual(await data("g.V().has('age', gt(100)).values('age').sum()"), []);
  assert.deepEqual(await data("g.V().has('age', gt(100)).count()"), [0]);
  assert.deepEqual(await data("g.V().values('age').fold().sum(local)"), [123]);
  assert.deepEqual(await data("g.V().values('age').fold().count(local)"), [4]);
  assert.deepEqual(await data('g.inject(1, 2, 3).fold(0, sum)'), [6]);
  assert.deepEqual(await data("g.inject(16).math('sqrt(_) + 1')"), [5]);
  assert.deepEqual(await data("g.V(1).as('a').out('knows').math('_ - a').by('age')"), [-2, 3]);
});

test('ranges: limit/range/skip/tail, global and local', async () => {
  assert.deepEqual(await data("g.V().values('name').order().range(1, 3)"), ['lop', 'marko']);
  assert.deepEqual(await data("g.V().values('name').order().skip(4)"), ['ripple', 'vadas']);
  assert.deepEqual(await data("g.V().values('name').order().tail(2)"), ['ripple', 'vadas']);
  assert.deepEqual(await data("g.V().values('name').order().fold().limit(local, 1)"), ['josh']);
  assert.deepEqual(await data("g.V().values('name').order().fold().range(local, 1, 3)"), [['lop', 'marko']]);
  assert.deepEqual(await data("g.V().values('name').order().fold().tail(local, 2)"), [['ripple', 'vadas']]);
  assert.deepEqual(await data('g.V().limit(0)'), []);
});

test('repeat: times, emit and until before or after, loops, nested emit with limit', async () => {
  assert.deepEqual(await data("g.V(1).repeat(out()).times(2).values('name')"), ['ripple', 'lop']);
  assert.deepEqual((await data("g.V(1).emit().repeat(out()).times(2).values('name')")).length, 6);
  assert.deepEqual((await data("g.V(1).repeat(out()).emit().times(2).values('name')")).length, 5);
  assert.deepEqual(await data("g.V(1).repeat(out()).until(has('name', 'ripple')).values('name')"), ['ripple']);
  assert.deepEqual(await data("g.V(1).until(has('age')).repeat(out()).values('name')"), ['marko']);
  assert.deepEqual(await data("g.V(1).repeat(out()).until(loops().is(2)).values('name')"), ['ripple', 'lop']);
  assert.deepEqual(await data("g.V(1).repeat(both()).emit().limit(3).count()"), [3]);
  assert.deepEqual(await data("g.V(1).repeat(out()).times(2).path().by('name')"),
    [{ labels: [[], [], []], objects: ['marko', 'josh', 'ripple'] }, { labels: [[], [], []], objects: ['marko', 'josh', 'lop'] }]);
});

test('branches: union, coalesce, optional, choose with options, local', async () => {
  assert.deepEqual(await data("g.V(1).union(out('knows'), out('created')).values('name')"), ['vadas', 'josh', 'lop']);
  assert.deepEqual(await data("g.V(2, 3).coalesce(values('lang'), values('name'))"), ['vadas', 'java']);
  assert.deepEqual(await data("g.V(2).optional(out()).values('name')"), ['vadas']);
  assert.deepEqual(await data("g.V().hasLabel('person').choose(values('age').is(gt(30)), constant('old'), constant('young'))"), ['young', 'young', 'old', 'old']);
  assert.deepEqual(await data("g.V().choose(label).option('person', values('age')).option('software', values('lang')).order()"), [27, 29, 32, 35, 'java', 'java']);
  assert.deepEqual(await data("g.V().choose(label).option('person', constant('p')).option(none, constant('other')).groupCount()"), [{ p: 4, other: 2 }]);
  assert.deepEqual(await data("g.V(1, 4).local(outE().order().by('weight', desc).limit(1)).inV().values('name')"), ['josh', 'ripple']);
});

test('side effects: aggregate/store/cap/sideEffect, withSideEffect, group into a key', async () => {
  assert.deepEqual(await data("g.V(1).out().aggregate('x').cap('x').count(local)"), [3]);
  assert.deepEqual(await data("g.V().hasLabel('person').store('p').by('name').cap('p')"), [['marko', 'vadas', 'josh', 'peter']]);
  assert.deepEqual(await data("g.V().group('g').by(label).by(count()).cap('g')"), [{ person: 4, software: 2 }]);
  assert.deepEqual(await data("g.withSideEffect('seen', []).V(1).out().sideEffect{ it.sideEffects('seen').add(it.get().value('name')) }.cap('seen')"), [['vadas', 'josh', 'lop']]);
  assert.deepEqual(await data("g.V(1).out('knows').sideEffect(outE().count()).values('name')"), ['vadas', 'josh']);
  assert.deepEqual(await data("g.V(1).out().aggregate('x').out().where(without('x')).values('name')"), ['ripple']);
});

test('lambdas: filter{}, map{}, flatMap{}, by{} with `it` as TinkerPop defines it', async () => {
  assert.deepEqual(await data("g.V().filter{ it.get().label() == 'software' }.values('name').order()"), ['lop', 'ripple']);
  assert.deepEqual(await data("g.V(1).out('knows').map{ it.get().value('name').toUpperCase() }"), ['VADAS', 'JOSH']);
  assert.deepEqual(await data("g.V(1).flatMap{ [it.get().value('name'), it.loops()] }"), ['marko', 0]);
  assert.deepEqual(await data("g.V(1).out('knows').project('n').by{ it.value('name') }"), [{ n: 'vadas' }, { n: 'josh' }]);
});

test('mutations: addV/addE with properties, property cardinality, mergeV/mergeE, drop', async () => {
  assert.deepEqual(ids(await data("g.addV('person').property(T.id, 100).property('name', 'neo').property('age', 40)")), [100]);
  assert.deepEqual(await data("g.V(100).as('a').V(2).addE('knows').from('a').property('weight', 0.1d).inV().values('name')"), ['vadas']);
  assert.deepEqual(await data("g.V(100).out('knows').values('name')"), ['vadas']);
  assert.deepEqual(await data("g.V(100).property('age', 41).values('age')"), [41]);
  assert.deepEqual(await data("g.mergeV([(T.label): 'person', (T.id): 100]).option(onMatch, [age: 42]).values('age')"), [42]);
  assert.deepEqual(ids(await data("g.mergeV([(T.label): 'person', (T.id): 101]).option(onCreate, [name: 'trinity'])")), [101]);
  assert.deepEqual(await data("g.mergeE([(T.label): 'knows', (Direction.OUT): 100, (Direction.IN): 101]).outV().values('name')"), ['neo']);
  assert.deepEqual(await data("g.mergeE([(T.label): 'knows', (OUT): 100, (IN): 101]).count()"), [1]);
  assert.deepEqual(await data("g.V(100).outE('knows').count()"), [2]);
  assert.deepEqual(await data("g.V(100, 101).drop().iterate(); g.V(100, 101).count()"), [0]);
  assert.deepEqual(await data('g.V().count()'), [6]);
});

test('terminals: next/hasNext continue one iteration; tryNext, toSet, iterate', async () => {
  assert.deepEqual(await data("def t = g.V().hasLabel('person').order().by('name').values('name'); def out = []; while (t.hasNext()) { out << t.next() }; out"), ['josh', 'marko', 'peter', 'vadas']);
  assert.deepEqual(await data("def t = g.V().order().by('name').values('name'); [t.next(), t.next(2), t.toList().size()]"), ['josh', ['lop', 'marko'], 3]);
  assert.deepEqual(await data("g.V(999).tryNext().isPresent()"), [false]);
  assert.deepEqual(await data("g.V(1).values('name').tryNext().get()"), ['marko']);
  assert.deepEqual(await data("g.V(1).out().in().toSet().size()"), [3]);
  assert.deepEqual(await data("g.V().limit(1).iterate().hasNext()"), [false]);
  const e = await failure('g.V(999).next()');
  assert.equal(e.exception, 'java.util.NoSuchElementException');
});

test('errors use Groovy and TinkerPop wording', async () => {
  const unknown = await failure('g.V().outX()');
  assert.equal(unknown.exception, 'groovy.lang.MissingMethodException');
  assert.match(unknown.message, /^No signature of method: org\.apache\.tinkerpop\.gremlin\.process\.traversal\.dsl\.graph\.DefaultGraphTraversal\.outX\(\) is applicable for argument types: \(\) values: \[\]$/);
  const wrongType = await failure("g.V().limit('x')");
  assert.match(wrongType.message, /^No signature of method: .*\.limit\(\) is applicable for argument types: \(java\.lang\.String\) values: \[x\]$/);
  const group = await failure('g.V().group().by(label).by(count()).by(id)');
  assert.match(group.message, /have already been set/);
  const reuse = await failure("def t = g.V(); t.toList(); t.out()");
  assert.equal(reuse.exception, 'java.lang.IllegalStateException');
});

test('a job cancelled in the middle of an endless repeat ends cancelled', async () => {
  const setup = await data("g.V(1).as('a').V(4).addE('knows').to('a').count()");
  assert.deepEqual(setup, [1]);
  // marko -> josh -> marko ...: the frontier never empties, each iteration passes a checkpoint.
  const id = await server.submit("g.V(1).repeat(out('knows').hasId(1, 4)).times(100000000).iterate()");
  await server.waitForTask(id, ['running']);
  await new Promise((r) => setTimeout(r, 200));
  const cancel = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  assert.equal(cancel.status, 202, cancel.text);
  const done = await server.waitForTask(id, undefined, 'hugegraph', 5000);
  assert.equal(done.task_status, 'cancelled');
  assert.deepEqual(await data("g.V(4).outE('knows').drop().iterate(); g.V(4).outE('knows').count()"), [0]);
});

test('a job cancelled during a long lambda-driven iterate ends cancelled', async () => {
  const id = await server.submit('g.inject(1).repeat(map{ it.get() + 1 }).until{ false }.iterate()');
  await server.waitForTask(id, ['running']);
  await new Promise((r) => setTimeout(r, 200));
  await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  const done = await server.waitForTask(id, undefined, 'hugegraph', 5000);
  assert.equal(done.task_status, 'cancelled');
});

test('jobs serialize paths and element-keyed maps the same way', async () => {
  const task = await server.run("g.V(1).out('knows').path().by('name').toList()");
  assert.equal(task.task_status, 'success', JSON.stringify(task));
  assert.deepEqual(JSON.parse(task.task_result), [
    { labels: [[], []], objects: ['marko', 'vadas'] }, { labels: [[], []], objects: ['marko', 'josh'] },
  ]);
  const counts = await server.run('g.V(1).out().groupCount().next()');
  assert.deepEqual(JSON.parse(counts.task_result), { 2: 1, 4: 1, 3: 1 });
});
