// Run in a loaded report page; returns one line per layout defect a reader would see.
// A text run must stay inside the box of its nearest block (unless that box scrolls), no word in a table cell may
// wrap onto a second line, the page must not scroll sideways, map text must render at 10 px or more, inside its
// map, and every region drawn on a map must be wide enough to find (6 px).
const problems = [];
const describe = (el) => {
  const text = (el.textContent || '').trim().replace(/\s+/g, ' ');
  return el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')
    + ' "' + text.slice(0, 60) + '"';
};
const scrolls = (cs) => cs.overflowX === 'auto' || cs.overflowX === 'scroll' || cs.overflowX === 'hidden';
const blockOf = (node) => {
  let el = node.parentElement;
  while (el && getComputedStyle(el).display.startsWith('inline')) {
    el = el.parentElement;
  }
  return el;
};
// details that are closed hide their content; open them all so everything is measured
for (const d of document.querySelectorAll('details')) {
  d.open = true;
}
if (document.documentElement.scrollWidth > window.innerWidth + 1) {
  problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide in a '
    + window.innerWidth + ' px window');
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!node.textContent.trim() || !parent || parent.closest('svg') || parent.closest('summary')
      && !parent.closest('summary').offsetParent) {
    continue;
  }
  const block = blockOf(node);
  if (!block || getComputedStyle(block).display === 'none') {
    continue;
  }
  const overflowChecked = !scrolls(getComputedStyle(block));
  const cell = parent.closest('td, th');
  const box = block.getBoundingClientRect();
  const text = node.textContent;
  const word = /\S+/g;
  let overflowSeen = false;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const tops = new Set();
    for (const r of range.getClientRects()) {
      if (r.width <= 0) {
        continue;
      }
      tops.add(Math.round(r.top));
      if (overflowChecked && !overflowSeen && (r.right > box.right + 1 || r.left < box.left - 1)) {
        overflowSeen = true;
        problems.push('text overflows its box: "' + m[0] + '" in ' + describe(block) + ' (text ' + Math.round(r.left)
          + '-' + Math.round(r.right) + ', box ' + Math.round(box.left) + '-' + Math.round(box.right) + ')');
      }
    }
    if (cell && tops.size > 1) {
      problems.push('a table cell breaks inside the word "' + m[0] + '": ' + describe(cell));
    }
  }
}
for (const svg of document.querySelectorAll('svg')) {
  const frame = svg.getBoundingClientRect();
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) {
      continue;
    }
    const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    if (px < 9.95) {
      problems.push('map text renders at ' + px.toFixed(1) + ' px: "' + t.textContent + '"');
    }
    const r = t.getBoundingClientRect();
    if (r.left < frame.left - 1 || r.right > frame.right + 1) {
      problems.push('map text leaves its map: "' + t.textContent + '"');
    }
  }
  for (const rect of svg.querySelectorAll('rect[data-region]')) {
    const w = rect.getBoundingClientRect().width;
    if (w < 5.95) {
      problems.push('a map region is ' + w.toFixed(1) + ' px wide: ' + rect.querySelector('title').textContent);
    }
  }
}
return problems;
