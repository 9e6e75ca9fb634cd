import { mapOf, strict, text } from './fields';
import { checkEnvVarKey } from './secrets';
import { scalarValue } from './values';

function checkRelativePath(value: string): string | undefined {
  if (value.startsWith('/'))
    return 'write a path inside the repository, without the leading "/"';
  if (value.split('/').includes('..'))
    return 'the path cannot leave the repository ("..")';
  return undefined;
}

/** What the CI job needs to build the image. */
export const buildSchema = strict(
  {
    context: text(
      'a directory of the repository such as . or services/payments',
      checkRelativePath,
    )
      .optional()
      .describe('Build context (default ".").'),
    dockerfile: text('a path such as Dockerfile', checkRelativePath)
      .optional()
      .describe('Path of the Dockerfile (default "Dockerfile").'),
    target: text('a build stage name such as runtime')
      .optional()
      .describe('Stage of a multi-stage Dockerfile to build.'),
    args: mapOf(
      scalarValue(),
      'a map of build arguments such as {JAVA_VERSION: "21"}',
      checkEnvVarKey,
    )
      .optional()
      .describe('Docker build arguments.'),
    parameters: mapOf(scalarValue(), 'a map of CI job parameters')
      .optional()
      .describe('Free parameters handed to the CI job.'),
  },
  'build settings such as {dockerfile: Dockerfile}',
  {
    keyHints: {
      buildargs: 'write args',
      arguments: 'write args',
      file: 'write dockerfile',
      dir: 'write context',
      directory: 'write context',
    },
  },
);
