// Words in a letter that tell whether the company holds data about the person, or what: none may appear below
// `strong` verification (disclosure-levels.test.ts, on-behalf-disclosure.test.ts).
export const PERSON_SPECIFIC = [
  /条记录/,
  /未找到/,
  /持有您/,
  /records in all/,
  /hold no personal/i,
  /已删除/,
  /导出文件/,
];
