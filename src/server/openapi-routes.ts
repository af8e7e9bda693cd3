/**
 * What each route does, for `GET /openapi.json`: a summary, its query parameters and whether it
 * takes a JSON body. The routes themselves come from the server's router (openapi.ts), so a route
 * without an entry here shows up (and a test fails) rather than going undocumented.
 */
export interface RouteDoc {
  summary: string;
  tag: string;
  query?: Record<string, string>;
  /** A JSON request body: what it holds. */
  body?: string;
  /** The success status and what it answers. */
  answer: [number, string];
}

type MethodDocs = Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', RouteDoc>>;

const PAGING = { limit: 'how many (default 100; -1: all)', page: 'the page token of the previous answer (empty for the first page)' };
const SCHEMA_KINDS: Record<string, string> = {
  propertykeys: 'property key', vertexlabels: 'vertex label', edgelabels: 'edge label', indexlabels: 'index label',
};
const AUTH_KINDS = ['users', 'groups', 'targets', 'belongs', 'accesses', 'projects'];
const GET_TRAVERSERS = ['kout', 'kneighbor', 'sameneighbors', 'shortestpath', 'singlesourceshortestpath', 'jaccardsimilarity',
  'allshortestpaths', 'weightedshortestpath', 'paths', 'crosspoints', 'rings', 'rays'];
const POST_TRAVERSERS = ['customizedpaths', 'customizedcrosspoints', 'multinodeshortestpath', 'templatepaths', 'fusiformsimilarity'];

function entries(): [string, MethodDocs][] {
  const list: [string, MethodDocs][] = [
    ['/versions', { GET: { tag: 'server', summary: 'Versions of the server and its API (no credentials needed)', answer: [200, '{"versions": {...}}'] } }],
    ['/openapi.json', { GET: { tag: 'server', summary: 'This document', answer: [200, 'OpenAPI 3.0 JSON'] } }],
    ['/graphs', { GET: { tag: 'graphs', summary: 'The graphs served (with auth, those the caller may read)', answer: [200, '{"graphs": [...]}'] } }],
    ['/graphs/{graph}', { GET: { tag: 'graphs', summary: 'A graph and its backend', answer: [200, '{"name", "backend"}'] } }],
    ['/graphs/{graph}/clear', { DELETE: { tag: 'graphs', summary: 'Removes all data, schema and tasks of the graph', query: { confirm_message: "must be I'm sure to delete all data" }, answer: [204, 'nothing'] } }],
    ['/graphs/{graph}/conf', { GET: { tag: 'graphs', summary: "The graph's settings, as a properties file", answer: [200, 'text'] } }],
    ['/graphs/{graph}/tasks', { GET: { tag: 'tasks', summary: 'Lists tasks', query: { status: 'only tasks of this status', ids: 'only these tasks (repeatable)', ...PAGING }, answer: [200, '{"tasks": [...], "page"}'] } }],
    ['/graphs/{graph}/tasks/events', { GET: { tag: 'tasks', summary: "The graph's task changes as Server-Sent Events (resume with Last-Event-ID)", query: { status: 'only changes into these statuses (comma-separated)', ids: 'only these tasks', heartbeat: 'seconds between heartbeats (15)', last_event_id: 'resume after this event (as the Last-Event-ID header)' }, answer: [200, 'text/event-stream'] } }],
    ['/graphs/{graph}/tasks/{id}', {
      GET: { tag: 'tasks', summary: 'A task', query: { with_result: 'false leaves the result out' }, answer: [200, 'the task'] },
      PUT: { tag: 'tasks', summary: 'Cancels a task', query: { action: 'cancel' }, answer: [202, 'the task (doc profile: {"cancelled": true})'] },
      DELETE: { tag: 'tasks', summary: "Deletes a finished task's record", query: { force: 'true deletes an unfinished one too' }, answer: [204, 'nothing'] },
    }],
    ['/graphs/{graph}/tasks/{id}/result', { GET: { tag: 'tasks', summary: "A page of a task's list result", query: { limit: 'items per page (100)', page: 'the page token of the previous answer' }, answer: [200, '{"task_id", "total", "result": [...], "page"}'] } }],
    ['/graphs/{graph}/jobs/gremlin', { POST: { tag: 'jobs', summary: 'Submits a Gremlin-Groovy script as a task (Idempotency-Key header honoured)', body: '{"gremlin", "bindings", "language"}', answer: [201, '{"task_id": n}'] } }],
    ['/graphs/{graph}/jobs/rebuild/{kind}/{name}', { PUT: { tag: 'jobs', summary: 'Rebuilds the indexes of a vertex label, edge label or index label, as a task', answer: [202, '{"task_id": n}'] } }],
    ['/gremlin', {
      POST: { tag: 'gremlin', summary: 'Runs a Gremlin-Groovy script and answers its result', body: '{"gremlin", "bindings", "language", "aliases"}', answer: [200, '{"requestId", "status", "result": {"data", "meta"}}'] },
      GET: { tag: 'gremlin', summary: 'Runs a read-only Gremlin-Groovy script', query: { gremlin: 'the script', 'bindings.<name>': 'a binding', 'aliases.<name>': 'an alias' }, answer: [200, 'as POST'] },
    }],
    ['/graphs/{graph}/variables', { GET: { tag: 'variables', summary: "The graph's variables", answer: [200, '{"name": value, ...}'] } }],
    ['/graphs/{graph}/variables/{key}', {
      GET: { tag: 'variables', summary: 'A variable', answer: [200, '{"key": value}'] },
      PUT: { tag: 'variables', summary: 'Sets a variable', body: '{"data": value}', answer: [200, '{"key": value}'] },
      DELETE: { tag: 'variables', summary: 'Removes a variable', answer: [204, 'nothing'] },
    }],
    ['/graphs/{graph}/schema', { GET: { tag: 'schema', summary: 'The whole schema', answer: [200, '{"propertykeys", "vertexlabels", "edgelabels", "indexlabels"}'] } }],
    ['/graphs/{graph}/graph/vertices', {
      POST: { tag: 'vertices', summary: 'Creates a vertex', body: '{"label", "properties", "id"?}', answer: [201, 'the vertex'] },
      GET: { tag: 'vertices', summary: 'Lists vertices', query: { label: 'of this label', properties: 'JSON of property conditions', ...PAGING }, answer: [200, '{"vertices": [...], "page"}'] },
    }],
    ['/graphs/{graph}/graph/vertices/batch', {
      POST: { tag: 'vertices', summary: 'Creates vertices', body: '[{"label", "properties"}, ...]', answer: [201, '[ids]'] },
      PUT: { tag: 'vertices', summary: 'Creates or updates vertices by their primary keys', body: '{"vertices", "update_strategies", "create_if_not_exist"}', answer: [200, '{"vertices": [...]}'] },
    }],
    ['/graphs/{graph}/graph/vertices/{id}', {
      GET: { tag: 'vertices', summary: 'A vertex', answer: [200, 'the vertex'] },
      PUT: { tag: 'vertices', summary: 'Adds or removes properties of a vertex', query: { action: 'append or eliminate' }, body: '{"properties"}', answer: [200, 'the vertex'] },
      DELETE: { tag: 'vertices', summary: 'Deletes a vertex and its edges', query: { label: 'its label (then a missing vertex is no error)' }, answer: [204, 'nothing'] },
    }],
    ['/graphs/{graph}/graph/edges', {
      POST: { tag: 'edges', summary: 'Creates an edge', body: '{"label", "outV", "inV", "properties"}', answer: [201, 'the edge'] },
      GET: { tag: 'edges', summary: 'Lists edges', query: { vertex_id: 'of this vertex', direction: 'OUT, IN or BOTH', label: 'of this label', properties: 'JSON of property conditions', ...PAGING }, answer: [200, '{"edges": [...], "page"}'] },
    }],
    ['/graphs/{graph}/graph/edges/batch', {
      POST: { tag: 'edges', summary: 'Creates edges', query: { check_vertex: 'false skips checking the end vertices' }, body: '[edges]', answer: [201, '[ids]'] },
      PUT: { tag: 'edges', summary: 'Creates or updates edges', body: '{"edges", "update_strategies", "create_if_not_exist"}', answer: [200, '{"edges": [...]}'] },
    }],
    ['/graphs/{graph}/graph/edges/{id}', {
      GET: { tag: 'edges', summary: 'An edge', answer: [200, 'the edge'] },
      PUT: { tag: 'edges', summary: 'Adds or removes properties of an edge', query: { action: 'append or eliminate' }, body: '{"properties"}', answer: [200, 'the edge'] },
      DELETE: { tag: 'edges', summary: 'Deletes an edge', query: { label: 'its label' }, answer: [204, 'nothing'] },
    }],
    ['/graphs/{graph}/traversers/vertices', { GET: { tag: 'traversers', summary: 'Vertices by id', query: { ids: 'vertex ids (repeatable)' }, answer: [200, '{"vertices": [...]}'] } }],
    ['/graphs/{graph}/traversers/edges', { GET: { tag: 'traversers', summary: 'Edges by id', query: { ids: 'edge ids (repeatable)' }, answer: [200, '{"edges": [...]}'] } }],
    ['/graphs/{graph}/auth/login', { POST: { tag: 'auth', summary: 'Logs in: answers a token for Authorization: Bearer', body: '{"user_name", "user_password"}', answer: [200, '{"token"}'] } }],
    ['/graphs/{graph}/auth/logout', { DELETE: { tag: 'auth', summary: 'Revokes the Bearer token of the request', answer: [204, 'nothing'] } }],
    ['/graphs/{graph}/auth/verify', { GET: { tag: 'auth', summary: 'Who the Bearer token of the request is', answer: [200, '{"user_name", "user_id"}'] } }],
    ['/graphs/{graph}/auth/users/{id}/role', { GET: { tag: 'auth', summary: "A user's permissions", answer: [200, '{"roles": {...}}'] } }],
    ['/graphs/{graph}/auth/{kind}', {
      POST: { tag: 'auth', summary: `Creates a user, group, target, belong, access or project (kind: ${AUTH_KINDS.join(', ')})`, body: 'its fields', answer: [201, 'the element'] },
      GET: { tag: 'auth', summary: 'Lists elements of a kind', query: { limit: 'how many (100; -1: all)', user: 'belongs of a user', group: 'belongs or accesses of a group', target: 'accesses of a target' }, answer: [200, '{"<kind>": [...]}'] },
    }],
    ['/graphs/{graph}/auth/{kind}/{id}', {
      GET: { tag: 'auth', summary: 'An auth element', answer: [200, 'the element'] },
      PUT: { tag: 'auth', summary: 'Updates an auth element (projects: ?action=add_graph|remove_graph)', body: 'its fields', answer: [200, 'the element'] },
      DELETE: { tag: 'auth', summary: 'Deletes an auth element and what links it', answer: [204, 'nothing'] },
    }],
    ['/dashboard', { GET: { tag: 'server', summary: 'The dashboard (redirects to /dashboard/)', answer: [302, 'redirect'] } }],
    ['/dashboard/{file}', { GET: { tag: 'server', summary: "The dashboard's files", answer: [200, 'HTML, JavaScript, CSS'] } }],
  ];
  for (const [path, what] of Object.entries(SCHEMA_KINDS)) {
    list.push([`/graphs/{graph}/schema/${path}`, {
      POST: { tag: 'schema', summary: `Creates a ${what}`, body: `the ${what}`, answer: [201, `the ${what} (index labels: 202 with a task id)`] },
      GET: { tag: 'schema', summary: `Lists ${what}s`, query: { names: 'only these (repeatable)' }, answer: [200, `{"${path}": [...]}`] },
    }]);
    list.push([`/graphs/{graph}/schema/${path}/{name}`, {
      GET: { tag: 'schema', summary: `A ${what}`, answer: [200, `the ${what}`] },
      PUT: { tag: 'schema', summary: `Appends to or eliminates from a ${what}`, query: { action: 'append or eliminate' }, body: `the ${what}'s changes`, answer: [202, `the ${what}`] },
      DELETE: { tag: 'schema', summary: `Removes a ${what} (with its data, as a task)`, answer: [202, '{"task_id": n}'] },
    }]);
  }
  list.push(['/metrics', { GET: { tag: 'metrics', summary: "The server's metrics: Prometheus text, or HugeGraph's JSON with ?type=json", query: { type: 'json for HugeGraph\'s form' }, answer: [200, 'text/plain (Prometheus) or JSON'] } }]);
  for (const group of ['system', 'backend', 'gauges', 'counters', 'histograms', 'meters', 'timers', 'statistics']) {
    list.push([`/metrics/${group}`, { GET: { tag: 'metrics', summary: `HugeGraph's ${group} metrics`, query: { type: 'json' }, answer: [200, 'JSON'] } }]);
  }
  for (const name of GET_TRAVERSERS) list.push([`/graphs/{graph}/traversers/${name}`, { GET: { tag: 'traversers', summary: `HugeGraph's ${name} traverser`, query: { '...': "the traverser's parameters, as HugeGraph's" }, answer: [200, 'its answer'] } }]);
  for (const name of POST_TRAVERSERS) list.push([`/graphs/{graph}/traversers/${name}`, { POST: { tag: 'traversers', summary: `HugeGraph's ${name} traverser`, body: "the traverser's parameters", answer: [200, 'its answer'] } }]);
  return list;
}

export const ROUTE_DOCS: ReadonlyMap<string, MethodDocs> = new Map(entries());
