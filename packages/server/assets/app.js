// ebonite registry pages: progressive enhancement only. Every page works without this file.
// Search as you type: the results of the search page are fetched as the same page and swapped in,
// and the address follows the query so that it can still be shared as a link.
(() => {
  const input = document.getElementById('q');
  if (!input || location.pathname !== '/search') return;
  let timer;
  let last = input.value;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q === last) return;
      last = q;
      const url = `/search?${new URLSearchParams({ q })}`;
      const response = await fetch(url, { credentials: 'same-origin' });
      if (input.value.trim() !== q) return; // typed on meanwhile
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = doc.getElementById('results');
      const results = document.getElementById('results');
      if (fresh && results) results.replaceWith(fresh);
      history.replaceState(null, '', url);
    }, 250);
  });
})();
