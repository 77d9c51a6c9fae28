/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The opt-in checkboxes of the complaint and appointment forms (issue 15): per channel, unticked by default. */

export function NotifyChoice({ values, channels = ['email', 'sms'], what = '办理进展' }: { values: Record<string, string | undefined>; channels?: ('email' | 'sms')[]; what?: string }) {
  return (
    <fieldset class="fieldset" id="notify">
      <legend class="fieldset__legend">{what}通知（可选）</legend>
      <p class="hint" id="notify-hint">
        勾选后，{what}有变化时我们会通知您（只写编号、状态和查询方式，不写投诉内容和查询码）；每条邮件都可以退订。匿名投诉不发送通知。短信不在晚上 10 点到早上 8 点之间发送。
      </p>
      {channels.includes('email') && (
        <div class="checkboxes__item">
          <input class="checkboxes__input" id="notifyEmail" name="notifyEmail" type="checkbox" value="true" checked={values.notifyEmail === 'true'} aria-describedby="notify-hint" />
          <label class="checkboxes__label" for="notifyEmail">
            用电子邮件通知我（请在上面填写电子邮箱）
          </label>
        </div>
      )}
      {channels.includes('sms') && (
        <div class="checkboxes__item">
          <input class="checkboxes__input" id="notifySms" name="notifySms" type="checkbox" value="true" checked={values.notifySms === 'true'} aria-describedby="notify-hint" />
          <label class="checkboxes__label" for="notifySms">
            用短信通知我（请在上面填写 11 位手机号）
          </label>
        </div>
      )}
    </fieldset>
  );
}
