/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The API reference page, rendered from the OpenAPI document itself so the two never disagree. */
import type { ApiDocument } from '../openapi.ts';
import { Layout } from './layout.tsx';
import { Table } from './records.tsx';

type Doc = ApiDocument;
type Schema = { type?: string | string[]; enum?: unknown[]; const?: unknown; description?: string; properties?: Record<string, Schema>; required?: string[]; format?: string; anyOf?: Schema[]; pattern?: string; minLength?: number; maxLength?: number };

function typeOf(s: Schema): string {
  if (s.enum) return `枚举：${s.enum.join(' / ')}`;
  if (s.const !== undefined) return `固定值 ${JSON.stringify(s.const)}`;
  if (s.anyOf) return s.anyOf.map(typeOf).join(' 或 ');
  return [Array.isArray(s.type) ? s.type.join('|') : (s.type ?? '任意'), s.pattern ? `格式 ${s.pattern}` : ''].filter(Boolean).join('，');
}

function Fields({ schema }: { schema: Schema }) {
  if (!schema.properties) return null;
  return (
    <Table class="table" head={['字段', '必填', '类型', '说明']}>
      {Object.entries(schema.properties).map(([name, s]) => (
        <tr>
          <th scope="row">
            <code>{name}</code>
          </th>
          <td>{schema.required?.includes(name) ? '是' : '否'}</td>
          <td class="break">{typeOf(s)}</td>
          <td>{s.description ?? ''}</td>
        </tr>
      ))}
    </Table>
  );
}

const where: Record<string, string> = { header: '请求头', path: '路径参数', query: '查询参数' };

export function ApiReference({ doc }: { doc: Doc }) {
  return (
    <Layout title="开放接口（API）说明" path="/api/">
      <h1>开放接口（API）说明</h1>
      <p>{doc.info.description}</p>
      <p>
        机器可读的 OpenAPI 3.1 文档：<a href="/api/openapi.json">/api/openapi.json</a>（版本 {doc.info.version}）。请求和响应均为 UTF-8 编码的 JSON，请求体不超过 32 KB。
      </p>
      {Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, raw]) => {
          const op = raw as {
            operationId: string;
            summary: string;
            description: string;
            parameters?: { name: string; in: string; required?: boolean; description?: string }[];
            requestBody?: { content: Record<string, { schema: Schema; example: unknown }> };
            responses: Record<string, { description: string; content?: Record<string, { example?: unknown }> }>;
          };
          const body = op.requestBody?.content['application/json'];
          return (
            <section class="api-operation" aria-labelledby={op.operationId}>
              <h2 id={op.operationId}>
                {op.summary} <code>{`${method.toUpperCase()} ${path}`}</code>
              </h2>
              <p>{op.description}</p>
              {op.parameters && (
                <ul>
                  {op.parameters.map((p) => (
                    <li>
                      {where[p.in] ?? p.in} <code>{p.name}</code>（{p.required ? '必填' : '可选'}）：{p.description ?? ''}
                    </li>
                  ))}
                </ul>
              )}
              {body && (
                <>
                  <h3>请求字段</h3>
                  <Fields schema={body.schema} />
                  <h3>请求示例</h3>
                  <pre class="code" tabindex={0}>
                    {JSON.stringify(body.example, null, 2)}
                  </pre>
                </>
              )}
              <h3>响应</h3>
              <dl class="summary-list">
                {Object.entries(op.responses).map(([status, r]) => (
                  <>
                    <dt>
                      <code>{status}</code>
                    </dt>
                    <dd>{r.description}</dd>
                  </>
                ))}
              </dl>
              {Object.entries(op.responses)
                .filter(([status]) => status.startsWith('2'))
                .flatMap(([status, r]) =>
                  Object.values(r.content ?? {})
                    .filter((m) => m.example !== undefined)
                    .map((m) => (
                      <>
                        <h3>响应示例（{status}）</h3>
                        <pre class="code" tabindex={0}>
                          {JSON.stringify(m.example, null, 2)}
                        </pre>
                      </>
                    )),
                )}
            </section>
          );
        }),
      )}
    </Layout>
  );
}
