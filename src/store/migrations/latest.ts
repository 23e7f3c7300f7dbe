/**
 * The id of the last migration in `migrations` (index.ts), without loading them: the match index
 * records it, and a reader that does not open the store compares it (a test keeps the two equal).
 */
export const LATEST_MIGRATION = '0015_advisory_record_bytes';
