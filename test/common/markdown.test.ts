import { mdCode, mdCodeBlock, mdDocument, mdHeading, mdLink, mdTable, mdText } from '../../lib/common/markdown';

describe('Markdown from user strings', () => {
  test('text cannot open links, emphasis, HTML, headings or new lines', () => {
    const hostile = '# [click](javascript:alert(1)) <img src=x> *bold* | cell\n## injected';
    const out = mdText(hostile);
    expect(out).not.toMatch(/\n/);
    expect(out).not.toMatch(/(?<!\\)[[\]<>*|#(]/);
    expect(out).toBe('\\# \\[click\\]\\(javascript:alert\\(1\\)\\) \\<img src=x\\> \\*bold\\* \\| cell \\#\\# injected');
  });

  test('code spans and blocks are fenced longer than any backticks inside', () => {
    expect(mdCode('kubectl get pods')).toBe('`kubectl get pods`');
    expect(mdCode('a ` b')).toBe('``a ` b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    const block = mdCodeBlock('echo ```\nrm -rf /', 'sh');
    expect(block.split('\n')[0]).toBe('````sh');
    expect(block.split('\n').pop()).toBe('````');
    expect(mdCodeBlock('x', 'sh\n# evil').split('\n')[0]).toBe('```');
  });

  test('only http(s) URLs become links', () => {
    expect(mdLink('runbook', 'https://runbooks.internal/a b')).toBe('[runbook](<https://runbooks.internal/a%20b>)');
    expect(mdLink('x', 'javascript:alert(1)')).toBe('x (`javascript:alert(1)`)');
  });

  test('table cells cannot add columns, headings stay one line', () => {
    const table = mdTable(['a', 'b'], [[mdText('x | y'), 'z\nw']]);
    expect(table.split('\n')).toEqual(['| a | b |', '|---|---|', '| x \\| y | z w |']);
    expect(mdHeading(2, 'Title\n# more')).toBe('## Title \\# more');
    expect(mdDocument(['# A', undefined, false, 'b'])).toBe('# A\n\nb\n');
  });
});
