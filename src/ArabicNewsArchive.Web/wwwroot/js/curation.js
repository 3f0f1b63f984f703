// The selection in the source pane as offsets into the article's source text: each line's text element carries
// the offset it starts at (data-start), and the characters before the selection's ends are counted from there.
function offsetOf(node, offset) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  const line = element && element.closest(".source-pane .line-text[data-start]");
  if (!line) {
    return null;
  }
  const before = document.createRange();
  before.setStart(line, 0);
  before.setEnd(node, offset);
  return Number(line.dataset.start) + before.toString().length;
}

export function sourceSelection() {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return null;
  }
  const range = selection.getRangeAt(0);
  const start = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  return start === null || end === null ? null : [Math.min(start, end), Math.max(start, end)];
}
