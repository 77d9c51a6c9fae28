// Issue 17, item 4: invisible characters are refused in what people write, and every XML and CSV
// output is safe even for text stored before the rule existed.
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../schema/bulletin/csv.ts';
import { textProblem, xmlText } from '../../schema/common.ts';
import { staffText } from '../../schema/office.ts';

// The inputs tried: what the probe sent (%01%0B%1B), other C0/C1 controls, bidi overrides and
// isolates, zero-width characters and a lone surrogate.
const bad = ['\u0001\u000B\u001B', '\u0085', '\u202E', '\u2066', '\u200E', '\u200B', '\u200D', '\uFEFF', '\u2060', '\uD800'];

describe('the shared text rules refuse invisible characters with a message saying what to remove', () => {
  it.each(bad.map((c) => [JSON.stringify(c), c]))('refuses %s in a paragraph and in a line', (_name, c) => {
    const paragraph = textProblem('更正说明', `更正：一个处室的件数${c}登记有误。`);
    expect(paragraph).toMatch(/无法识别的字符/);
    expect(textProblem('姓名', `王${c}某`, { breaks: false })).toBeDefined();
    expect(staffText('办理意见', 2, 100).safeParse(`已经${c}核实`).success).toBe(false);
  });

  it('names the characters to remove', () => {
    expect(textProblem('更正说明', 'a\u202Eb')).toContain('文字方向控制符');
    expect(textProblem('更正说明', 'a\u200Bb')).toContain('零宽字符');
  });

  it('keeps line breaks and tabs in a paragraph but not in a line, and plain Chinese everywhere', () => {
    expect(textProblem('说明', '第一行\n第二行\t完')).toBeUndefined();
    expect(textProblem('姓名', '王\n某', { breaks: false })).toContain('换行');
    expect(textProblem('姓名', '欧阳·娜娜', { breaks: false })).toBeUndefined();
  });
});

describe('XML and CSV outputs are safe for whatever is stored', () => {
  it('xmlText escapes markup and drops what XML 1.0 forbids and what a reader cannot see', () => {
    const out = xmlText('说明\u0001\u000B\u001B<b>&"\'\u202E\u200B\uFFFE\uD800完');
    expect(out).toBe('说明&lt;b&gt;&amp;&quot;&apos;完');
    expect(xmlText('a\tb\nc')).toBe('a\tb\nc');
  });

  it('csvCell drops control characters and defuses spreadsheet formulas, numbers untouched', () => {
    expect(csvCell('处室\u0001\u001B\u202E名')).toBe('处室名');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('—（不足 10 件）')).toBe('—（不足 10 件）');
    expect(csvCell(null)).toBe('');
  });
});
