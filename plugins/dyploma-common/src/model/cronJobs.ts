import { flag, listOf, oneOf, strict, text, wholeNumber } from './fields';
import { checkDnsLabel } from './names';
import { resourcesSchema } from './resources';
import { checkSchedule, checkTimeZone } from './schedule';

const commandHint = (input: unknown) =>
  typeof input === 'string'
    ? `write a list of words, e.g. ${JSON.stringify(
        input.trim().split(/\s+/),
      )}; Kubernetes runs it without a shell`
    : undefined;

const words = (what: string) =>
  listOf(
    text('a word of the command'),
    `${what} as a list of words such as [/app/report, --daily]`,
    {
      max: 100,
      hint: commandHint,
    },
  );

/** A job on a schedule, run from the service's image and release version. */
export const cronJobSchema = strict(
  {
    // Jobs are named <service>-<name>; CronJob names are limited to 52.
    name: text('a job name such as nightly-report', v => checkDnsLabel(v, 40), {
      max: 40,
    }),
    schedule: text('a cron schedule such as "0 3 * * *"', checkSchedule),
    command: words('the command').describe('Replaces the image entrypoint.'),
    args: words('the arguments').optional(),
    timeZone: text(
      'a time zone such as Europe/Paris',
      checkTimeZone,
    ).optional(),
    concurrencyPolicy: oneOf(['Allow', 'Forbid', 'Replace'] as const)
      .optional()
      .describe(
        'What happens when a run is due while the last one still runs (default Forbid).',
      ),
    enabled: flag().optional().describe('false suspends the job.'),
    backoffLimit: wholeNumber(0, 20)
      .optional()
      .describe('Retries of a failed run (default 2).'),
    resources: resourcesSchema.optional(),
  },
  'a cron job such as {name: nightly, schedule: "0 3 * * *", command: [/app/nightly]}',
  {
    keyHints: {
      cron: 'write schedule',
      when: 'write schedule',
      timezone: 'write timeZone',
      tz: 'write timeZone',
      suspend: 'write enabled: false',
      image: 'jobs run from the service image and the release version',
    },
  },
);

export const cronJobsSchema = listOf(cronJobSchema, 'a list of cron jobs', {
  max: 20,
}).describe('Jobs run on a schedule from the service image.');
