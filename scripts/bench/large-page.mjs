// A generated page shaped like a busy Kustomer agent-app view: ~20,000 elements, 500 of them
// links to customers, the rest rows, cells and text. Deterministic, so runs compare.

const hex = (n) => n.toString(16).padStart(24, '0');

/** HTML of a page with `elements` elements, `links` of them customer links. */
export function largeAgentPage({ elements = 20_000, links = 500 } = {}) {
  const parts = [];
  let count = 0;
  let linked = 0;
  const every = Math.floor(elements / links);
  // Rows of 8 elements: li > div > (span, span, a|span, p > (b, i))
  while (count < elements) {
    const isLink = linked < links && count % every < 8 && count / every >= linked;
    const cell = isLink
      ? `<a href="/app/customers/${hex(0xc0ffee + linked)}">Customer ${linked}</a>`
      : `<span class="muted">Order #${count}</span>`;
    if (isLink) linked++;
    parts.push(
      `<li class="row"><div class="cell"><span>Conversation ${count}</span><span>open · 2h</span>${cell}<p class="preview"><b>Subject</b> <i>The engine arrived, but one gear is missing (${count}).</i></p></div></li>`,
    );
    count += 8;
  }
  return `<!doctype html><html><head><title>Conversations | Kustomer</title></head><body><main><h1>Conversations</h1><ul>${parts.join('')}</ul></main></body></html>`;
}

/** Main-world code: adds `total` nodes in bursts, some holding customer links; resolves when done. */
export function burstsScript({ total = 10_000, bursts = 50, gapMs = 20 } = {}) {
  return `new Promise((done) => {
    const perBurst = ${Math.ceil(total / bursts)};
    let burst = 0;
    const step = () => {
      const list = document.querySelector('ul');
      const frag = document.createDocumentFragment();
      for (let i = 0; i < perBurst; i += 4) {
        const li = document.createElement('li');
        li.innerHTML = '<div><span>New ' + burst + '-' + i + '</span>' + (i % 40 === 0 ? '<a href="/app/customers/' + (0xfeed0000 + burst * 1000 + i).toString(16).padStart(24, '0') + '">New customer</a>' : '<span>x</span>') + '</div>';
        frag.append(li);
      }
      list.append(frag);
      if (++burst < ${bursts}) setTimeout(step, ${gapMs}); else setTimeout(done, 500);
    };
    step();
  })`;
}
