import { requestContext } from '../context/request-context';
import { createPinoLogger } from './pino-logger';

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
