// What this deployment's API serves, read once from GET /api/openapi.json (generated from the route table). Panels
// for features that arrive on their own schedule (the audit check, identifiers, export links, document review)
// show only where the API has the route — the console never offers an action the server would not take.
import { createContext, useContext } from 'react';

export interface Capabilities {
  /** "post /api/requests/{id}/identifiers" */
  routes: ReadonlySet<string>;
  /** The JSON request body schema of each route, as text (to ask whether a body takes a value). */
  bodies: ReadonlyMap<string, string>;
}

interface OpenApi {
  paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
}

export function capabilitiesFrom(doc: OpenApi): Capabilities {
  const routes = new Set<string>();
  const bodies = new Map<string, string>();
  for (const [path, ops] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(ops)) {
      routes.add(`${method} ${path}`);
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema) bodies.set(`${method} ${path}`, JSON.stringify(schema));
    }
  return { routes, bodies };
}

export const CapabilitiesContext = createContext<Capabilities>({ routes: new Set(), bodies: new Map() });

/** True when the API serves `method path` (path as in the route table, e.g. /api/requests/{id}/audit). */
export function useServes(method: string, path: string): boolean {
  return useContext(CapabilitiesContext).routes.has(`${method} ${path}`);
}

/** True when the route's JSON body schema names `value` (an enum member such as "document_review"). */
export function useBodyTakes(method: string, path: string, value: string): boolean {
  return useContext(CapabilitiesContext).bodies.get(`${method} ${path}`)?.includes(JSON.stringify(value)) ?? false;
}
