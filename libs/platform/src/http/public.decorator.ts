import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'support-hub:public';

/** Opts a controller or route out of the global JWT guard (health, metrics). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
