import { describe, expect, it } from 'vitest';
import { readCorrections } from '../../../domain/corrections/index.ts';

describe('readCorrections: the new values the person names', () => {
  it('takes the number after "改为", not the old one before it', () => {
    expect(readCorrections('请把我的手机号13900000001改为139 0000 0011，谢谢')).toEqual([
      { field: 'phone', value: '13900000011' },
    ]);
  });
  it('reads a named field with free text (address) and an email in one request', () => {
    expect(readCorrections('我的住址更正为浙江省杭州市西湖区文三路100号；邮箱改成 New.Li@Example.com。')).toEqual([
      { field: 'address', value: '浙江省杭州市西湖区文三路100号' },
      { field: 'email', value: 'New.Li@example.com' },
    ]);
  });
  it('a single phone without "change to" wording is the value meant', () => {
    expect(readCorrections('我换号了，现在用的手机是13900000022')).toEqual([{ field: 'phone', value: '13900000022' }]);
  });
  it('two phones and no wording that says which is new: nothing proposed (staff read the words)', () => {
    expect(readCorrections('13900000001 和 13900000022 都是我的')).toEqual([]);
  });
  it('11 digits inside an ID or card number are not a phone', () => {
    expect(readCorrections('我是李演示，身份证号330106199003071236，我的邮箱不对')).toEqual([]);
    expect(readCorrections('身份证号330106199003071236，手机号改为13900000071')).toEqual([
      { field: 'phone', value: '13900000071' },
    ]);
  });
  it('an invalid value is never proposed', () => {
    expect(readCorrections('手机号改为12345')).toEqual([]);
    expect(readCorrections('职业信息不对')).toEqual([]);
  });
  it('English wording', () => {
    expect(
      readCorrections('Please update my occupation: it should be teacher. Email changed to a.b@example.org'),
    ).toEqual([
      { field: 'occupation', value: 'teacher' },
      { field: 'email', value: 'a.b@example.org' },
    ]);
  });
});
