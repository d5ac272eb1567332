import { runCli } from '../../src/cli/run-cli.js';
import type { TestApp } from '../support/test-app.js';
import { SignedInUser, login, registerUser } from './user.factory.js';

/** An administrator made the way an operator makes one: with the CLI's command. */
export async function signedInAdmin(t: TestApp): Promise<SignedInUser> {
  const user = await registerUser(t.http);
  const code = await runCli(['user:role', user.email, 'admin'], t.dataSource, () => undefined);
  if (code !== 0) throw new Error('could not grant the admin role');
  return { ...user, tokens: await login(t.http, user, 'admin console') };
}
