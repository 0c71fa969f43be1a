import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../pagination/page';
import { StrictValidationPipe } from './validation.pipe';

class NoteDto {
  @IsString()
  text!: string;
}

class AuthorDto {
  @IsString()
  @MaxLength(20)
  name!: string;
}

class BookDto {
  @IsString()
  @MaxLength(200)
  title!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => AuthorDto)
  author!: AuthorDto;
}

type Refusal = { code: string; message: string; details: { field: string; rule: string; message: string }[] };

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

  it('hands a custom decorator\'s value (the current user) back as it is, without a promise', () => {
    const user = { id: 'u-1' };

    expect(sut.transform(user, { type: 'custom', metatype: NoteDto })).toBe(user);
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

    it('refuses an operator spelled in brackets, even in an unknown parameter', async () => {
      await expect(Promise.resolve().then(() => asQuery({ text: 'a', 'status[$ne]': 'x' }))).rejects.toThrow(BadRequestException);
    });

    it('ignores unknown parameters (cache-busters) and keeps the known ones', async () => {
      await expect(asQuery({ text: 'a', _: '1700000000000' })).resolves.toEqual({ text: 'a' });
    });

    it('refuses a bad query every time: refusals are not remembered', async () => {
      for (let i = 0; i < 2; i++) await expect(Promise.resolve().then(() => asQuery({ extra: 'b' }))).rejects.toThrow(BadRequestException);
      for (let i = 0; i < 2; i++) await expect(Promise.resolve().then(() => asQuery({ text: 'a', $where: '1' }))).rejects.toThrow(BadRequestException);
    });
  });

  describe('refusals name each field with its most basic broken rule', () => {
    const refusal = async (value: unknown, metadata: Parameters<StrictValidationPipe['transform']>[1]): Promise<Refusal> => {
      try {
        await sut.transform(value, metadata);
      } catch (error) {
        return (error as BadRequestException).getResponse() as Refusal;
      }
      throw new Error('accepted');
    };

    it('limit=abc is not a number (not "greater than 100")', async () => {
      const { code, details } = await refusal({ limit: 'abc' }, { type: 'query', metatype: PageQueryDto });
      expect(code).toBe('VALIDATION_FAILED');
      expect(details).toEqual([{ field: 'limit', rule: 'type', message: 'limit must be an integer number' }]);
    });

    it('limit=500 is out of range', async () => {
      const { details } = await refusal({ limit: '500' }, { type: 'query', metatype: PageQueryDto });
      expect(details).toEqual([{ field: 'limit', rule: 'range', message: 'limit must not be greater than 100' }]);
    });

    it('an empty body names every missing field', async () => {
      const { message, details } = await refusal({}, { type: 'body', metatype: BookDto });
      expect(details).toEqual([
        { field: 'title', rule: 'required', message: 'title is required' },
        { field: 'author', rule: 'required', message: 'author is required' },
      ]);
      expect(message).toBe('title is required; author is required');
    });

    it('nested fields by dotted path, unknown properties as unknown', async () => {
      const { details } = await refusal({ title: 'x', author: { name: 'n'.repeat(30) }, isbn: '1' }, { type: 'body', metatype: BookDto });
      expect(details).toEqual(expect.arrayContaining([
        { field: 'isbn', rule: 'unknown', message: 'property isbn should not exist' },
        { field: 'author.name', rule: 'length', message: 'author.name must be shorter than or equal to 20 characters' },
      ]));
    });

    it('an operator names its path', async () => {
      const { code, details } = await refusal({ text: { $ne: null } }, { type: 'body', metatype: NoteDto });
      expect(code).toBe('OPERATOR_NOT_ALLOWED');
      expect(details).toEqual([{ field: 'text.$ne', rule: 'operator', message: 'property text.$ne is not allowed' }]);
    });
  });
});
