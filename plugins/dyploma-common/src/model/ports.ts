import { flag, listOf, oneOf, strict, text, wholeNumber } from './fields';
import { checkAbsolutePath, checkPortName, checkSubdomain } from './names';

/** How a port speaks; http and grpc ports can be public through an Ingress. */
export const PORT_PROTOCOLS = ['http', 'grpc', 'tcp', 'udp'] as const;

export const portSchema = strict(
  {
    name: text('a port name such as http', checkPortName)
      .optional()
      .describe('Name of the port; defaults to its protocol (http, grpc...).'),
    port: wholeNumber(1, 65535, {
      expected: 'a port number from 1 to 65535',
    }).describe(
      'The port the container listens on; the Kubernetes Service uses the same number.',
    ),
    protocol: oneOf(PORT_PROTOCOLS, {
      https:
        'TLS ends at the Ingress, so the container port speaks http: write http',
      h2c: 'write grpc for gRPC, http otherwise',
      http2: 'write grpc for gRPC, http otherwise',
      websocket: 'websockets run over http: write http',
      ws: 'websockets run over http: write http',
    })
      .optional()
      .describe('http (default), grpc, tcp or udp.'),
    public: flag()
      .optional()
      .describe(
        'true to reach this port from outside the cluster through an Ingress.',
      ),
    path: text('an HTTP path such as /payments', checkAbsolutePath)
      .optional()
      .describe('Path prefix on the Ingress for a public port (default /).'),
    host: text('a host name such as payments.example.com', checkSubdomain)
      .optional()
      .describe(
        "Host on the Ingress; defaults to <service>.<environment's ingress domain>.",
      ),
  },
  'a port such as {name: http, port: 8080}',
  {
    hint: input => {
      if (typeof input === 'number') return `write "- port: ${input}"`;
      if (typeof input === 'string' && /^\d+:\d+$/.test(input)) {
        return `ports are not mapped as in Docker Compose: write "- port: ${
          input.split(':')[1]
        }" for the container port`;
      }
      return undefined;
    },
    keyHints: {
      containerport: 'write port',
      targetport: 'write port; the Service uses the same number',
      serviceport: 'write port; the Service uses the same number',
      expose: 'write public: true to expose the port through an Ingress',
      exposure: 'write public: true to expose the port through an Ingress',
      ingress: 'write public: true to expose the port through an Ingress',
      visibility: 'write public: true or public: false',
      internal: 'ports are internal unless public: true',
    },
  },
);

export const portsSchema = listOf(
  portSchema,
  'a list of ports such as [{port: 8080}]',
  {
    max: 20,
    hint: input =>
      typeof input === 'number'
        ? `write a list: ports: [{port: ${input}}]`
        : undefined,
  },
).describe(
  'Ports the container listens on. Omit for the platform default (http 8080); [] for none.',
);
