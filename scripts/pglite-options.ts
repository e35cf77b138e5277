import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * PGlite loads PostgreSQL extensions only when told at creation: every PGlite this project opens
 * (the embedded database, the tests', the migration engine's scratch databases) uses these.
 */
export const pgliteExtensions = { pg_trgm };
