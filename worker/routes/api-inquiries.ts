/**
 * The person's lookup of a first inquiry (首问登记, issue 13) as JSON: the same answer as
 * /inquiries/track/, behind the same reference + query code check, wrong-code throttle and one 404
 * for an unknown reference and a wrong code.
 */
import { createRoute } from '@hono/zod-openapi';
import { inquiryTrackFields, inquiryTrackInput, inquiryView } from '../../schema/inquiry.ts';
import { apiRouter, bodyErrors, credentialErrors, credentialsOrFail, jsonBody, jsonRequest, jsonResponse, rejectInvalid } from '../lib/openapi.ts';
import { authenticateInquiry, publicViewOf } from '../services/inquiries.ts';

export const inquiryTrackRoute = createRoute({
  method: 'post',
  path: '/track',
  tags: ['进度查询'],
  summary: '首问登记查询',
  description:
    '凭首问编号和查询码（登记时告知）查看询问的办理方式、状态、答复期限和已告知的联系方式；不含询问内容和任何人的个人信息。编号不存在和查询码错误返回完全相同的 404；查询码错误次数过多时暂停查询（429）。超过期限未办结的，可在 /inquiries/track/ 页面一步转为效能投诉。',
  middleware: [jsonBody],
  request: { body: jsonRequest(inquiryTrackInput, 'inquiryTrack') },
  responses: { 200: jsonResponse(inquiryView, '首问登记的办理情况', 'inquiryView'), ...bodyErrors, ...credentialErrors },
});

export const inquiriesApi = apiRouter().openapi(
  inquiryTrackRoute,
  async (c) => {
    const row = await credentialsOrFail(c, c.req.valid('json'), { schema: inquiryTrackInput, fields: inquiryTrackFields, authenticate: authenticateInquiry }, [
      '查不到这条登记',
      '首问编号或查询码不正确。请核对登记时告知您的编号和查询码后重试。',
    ]);
    c.header('Cache-Control', 'no-store');
    return c.json(await publicViewOf(c.env, row), 200);
  },
  rejectInvalid(inquiryTrackFields),
);
