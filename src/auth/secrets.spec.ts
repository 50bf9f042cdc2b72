import { generateApiKey, hashPassword, parseApiKey, sha256Hex, verifyPassword } from './secrets';

describe('secrets', () => {
  it('hashes passwords with scrypt and a random salt, and verifies them', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    await expect(verifyPassword('correct horse battery staple', a)).resolves.toBe(true);
    await expect(verifyPassword('Correct horse battery staple', a)).resolves.toBe(false);
    await expect(verifyPassword('anything', null)).resolves.toBe(false);
  });

  it('makes random keys whose prefix parses back and whose hash is sha256', () => {
    const k = generateApiKey();
    expect(parseApiKey(k.key)).toEqual({ prefix: k.prefix });
    expect(k.hash).toBe(sha256Hex(k.key));
    expect(generateApiKey().key).not.toBe(k.key);
    expect(parseApiKey('tlk_short_x')).toBeNull();
  });
});
