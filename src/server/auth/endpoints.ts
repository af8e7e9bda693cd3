import type { Permission, ResourceType } from '../../graph/roles.js';

/**
 * What each route asks of its caller before it runs, as HugeGraph 1.5's endpoint checks do
 * (`$owner=$graph $action=vertex_read` and the like): a permission on a resource type of the
 * route's graph, whatever the label. Routes HugeGraph leaves to its auth proxy (tasks, Gremlin,
 * variables, traversers) get the type check here, and the checks of single things in the route.
 */
export type EndpointRule =
  /** No credentials needed. */
  | { kind: 'open' }
  /** Any authenticated user; the route decides the rest (lists of graphs and tasks, the auth API). */
  | { kind: 'authenticated' }
  | { kind: 'admin' }
  /** The graph must be named in the caller's role. */
  | { kind: 'owner' }
  | { kind: 'need'; needs: { type: ResourceType; permission: Permission }[] };

const OPEN: EndpointRule = { kind: 'open' };
const AUTHENTICATED: EndpointRule = { kind: 'authenticated' };
const ADMIN: EndpointRule = { kind: 'admin' };
const OWNER: EndpointRule = { kind: 'owner' };

function need(type: ResourceType, permission: Permission, ...more: [ResourceType, Permission][]): EndpointRule {
  return { kind: 'need', needs: [{ type, permission }, ...more.map(([t, p]) => ({ type: t, permission: p }))] };
}

/** GET reads, POST and PUT write, DELETE deletes. */
function byMethod(method: string, type: ResourceType): EndpointRule {
  return need(type, method === 'GET' ? 'READ' : method === 'DELETE' ? 'DELETE' : 'WRITE');
}

const SCHEMA_PATHS: Record<string, ResourceType> = {
  propertykeys: 'PROPERTY_KEY', vertexlabels: 'VERTEX_LABEL', edgelabels: 'EDGE_LABEL', indexlabels: 'INDEX_LABEL',
};

/** The rule of a route, by its method and its pattern as Fastify registered it; unknown routes need a user. */
export function endpointRule(method: string, route: string | undefined): EndpointRule {
  if (route === undefined) return AUTHENTICATED;
  if (route === '/versions' || route === '/openapi.json') return OPEN;
  // The dashboard's static files hold no data: the app itself logs in before it calls the API.
  if (route === '/dashboard' || route === '/dashboard/*') return OPEN;
  if (route === '/gremlin') return need('GREMLIN', 'EXECUTE');
  // HugeGraph asks `$owner= $action=metrics_read`: no graph's user has it, only the admin. Here
  // READ on METRICS (of the default graph) grants it too, so monitoring needs no admin password.
  if (route === '/metrics' || route.startsWith('/metrics/')) return need('METRICS', 'READ');
  if (route === '/graphs') return AUTHENTICATED;
  const graphRoute = /^\/graphs\/:graph(\/.*)?$/.exec(route);
  if (graphRoute === null) return AUTHENTICATED;
  const rest = graphRoute[1];
  if (rest === undefined) return OWNER;
  if (rest === '/conf' || rest === '/clear') return ADMIN;
  if (rest === '/schema') return need('SCHEMA', 'READ');
  const schema = /^\/schema\/(\w+)/.exec(rest);
  if (schema !== null && SCHEMA_PATHS[schema[1]!] !== undefined) return byMethod(method, SCHEMA_PATHS[schema[1]!]!);
  if (rest.startsWith('/graph/vertices')) return byMethod(method, 'VERTEX');
  if (rest.startsWith('/graph/edges')) return byMethod(method, 'EDGE');
  if (rest === '/jobs/gremlin') return need('GREMLIN', 'EXECUTE', ['TASK', 'EXECUTE']);
  if (rest.startsWith('/jobs/rebuild/')) return need('INDEX_LABEL', 'WRITE', ['TASK', 'EXECUTE']);
  // Who may see, cancel or delete which task is the task routes' to decide (task ownership).
  if (rest.startsWith('/tasks')) return AUTHENTICATED;
  if (rest.startsWith('/variables')) return byMethod(method, 'VAR');
  if (rest.startsWith('/traversers/edges')) return need('EDGE', 'READ');
  if (rest.startsWith('/traversers/')) return need('VERTEX', 'READ');
  if (rest.startsWith('/auth/')) return AUTHENTICATED;
  return AUTHENTICATED;
}
