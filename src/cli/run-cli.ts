import { DataSource } from 'typeorm';
import { SystemClock } from '../common/clock/system-clock.js';
import { Role } from '../users/role.enum.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';

export const USAGE = 'usage: npm run cli -- user:role <email> <user|admin>';

/** Tells the running instances that a user's auth state changed (their caches must drop it). */
export type AnnounceUserChange = (userId: string) => Promise<void>;

/**
 * Operator commands against the service's database. Answers the process exit code. Without `announce`
 * (no REDIS_URL) a running service sees the change once its auth-state cache entry expires (AUTH_CACHE_TTL).
 */
export async function runCli(args: string[], dataSource: DataSource, print: (line: string) => void, announce?: AnnounceUserChange): Promise<number> {
  const [command, email, role] = args;
  if (command !== 'user:role' || !email || !Object.values(Role).includes(role as Role)) {
    print(USAGE);
    return 2;
  }
  const users = new UsersService(new UsersRepository(dataSource), new SystemClock());
  const userId = await users.grantRole(email, role as Role);
  if (!userId) {
    print(`No user with email ${email}`);
    return 1;
  }
  await announce?.(userId);
  print(`${email} now has the role ${role}`);
  return 0;
}
