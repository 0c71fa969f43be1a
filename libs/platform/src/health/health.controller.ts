import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/public.decorator';
import { ReadinessRegistry } from './readiness.registry';

class LiveResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

class ReadyResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { database: 'up', broker: 'up', consumer: 'up' } }) checks!: Record<string, string>;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ type: LiveResponse })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The database and the broker are reachable: route traffic here. */
  @Get('ready')
  @ApiOkResponse({ type: ReadyResponse })
  @ApiServiceUnavailableResponse({ type: ReadyResponse, description: 'The database or the broker is unreachable, or the service does not consume its queue yet (`checks` says which)' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; checks: Record<string, string> }> {
    const { ready, checks } = await this.readiness.evaluate();
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', checks };
  }
}
