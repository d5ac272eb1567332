import { DataSource } from 'typeorm';
import { SystemClock } from '../common/clock/system-clock.js';
import { Role } from '../users/role.enum.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';

export const USAGE = 'usage: npm run cli -- user:role <email> <user|admin>';

/** Operator commands against the service's database. Answers the process exit code. */
export async function runCli(args: string[], dataSource: DataSource, print: (line: string) => void): Promise<number> {
  const [command, email, role] = args;
  if (command !== 'user:role' || !email || !Object.values(Role).includes(role as Role)) {
    print(USAGE);
    return 2;
  }
  const users = new UsersService(new UsersRepository(dataSource), new SystemClock());
  if (!(await users.grantRole(email, role as Role))) {
    print(`No user with email ${email}`);
    return 1;
  }
  print(`${email} now has the role ${role}`);
  return 0;
}
