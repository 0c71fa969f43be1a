import { BadRequestException } from '@nestjs/common';
import { IsString } from 'class-validator';
import { StrictValidationPipe } from './validation.pipe';

class NoteDto {
  @IsString()
  text!: string;
}

describe(StrictValidationPipe.name, () => {
  const sut = new StrictValidationPipe();
  const asBody = (value: unknown) => sut.transform(value, { type: 'body', metatype: NoteDto });
  const codeOf = async (value: unknown) => {
    try {
      await asBody(value);
      return 'accepted';
    } catch (error) {
      return ((error as BadRequestException).getResponse() as { code: string }).code;
    }
  };

  it('accepts a valid body', async () => {
    await expect(asBody({ text: 'hello' })).resolves.toMatchObject({ text: 'hello' });
  });

  it.each([
    [{ text: 'hello', extra: 1 }, 'VALIDATION_FAILED'],
    [{ text: 'hello', valueOf: [] }, 'VALIDATION_FAILED'],
    [{ text: 'hello', constructor: { name: 'x' } }, 'VALIDATION_FAILED'],
    [JSON.parse('{"text": "hello", "__proto__": {"admin": true}}'), 'VALIDATION_FAILED'],
    [{ text: { $ne: null } }, 'OPERATOR_NOT_ALLOWED'],
    [{ text: 'hello', nested: [{ $gt: '' }] }, 'OPERATOR_NOT_ALLOWED'],
    [{ text: 42 }, 'VALIDATION_FAILED'],
    [{ text: null }, 'VALIDATION_FAILED'],
  ])('refuses %j with %s', async (body, code) => {
    expect(await codeOf(body)).toBe(code);
  });
});
