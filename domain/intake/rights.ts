// Which rights a mail asks for: keyword and pattern rules in Chinese and English, per sentence, with negation
// ("不要删除", "don't delete", "并非要注销"). Several rights may be asked at once. Rules run on normalizeText output.
import { RIGHTS, type Right } from '../request/model.ts';
import { type Sentence, sentences } from './text.ts';

interface Rule {
  /** The trigger; its position is where negation is looked for. */
  re: RegExp;
  /** Context that must also appear in the same sentence (e.g. the object is personal data). */
  needs?: RegExp;
  /** Context that rules the trigger out in this sentence (e.g. "delete this email"). */
  unless?: RegExp;
  /** How many sentences back `needs` may be met (default 1): "…开通了快捷支付！我从来没开过。请立即关闭". */
  reach?: number;
}

// Personal data as the object of a verb, Chinese and English.
const PD_ZH =
  /(个人|我的|本人|我们的|孩子的|儿子的|女儿的|其)?(信息|资料|数据|隐私|记录|档案|身份证|手机号|银行卡|人脸|生物识别|通讯录|信心)/;
const PD_EN =
  /\b(personal (data|information|details)|(my|his|her|their|our|my (son|daughter|child)'s) (data|information|details|records?|info|phone( number)?|mobile( number)?|e-?mail address|ID( card)?( number)?|address)|(data|information|everything) (that )?you (hold|have|keep|store)|(information|data) (on|about) me)\b/i;
// Handing data on to another organisation ("直接传给新机构", "发给另一家支付公司").
const TO_ANOTHER_ORG =
  /(传|发|转|交|提供|发送|传输)(给|至|到)(另一|其他|别的|新的?)(一)?(家|个)?[^,.]{0,6}(机构|公司|平台|服务商|支付|银行|处理者)/;
// "提现需要什么信息": what a service requires, not what is held.
const NEEDED_FOR_SERVICE = /需要(提供|准备|填写|上传|提交)?(哪些|什么)/;
const MARKETING = /营销|推广|推销|广告|促销|活动短信|推送|marketing|promotion|promotional|advertis|newsletter/i;

const RULES: Record<Right, Rule[]> = {
  access: [
    { re: /查阅权|访问权|个人信息查询/ },
    { re: /查阅/, needs: PD_ZH },
    {
      re: /查阅|查询|查看|查一下|查下|看看|看一下|了解|知道|确认|告知|告诉我|列出|提供一份清单/,
      unless: NEEDED_FOR_SERVICE,
      needs:
        /(收集|保存|持有|存储|存|留存|掌握|处理)(了|着)?.{0,12}(哪些|什么|多少)|(哪些|什么)(个人)?(信息|资料|数据)|个人(信息|资料|数据)(的)?(情况|清单|内容|范围)|(有没有|是否有|是否保存|是否持有|是否存有|是否处理)了?(我|本人|他|她)?的?(个人)?(信息|资料|数据)/,
    },
    // The question is the ask: "请问贵公司保存了我哪些个人资料？", "你们那里都有我的哪些信息".
    {
      re: /(收集|保存|持有|存储|存|留存|掌握|有)(了|着)?(我|本人|他|她|孩子)?的?.{0,6}(哪些|什么|多少)(个人)?(信息|资料|数据)/,
      unless: NEEDED_FOR_SERVICE,
    },
    { re: /(给了|提供给了?|共享给了?|分享给了?|透露给了?)(哪些|谁|什么)/, needs: PD_ZH },
    { re: /(提供|出具|告知).{0,12}(处理记录|个人信息清单|信息清单)/ },
    { re: /\b(subject access request|right (of|to) access|DSAR)\b/i },
    {
      re: /\bwhat (personal )?(data|information)\b.{0,40}\b(you|your company)\b.{0,20}\b(hold|have|keep|store|collect(ed)?|process)/i,
    },
    {
      re: /\b(access|see|view|know)\b.{0,25}\b(all )?(the )?(personal )?(data|information)\b.{0,20}\b(you (hold|have|keep|store)|about me)/i,
    },
    { re: /\baccess (to )?(all )?(of )?my (personal )?(data|information)\b/i },
    // "confirmation of the personal data you hold about her", "confirm whether you process any personal data about me".
    { re: /\bconfirm(ation)?\b.{0,60}\b(data|information)\b/i, needs: PD_EN },
  ],
  copy: [
    {
      re: /复制|副本|拷贝|导出|下载|打包/,
      needs: new RegExp(`${PD_ZH.source}|账单|流水`),
      // An export handed straight to another organisation is portability ("导出，直接传给新机构").
      unless: new RegExp(`下载(app|APP|客户端|应用)|${TO_ANOTHER_ORG.source}`),
    },
    { re: /\b(a )?(copy|copies|export|download)\b/i, needs: PD_EN },
    { re: /\b(send|give|provide|e-?mail) me\b.{0,30}\b(data|information|records|everything)\b/i, needs: PD_EN },
  ],
  correct: [
    {
      re: /更正|修改|更改|修正|纠正|补充|变更|更新|改为|改成|改一下|改下|改过来|换成|更换为/,
      needs: /姓名|名字|地址|手机号|电话|号码|信息|资料|证件|职业|邮箱/,
      // Supplying documents ("死亡证明可以补充", "补充材料") is not a correction.
      unless:
        /密码|支付密码|登录密码|订单|金额|退款|(补充|补交|提供)了?(材料|证明|文件|附件)|(材料|证明|文件|附件|户口本)[^,.]{0,6}补充|已经?(补充|补交|提交)了?(资料|信息)/,
    },
    // An error named on the data itself, in the same sentence ("姓名写错了"); "风险评级有误" is a complaint.
    {
      re: /(姓名|名字|地址|手机号|电话|号码|证件号|身份证号|职业|邮箱|个人信息|资料)[^,.?!]{0,8}(写错|有误|不正确|错误|不对)/,
      unless: /密码|订单|金额|退款/,
    },
    {
      re: /\b(correct|rectify|amend|update|change|fix)\b/i,
      needs:
        /\b(my )?(name|address|phone|mobile|number|email|details|information|data|record|occupation|surname|spelling)\b/i,
      unless: /\bpassword\b/i,
    },
    { re: /\b(is|are) (wrong|incorrect|inaccurate|misspelled|out of date)\b/i, needs: PD_EN },
  ],
  delete: [
    { re: /删除权|被遗忘/ },
    {
      re: /删除|删掉|删去|清除|清空|抹除|抹去|销毁|移除/,
      needs: new RegExp(`${PD_ZH.source}|账户|账号|帐户|帐号|所有`),
      unless:
        /(删除|删掉)(本|此|该|这封)(邮件|郵件)|(银行卡|这张卡)[^,.]{0,10}(移除|删除|删掉)|(移除|删除|删掉)(这张|那张)?(银行卡|卡)/,
    },
    {
      // "remove my card" is unbinding (cancel_quickpay), not erasure.
      re: /\b(delete|erase|wipe|purge|destroy)\b|\bremove\b(?! (my |the |this )?(bank )?card)/i,
      needs: new RegExp(
        `${PD_EN.source}|\\b(my|all) .{0,20}(account|records?|data|information)\\b|\\babout me\\b`,
        'i',
      ),
      unless: /\b(delete|erase|remove) (this|the) (e-?mail|message)\b/i,
    },
    { re: /\bright to (erasure|be forgotten)\b|\berasure\b/i },
    // Passive asks: "have all my information erased", "I want my data deleted".
    { re: /\b(have|get|be|want|like)\b.{0,40}\b(deleted|erased|removed|wiped|purged)\b/i, needs: PD_EN },
    { re: /\bdeletion\b/i, needs: PD_EN },
    // "…you have my phone number. Delete it." — the object is in the previous sentence.
    { re: /\b(delete|erase|remove|wipe) (it|them|this|these)\b/i, needs: PD_EN },
  ],
  withdraw_consent: [
    { re: /(撤回|撤销|收回)[^,.?!]{0,20}(同意|授权)/ },
    { re: /退订|取消订阅|拒收/ },
    { re: /(不再|不要再|别再|停止|不想再|不希望再)(给我)?(发送|发|推送|接收|收到|打)/, needs: MARKETING },
    { re: /(拒绝|关闭|取消)(接收)?(营销|推广|广告|个性化推荐)/ },
    // Unsolicited messages to the person are marketing contact ("以后别给我发短信了").
    {
      re: /(别|不要|别再|不要再|停止|请勿)(再)?(给我|向我)(发|发送|推送|打)(短信|邮件|电话|消息|推送)?/,
      unless: /验证码/,
    },
    { re: /\bwithdraw(ing)? (my |the )?consent\b|\brevoke (my )?consent\b/i },
    { re: /\bstop (using|processing|analy[sz]ing)\b.{0,40}\b(advertis|marketing|promotion)/i },
    { re: /\bunsubscribe\b|\bopt(-| )?out\b/i },
    { re: /\bremove me from (your |the |all )?(mailing|marketing|e-?mail|sms|contact|distribution) lists?\b/i },
    {
      re: /\b(stop|no longer|don't want to|do not want to|not to)\b.{0,30}\b(send|sending|receive|receiving|contact|contacting)\b/i,
      needs: MARKETING,
    },
  ],
  cancel_quickpay: [
    { re: /快捷支付.{0,8}(注销|解绑|关闭|取消|解除|停用)|(注销|解绑|关闭|取消|解除|停用).{0,10}快捷支付/ },
    { re: /解绑.{0,10}(银行卡|卡)|(银行卡|卡).{0,6}解绑|解除.{0,10}(银行卡|卡)?(的)?绑定/ },
    // "工行卡…不想再绑定在连连上了，麻烦帮我解绑一下": the card may be named anywhere near.
    {
      re: /解绑|解除绑定|取消绑定|不(想|要|再)再?绑定/,
      needs: /卡|快捷支付|连连/,
      unless: /(解绑|解除绑定|取消绑定)(手机|邮箱|微信|设备)/,
    },
    // "开通了快捷支付！我本人从来没开过。请立即关闭": the object is a sentence or two back.
    {
      re: /(关闭|注销|取消|停用|关掉|解除)/,
      needs: /快捷支付/,
      reach: 2,
      unless: /推送|广告|营销|推广|短信|通知|订单|交易|退款|扣款/,
    },
    { re: /(银行卡|这张卡)[^,.]{0,10}(移除|删除|删掉)|(移除|删除|删掉)(这张|那张)?(银行卡|卡)/ },
    { re: /注销手续/ },
    {
      re: /\bcancel.{0,20}quick ?pay(ment)?\b|\bquick ?pay(ment)?\b.{0,30}\b(cancel|close|terminate|unbind|deactivate)/i,
    },
    { re: /\bunbind\b.{0,20}\bcard\b/i },
    {
      re: /\b(unlink|unbind|disconnect|detach|delink)\b.{0,30}\b(card|quick ?pay(ment)?)\b|\bremove (my |the |this )?(bank )?card\b/i,
    },
  ],
  // Closing the account is a right of its own (网络数据安全管理条例 art. 23), not a quick-pay cancellation: it ends the
  // relationship and everything no duty holds is deleted (art. 24).
  close_account: [
    // "注销快捷支付服务" is the quick-pay cancellation, not the account.
    { re: /注销(?!.{0,3}快捷)[^,.]{0,6}(账户|账号|帐户|帐号|连连|支付服务)|(账户|账号|帐户|帐号).{0,4}注销/ },
    // "销户" alone may be a past fact ("本人已于2025年销户"): only an ask counts.
    { re: /(申请|要求|想要?|要|请|帮我?|办理|希望)[^,.]{0,6}销户/ },
    { re: /\b(close|cancel|terminate|deactivate) (my |the )?(lianlian |payment )?account\b/i },
    // Deleting the account closes it: "Please delete my account and all the personal data".
    { re: /\b(delete|remove|erase)\b (my |the )?(lianlian |payment )?account\b/i },
  ],
  portability: [
    { re: /可携带|可携权|携带权|数据转移|个人信息转移/ },
    {
      // To a recipient: "户籍迁移" or moving money is not portability.
      re: new RegExp(
        `(转移|迁移|传输|转交)(给|至|到)|转给|转至|(发送|提供)给(另一|其他|别的|新的)|${TO_ANOTHER_ORG.source}`,
      ),
      needs: PD_ZH,
      unless: /资金|余额|钱|款|户籍/,
    },
    { re: /\bportability\b|\bmachine-readable\b/i },
    { re: /\b(transfer|port|transmit|move|send)\b.{0,30}\b(my )?(personal )?(data|information)\b.{0,30}\bto\b/i },
  ],
  explain: [
    { re: /解释说明|处理规则/ },
    // The legal basis asked for: "依据什么收集的？", "基于什么法律依据处理我的生物识别信息".
    { re: /(依据|根据|基于|凭)什么.{0,12}(收集|处理|使用|获取|读取|采集)|(什么|何种)(法律)?依据/ },
    // Why data is collected or read ("为什么要读取我的通讯录"), how it is used ("人脸照片你们是怎么用的").
    {
      re: /(为什么|为何)(要|需要|会)?(收集|读取|获取|采集|索取|需要|调用)/,
      needs: PD_ZH,
      unless: /扣|钱|款|费/,
    },
    {
      re: /(你们|贵司|贵公司|平台)[^,.?!]{0,6}(怎么|如何|怎样)(使用|用|处理)|(怎么|如何|怎样)(使用|用|处理)(我的|我们的|个人|这些)(信息|数据|资料|照片)/,
      needs: PD_ZH,
      reach: 2,
      unless: /密码|优惠券|红包|投诉|退款|订单/,
    },
    // Who it goes to, as a question ("会给别人吗？").
    { re: /(会|是否|有没有)(给|提供给|共享给|分享给|卖给|透露给)(别人|第三方|其他)/, needs: PD_ZH, reach: 2 },
    {
      re: /解释|说明|阐明|讲清楚|说清楚|给个说法/,
      needs:
        /(为什么|为何|凭什么|如何|怎样|怎么|哪些目的|什么目的|用途|目的|依据什么).{0,20}(收集|使用|用|读取|获取|处理|共享|提供|保存|需要|给了?|卖给|泄露给).{0,10}(个人|我的|信息|资料|数据|身份证|手机号)?|(收集|使用|处理|共享).{0,10}(个人信息|我的信息|数据).{0,10}(目的|用途|规则|原因)/,
    },
    {
      re: /\bexplain\b|\bexplanation\b/i,
      needs: /\b(data|information|process(ing)?|collect(ed|ing)?|share|sharing|use)\b/i,
    },
    {
      re: /\bwhy (do |did |does |would )?(you|your company|lianlian) (need|collect|share|use|process|keep|require|ask for)\b.{0,30}\b(my|personal)\b/i,
    },
    { re: /\bwhat (do )?you do with (it|them|my|this|that)\b/i, needs: PD_EN },
    { re: /\b(legal basis|lawful basis)\b/i, needs: PD_EN },
    // Retention periods are processing rules too (PIPL arts. 17, 48).
    { re: /(保存|保留|存储|留存)(多久|多长时间|多少年|期限)/, needs: PD_ZH, reach: 2 },
    { re: /\bhow long (do|will) you (keep|store|retain|hold)\b/i, needs: PD_EN },
  ],
  restrict: [
    { re: /限制处理|限制(使用|对).{0,16}(处理|使用)|限制.{0,10}(个人信息|数据)的?(处理|使用)/ },
    // The object must follow: "我已不再使用连连支付" is about the person, not a request to restrict.
    {
      re: /(停止|暂停|不得|不要再)(处理|使用|分析|利用)(我的|本人的?|其|他的|她的)?.{0,6}(信息|数据|资料)/,
      unless: MARKETING,
    },
    // "你们凭什么把我的手机号给了贷款公司？…马上停止！": stop a disclosure named in the sentence or the one before.
    {
      re: /停止(共享|提供|分享|出售|这种行为|这样做)?/,
      needs: /(手机号|信息|资料|数据)[^,.?!]{0,10}(给了|提供给|共享给|分享给|卖给|泄露给|透露给)/,
      unless: MARKETING,
    },
    { re: /\brestrict(ion of)? (the )?(processing|use)\b|\brestrict\b.{0,20}\b(processing|use)\b/i },
    {
      re: /\bstop (processing|using|analy[sz]ing)\b.{0,20}\b(my )?(personal )?(data|information)\b/i,
      unless: MARKETING,
    },
  ],
};

// Unsubscribe instructions addressed to the reader: marketing footers and spam, never the writer's own request.
const OPT_OUT_FOOTER =
  /(如需|如要|若需|若要|如不想|如不希望|如果不想|如果不希望).{0,12}(退订|取消订阅)|退订.{0,8}(请)?(回复|回|点击|发送)\s*[A-Za-z0-9]|回复?\s*[A-Za-z0-9]{1,4}\s*(退订|拒收)|\b(reply|text|send)\b.{0,20}\bto (unsubscribe|opt[- ]?out)\b|\b(click|tap) (here )?to (unsubscribe|opt[- ]?out)\b|\bto (unsubscribe|opt[- ]?out),? (click|reply|visit|text)\b|\bunsubscribe here\b/i;

// Negation within the clause before the trigger ("我不是要删除", "please do not delete", "并非要注销").
const NEGATORS_ZH =
  /(不要|不用|无需|不需要|请勿|勿|别|并非|并不是|不是|不想|不必|没打算|不打算|而非|无意|暂不)[^,，、]{0,6}$/;
const NEGATORS_EN =
  /\b(don't|do not|dont|not|never|no need to|without|rather than|instead of|no intention to)\b[^,]{0,25}$/i;

function clauseBefore(sentence: string, index: number): string {
  const before = sentence.slice(0, index);
  const cut = Math.max(before.lastIndexOf(','), before.lastIndexOf('，'), before.lastIndexOf('、'));
  return before.slice(cut + 1);
}

function negated(sentence: string, index: number): boolean {
  const clause = clauseBefore(sentence, index);
  // "我已经不用了请删除" / "please, delete": a request word after the negator re-opens the ask.
  const neg = NEGATORS_ZH.exec(clause) ?? NEGATORS_EN.exec(clause);
  if (!neg) return false;
  const after = clause.slice(neg.index + neg[1]!.length);
  return !/请|麻烦|希望|please|kindly/i.test(after);
}

export interface RightMatch {
  right: Right;
  /** The matched words (may hold personal data: never logged). */
  match: string;
  negated: boolean;
  /**
   * A deletion asked of data that rests on consent only (tags, profiles, survey answers, call recordings) and of
   * nothing wider: with a withdrawal of consent it is the withdrawal's own erasure (PIPL art. 47 ¶1(3)), not a
   * deletion of everything.
   */
  consentData?: true;
}

// Data that rests on a consent (policy/processing.yaml consentProcessings), and words that widen a deletion.
const CONSENT_DATA = /标签|画像|问卷|特征|录音|\btags?\b|\bprofil|\bsurveys?\b|\brecordings?\b/i;
const WHOLE_DELETION = /所有|全部|一切|账户|账号|帐户|帐号|注销|\ball\b|\beverything\b|\baccount\b/i;

// `needs` may be met in the sentence before ("…收到你们的广告短信？请停止发送。"); `unless` only in the sentence itself.
function ruleMatches(rule: Rule, s: Sentence, before: readonly string[]): { index: number; text: string } | undefined {
  const needs = rule.needs;
  if (needs && !needs.test(s.text) && !before.slice(-(rule.reach ?? 1)).some((p) => needs.test(p))) return undefined;
  if (rule.unless?.test(s.text)) return undefined;
  const m = rule.re.exec(s.text);
  return m ? { index: m.index, text: m[0] } : undefined;
}

/** Every rule hit, negated ones included (for explanation and tests). `text` must be normalised. */
export function matchRights(text: string): RightMatch[] {
  const hits: RightMatch[] = [];
  const before: string[] = [];
  for (const s of sentences(text)) {
    // A sender's own opt-out footer ("如需退订本邮件请回复TD", "Reply STOP to unsubscribe") is noise, not an ask.
    if (OPT_OUT_FOOTER.test(s.text)) continue;
    for (const right of RIGHTS) {
      for (const rule of RULES[right]) {
        const m = ruleMatches(rule, s, before);
        if (!m) continue;
        const consentData = right === 'delete' && CONSENT_DATA.test(s.text) && !WHOLE_DELETION.test(s.text);
        hits.push({ right, match: m.text, negated: negated(s.text, m.index), ...(consentData ? { consentData } : {}) });
      }
    }
    before.push(s.text);
  }
  return hits;
}

/** The rights asked for, in the canonical order of RIGHTS. A right counts if any non-negated rule hits. */
export function classifyRights(text: string): Right[] {
  const hits = matchRights(text).filter((h) => !h.negated);
  const asked = new Set(hits.map((h) => h.right));
  // "撤回同意…已经形成的标签请删除": the tags go with the withdrawal (its scope erases them), not a whole deletion.
  const deletions = hits.filter((h) => h.right === 'delete');
  if (asked.has('withdraw_consent') && deletions.length > 0 && deletions.every((h) => h.consentData))
    asked.delete('delete');
  return RIGHTS.filter((r) => asked.has(r));
}
