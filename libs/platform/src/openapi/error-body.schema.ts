import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One refused field of a request (body, query or path parameter). */
export class FieldErrorSchema {
  @ApiProperty({ example: 'customerName', description: 'Path of the field, dotted for nested ones (`serviceAdmin.email`)' })
  field!: string;

  @ApiProperty({ example: 'required', description: 'The rule it broke: required, unknown, type, format, range, operator, null…' })
  rule!: string;

  @ApiProperty({ example: 'customerName is required' })
  message!: string;
}

/** Every error leaves a service, and the gateway, in this shape. */
export class ErrorBodySchema {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiProperty({ example: 'CASE_NOT_FOUND', description: 'Stable: clients branch on it, never on the message' }) code!: string;
  @ApiProperty({ example: 'Case not found' }) message!: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'On 400 VALIDATION_FAILED and OPERATOR_NOT_ALLOWED: each refused field' })
  details?: FieldErrorSchema[];
}
