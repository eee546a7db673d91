// Empty stand-in for the `server-only` package outside Next (see tsconfig.node.json).
export {};
