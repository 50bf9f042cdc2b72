import { DomainError } from '../errors/domain.error';
import { MultipartFileGuard, uploadedBytes } from './file-upload';

describe('uploadedBytes', () => {
  const how = 'a text/csv body';

  it('keeps a multipart file as sent, with the file name given in the query first', () => {
    const buffer = Buffer.from([0xff, 0xfe, 0x41, 0x00]);
    expect(uploadedBytes({}, { buffer, originalname: 'run.txt' }, undefined, how)).toEqual({
      bytes: buffer,
      filename: 'run.txt',
    });
    expect(uploadedBytes({}, { buffer, originalname: 'run.txt' }, 'named.txt', how).filename).toBe(
      'named.txt',
    );
  });

  it('keeps a raw body undecoded and turns a text body into its UTF-8 bytes', () => {
    const raw = Buffer.from([0xe9]);
    expect(uploadedBytes(raw, undefined, undefined, how)).toEqual({ bytes: raw, filename: null });
    expect(uploadedBytes('é', undefined, 'x.csv', how)).toEqual({
      bytes: Buffer.from([0xc3, 0xa9]),
      filename: 'x.csv',
    });
  });

  it('refuses anything else with 415 saying how to send the export', () => {
    let thrown: unknown;
    try {
      uploadedBytes({ a: 1 }, undefined, undefined, how);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((thrown as DomainError).message).toBe('send the export as a text/csv body');
  });
});

describe('MultipartFileGuard', () => {
  it('makes one guard class per size limit', () => {
    expect(MultipartFileGuard(1024)).toBe(MultipartFileGuard(1024));
    expect(MultipartFileGuard(1024)).not.toBe(MultipartFileGuard(2048));
  });
});
