import { randomUUID } from 'node:crypto';
import { TokenResponse } from '../../src/auth/token-response.js';
import type { Http } from '../support/test-app.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface SignedInUser extends TestUser {
  tokens: TokenResponse;
}

let sequence = 0;

export function userAttributes(overrides: Partial<Omit<TestUser, 'id'>> = {}): Omit<TestUser, 'id'> {
  sequence += 1;
  return {
    email: `user${sequence}-${randomUUID().slice(0, 8)}@example.com`,
    password: `pass phrase ${sequence} ${randomUUID()}`,
    ...overrides,
  };
}

export async function registerUser(http: Http, overrides: Partial<Omit<TestUser, 'id'>> = {}): Promise<TestUser> {
  const attributes = userAttributes(overrides);
  const response = await http.post('/auth/register').send(attributes).expect(201);
  return { id: (response.body as { id: string }).id, ...attributes };
}

export async function login(http: Http, user: TestUser, deviceName?: string): Promise<TokenResponse> {
  const response = await http.post('/auth/login').send({ email: user.email, password: user.password, deviceName }).expect(200);
  return response.body as TokenResponse;
}

export async function signedInUser(http: Http, deviceName?: string): Promise<SignedInUser> {
  const user = await registerUser(http);
  return { ...user, tokens: await login(http, user, deviceName) };
}

export const bearer = (tokens: Pick<TokenResponse, 'access_token'>) => ({ Authorization: `Bearer ${tokens.access_token}` });
