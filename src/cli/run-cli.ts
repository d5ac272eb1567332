import { DataSource } from 'typeorm';
import { SystemClock } from '../common/clock/system-clock.js';
import { Role } from '../identity/role.enum.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';

export const USAGE = ['usage: npm run cli -- user:role <email> <user|admin>', '       npm run cli -- user:enable <email>'].join('\n');

/** Tells the running instances that a user's auth state changed (their caches must drop it). */
export type AnnounceUserChange = (userId: string) => Promise<void>;

type Command = (users: UsersService, args: string[]) => Promise<{ userId?: string; done: string } | undefined>;

const COMMANDS: Record<string, Command> = {
  'user:role': async (users, [email, role]) => {
    if (!email || !Object.values(Role).includes(role as Role)) return undefined;
    return { userId: await users.grantRole(email, role as Role), done: `${email} now has the role ${role}` };
  },
  // The way back for an operator when every administrator has been disabled.
  'user:enable': async (users, [email]) => {
    if (!email) return undefined;
    return { userId: await users.enable(email), done: `${email} is enabled; they sign in again with their password` };
  },
};

/**
 * Operator commands against the service's database. Answers the process exit code. Without `announce`
 * (no REDIS_URL) a running service sees the change once its auth-state cache entry expires (AUTH_CACHE_TTL).
 */
export async function runCli(
  args: string[],
  dataSource: DataSource,
  print: (line: string) => void,
  announce?: AnnounceUserChange,
): Promise<number> {
  const [name, ...rest] = args;
  const command = COMMANDS[name ?? ''];
  const users = new UsersService(new UsersRepository(dataSource), new SystemClock());
  const result = command && (await command(users, rest));
  if (!result) {
    print(USAGE);
    return 2;
  }
  if (!result.userId) {
    print(`No user with email ${rest[0]}`);
    return 1;
  }
  await announce?.(result.userId);
  print(result.done);
  return 0;
}
