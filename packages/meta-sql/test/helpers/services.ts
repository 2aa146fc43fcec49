import { randomBytes } from 'node:crypto';

// The servers, the CI switch and describeService have one home in the workspace's test-utils.
export {
  describeService,
  MYSQL_URL,
  PG_URL,
  REQUIRE_SERVICES,
  withDatabase,
} from '@ebonite/test-utils/services';

/** A name for one test run's database or schema, so parallel runs never see each other. */
export function runName(prefix = 'ebonite_test'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
