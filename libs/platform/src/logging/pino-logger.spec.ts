import { requestContext } from '../context/request-context';
import { createPinoLogger, PinoNestLogger } from './pino-logger';

describe(createPinoLogger.name, () => {
  const lines: string[] = [];
  const logger = createPinoLogger('test', 'info', { write: (line: string) => void lines.push(line) });

  beforeEach(() => (lines.length = 0));

  it('adds the correlation id of the work in hand to every line', () => {
    requestContext.run({ correlationId: 'c-1', causationId: null }, () => logger.info('hello'));
    logger.info('outside');
    expect(lines.map((line) => JSON.parse(line).correlationId)).toEqual(['c-1', undefined]);
  });

  it('writes it once on lines of a request logger that carries it already', () => {
    const requestLogger = logger.child({ correlationId: 'c-2' });
    requestContext.run({ correlationId: 'c-2', causationId: null }, () => requestLogger.info('request completed'));
    expect(lines[0].match(/"correlationId"/g)).toHaveLength(1);
  });
});

describe(PinoNestLogger.name, () => {
  const lines: string[] = [];
  const levels = () => lines.map((line) => JSON.parse(line) as { level: number; msg: string });

  it("logs Nest's start-up chatter (the route table) at debug, everything else at info", () => {
    const sut = new PinoNestLogger(createPinoLogger('test', 'info', { write: (line: string) => void lines.push(line) }));
    sut.log('Mapped {/api/v1/me, GET} route', 'RouterExplorer');
    sut.log('AppModule dependencies initialized', 'InstanceLoader');
    sut.log('connected to the broker', 'BrokerConnection');
    expect(levels().map(({ msg }) => msg)).toEqual(['connected to the broker']);

    lines.length = 0;
    const verbose = new PinoNestLogger(createPinoLogger('test', 'debug', { write: (line: string) => void lines.push(line) }));
    verbose.log('Mapped {/api/v1/me, GET} route', 'RouterExplorer');
    expect(levels()).toEqual([expect.objectContaining({ level: 20, msg: 'Mapped {/api/v1/me, GET} route' })]);
  });
});
