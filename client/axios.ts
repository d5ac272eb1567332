import type { AuthClient } from './auth-client.js';

/** The parts of an axios instance this adapter touches; axios itself is not a dependency. */
interface AxiosLike {
  interceptors: {
    request: { use(onFulfilled: (config: AxiosConfigLike) => Promise<AxiosConfigLike>): number };
    response: { use(onFulfilled: (response: unknown) => unknown, onRejected: (error: AxiosErrorLike) => Promise<unknown>): number };
  };
  request(config: AxiosConfigLike): Promise<unknown>;
}

interface AxiosConfigLike {
  headers: { [name: string]: unknown; set?(name: string, value: string): void };
  __autorenewReplayed?: boolean;
  __autorenewToken?: string;
}

/** An AxiosError: an Error, rethrown unchanged when this adapter does not handle it. */
interface AxiosErrorLike extends Error {
  config?: AxiosConfigLike;
  response?: { status: number; data?: { code?: string; error?: string }; headers?: Record<string, string> };
}

/** Wires the client's renewal and replay rules into an axios instance: a bearer on each request, one renewal and one replay after a 401. */
export function attachAxios(instance: AxiosLike, client: AuthClient): void {
  instance.interceptors.request.use(async (config) => {
    if (config.__autorenewReplayed) return config;
    const token = await client.getAccessToken();
    config.__autorenewToken = token;
    setHeader(config, token);
    return config;
  });
  instance.interceptors.response.use(
    (response) => response,
    async (error) => {
      const config = error.config;
      if (error.response?.status !== 401 || !config?.__autorenewToken || config.__autorenewReplayed) throw error;
      const code =
        error.response.data?.code ??
        error.response.data?.error ??
        /error="([^"]+)"/.exec(error.response.headers?.['www-authenticate'] ?? '')?.[1];
      const token = await client.tokenAfterUnauthorized(config.__autorenewToken, code);
      if (!token) throw error;
      config.__autorenewReplayed = true;
      setHeader(config, token);
      return instance.request(config);
    },
  );
}

function setHeader(config: AxiosConfigLike, token: string | undefined): void {
  const value = token ? `Bearer ${token}` : undefined;
  if (typeof config.headers.set === 'function' && value) config.headers.set('Authorization', value);
  else if (value) config.headers.Authorization = value;
  else delete config.headers.Authorization;
}
