// The schedule's paper parts on the print view (docs/DESIGN.md D56): the letterhead above the
// grid and the signature block with "Nơi nhận" below it, from `SchedulePaper`.
import type { PageContext } from '../../ui/context.ts';
import type { SchedulePaper } from './schedule-paper.ts';

/** Letterhead, dated line and title ("BIỂU TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ NĂM 2026" and the scope). */
export function PaperHead({ ctx, paper, year, scope }: { ctx: PageContext; paper: SchedulePaper; year: number; scope: string }) {
  const [higher, ...body] = paper.higher ? paper.left : ['', ...paper.left];
  return (
    <header class={`paper-head paper-${paper.kind}`} data-kind={paper.kind}>
      <div class="paper-cols">
        <div class="paper-issuer">
          {higher && <p class="paper-higher">{higher}</p>}
          {body.map((l) => (
            <p class="paper-body">{l}</p>
          ))}
          <p class="paper-mark" aria-hidden="true">
            {paper.mark === 'star' ? '*' : '―――――'}
          </p>
        </div>
        <div class="paper-motto">
          <p class="paper-national">{paper.right[0]}</p>
          {paper.right[1] && <p class="paper-motto-line">{paper.right[1]}</p>}
          <p class="paper-date">{paper.dateLine}</p>
        </div>
      </div>
      <p class="paper-title">{ctx.t('sched.xlsxTitle', { year })}</p>
      <p class="paper-scope">{scope}</p>
    </header>
  );
}

/** "Nơi nhận" on the left, the signer (prefix, post, space to sign, name) on the right. */
export function PaperFoot({ ctx, paper }: { ctx: PageContext; paper: SchedulePaper }) {
  return (
    <footer class="paper-foot">
      <div class="paper-recipients">
        <p>
          <strong>
            <em>{ctx.t('sched.recipients')}</em>
          </strong>
        </p>
        {paper.recipients.map((r) => (
          <p>{r}</p>
        ))}
      </div>
      <div class="paper-sign">
        {paper.sign.prefix && <p class="paper-sign-prefix">{paper.sign.prefix}</p>}
        {paper.sign.title && <p class="paper-sign-title">{paper.sign.title}</p>}
        <p class="paper-sign-space">
          <em>{ctx.t('sched.signHint')}</em>
        </p>
        <p class="paper-sign-name">{paper.sign.name}</p>
      </div>
    </footer>
  );
}
