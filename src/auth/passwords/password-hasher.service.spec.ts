import { describe, expect, it } from '@jest/globals';
import { AppConfig } from '../../config/app-config.js';
import { PasswordHasher } from './password-hasher.service.js';

describe('PasswordHasher', () => {
  describe('verify', () => {
    it('keeps sign-ins going while new passwords fill their own queue', async () => {
      const sut = new PasswordHasher({ passwords: { hashConcurrency: 1, hashQueue: 1 } } as AppConfig);
      await sut.onModuleInit();
      const stored = await sut.hash('a pass phrase for the queue test');
      // A burst of sign-ups: one hashing, one waiting, the rest refused at once.
      const signUps = Array.from({ length: 5 }, () =>
        sut.hash('another long pass phrase').then(
          () => 'hashed',
          (error: { code: string }) => error.code,
        ),
      );
      await expect(sut.verify(stored, 'a pass phrase for the queue test')).resolves.toBe(true);
      expect(await Promise.all(signUps)).toEqual(['hashed', 'hashed', 'SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);
    });
  });
});
