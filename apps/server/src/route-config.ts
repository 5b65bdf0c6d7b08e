// Per-route settings read by the auth hook (`config: { ... }` on a route).
declare module "fastify" {
  interface FastifyContextConfig {
    /** Served without a token even when one is set (a login page). */
    public?: boolean;
    /** A POST that changes nothing (the hub's paths-info): the read-only token may call it. */
    readOnly?: boolean;
  }
}

export {};
