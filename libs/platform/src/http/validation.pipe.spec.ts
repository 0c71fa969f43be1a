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

  describe('queries', () => {
    const asQuery = (value: Record<string, string>) => sut.transform(value, { type: 'query', metatype: NoteDto });

    it('validates the same query once, and hands each request its own DTO', async () => {
      const validate = jest.spyOn(sut as unknown as { validate: () => unknown }, 'validate');
      const first = (await asQuery({ text: 'a' })) as NoteDto;
      first.text = 'changed by a handler';
      const second = (await asQuery({ text: 'a' })) as NoteDto;
      expect(second).toBeInstanceOf(NoteDto);
      expect(second).toEqual({ text: 'a' });
      expect(validate).toHaveBeenCalledTimes(1);
      validate.mockRestore();
    });

    it('refuses a bad query every time: refusals are not remembered', async () => {
      for (let i = 0; i < 2; i++) await expect(Promise.resolve().then(() => asQuery({ text: 'a', extra: 'b' }))).rejects.toThrow(BadRequestException);
      for (let i = 0; i < 2; i++) await expect(Promise.resolve().then(() => asQuery({ text: 'a', $where: '1' }))).rejects.toThrow(BadRequestException);
    });
  });
});
