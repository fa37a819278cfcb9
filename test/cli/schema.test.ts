import Ajv from 'ajv';
import { run } from '../../src/cli/main';
import { bufferIo } from '../common/buffer-io';

describe('zave schema', () => {
  test('prints a draft-07 JSON Schema that ajv compiles and that checks contracts', async () => {
    const io = bufferIo();
    expect(await run(['schema'], io)).toBe(0);
    expect(io.stderr()).toBe('');
    const schema = JSON.parse(io.stdout());
    expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', $id: 'https://zave.dev/schemas/zave.dev/v1.json', required: ['service'] });
    const validate = new Ajv({ strictRequired: false }).compile(schema);
    expect(validate({ service: 'payments-api', exposure: 'public-http' })).toBe(true);
    expect(validate({ service: 'payments-api', exposure: 'publik-http' })).toBe(false);
  });

  test('takes no arguments: exit 2', async () => {
    const io = bufferIo();
    expect(await run(['schema', 'extra'], io)).toBe(2);
    expect(io.stderr()).toContain('schema takes no arguments');
  });

  test('help shows the yaml-language-server line', async () => {
    const io = bufferIo();
    expect(await run(['schema', '--help'], io)).toBe(0);
    expect(io.stdout()).toContain('# yaml-language-server: $schema=https://zave.dev/schemas/zave.dev/v1.json');
  });
});
