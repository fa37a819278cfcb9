import { contractJsonSchemaV1 } from '../../contract/json-schema';
import { Command } from '../command';
import { ExitCode, UsageError } from '../io';

/** `zave schema`: prints the JSON Schema of the contract. */
export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of zave.yaml (contract v1) for editors and CI.',
  usage: 'schema',
  description: 'The same schema ships in the package at schemas/zave.dev/v1.json and is published at https://zave.dev/schemas/zave.dev/v1.json. Add\n  # yaml-language-server: $schema=https://zave.dev/schemas/zave.dev/v1.json\nat the top of zave.yaml to get completion and validation while typing.',
  options: {},
  examples: ['zave schema > zave.schema.json'],
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`schema takes no arguments, got: ${args.positionals.join(' ')}`);
    io.out(JSON.stringify(contractJsonSchemaV1(), null, 2) + '\n');
    return ExitCode.OK;
  },
};
