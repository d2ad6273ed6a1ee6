/**
 * The environment of the tiers that need no test table (unit, infra, and e2e,
 * whose stack brings its own). No JVM is started for them: DynamoDB is a port
 * nothing listens on, so a file in one of these tiers that reaches the table
 * fails at once (connection refused) rather than passing against a database
 * its tier does not provide.
 */
import { applyTestEnv } from './test-env.js';

// Port 9 (discard) on loopback: refused, never a real service.
applyTestEnv({ endpoint: 'http://127.0.0.1:9', tableName: 'no-test-table' });
