/* LRLab report: searches the index in search-index.js (titles, tags and words of every post)
   without any server; the query is kept in the address (?q=...). */
(function () {
  'use strict';
  var index = window.LRLAB_SEARCH_INDEX || [];
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var results = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  if (!form || !input || !results || !status) return;
  form.hidden = false;

  /** Lower case without accents, as the index is written. */
  function fold(text) {
    return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  function terms(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (term) { return term.length > 0; });
  }
  var entries = index.map(function (post) {
    return { post: post, title: ' ' + terms(post.title).join(' '), tags: ' ' + terms(post.tags.join(' ')).join(' '),
      summary: ' ' + terms(post.summary).join(' '), words: ' ' + post.words };
  });

  /** A word-prefix match scores by where it is found: title, tags, summary, text. */
  function score(entry, query) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var needle = ' ' + query[i];
      var found = 0;
      if (entry.title.indexOf(needle) >= 0) found = 10;
      else if (entry.tags.indexOf(needle) >= 0) found = 6;
      else if (entry.summary.indexOf(needle) >= 0) found = 4;
      else if (entry.words.indexOf(needle) >= 0) found = 2;
      if (!found) return 0;
      total += found;
    }
    return total;
  }

  function render(query) {
    results.textContent = '';
    var words = terms(query);
    if (!words.length) { status.textContent = index.length + ' posts indexed. Type a word to search.'; return; }
    var found = entries.map(function (entry) { return { entry: entry, score: score(entry, words) }; })
      .filter(function (hit) { return hit.score > 0; })
      .sort(function (a, b) { return b.score - a.score || (a.entry.post.date < b.entry.post.date ? 1 : -1); });
    status.textContent = found.length === 1 ? '1 post found.' : found.length + ' posts found.';
    found.forEach(function (hit) {
      var post = hit.entry.post;
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = post.url;
      link.textContent = post.title;
      var heading = document.createElement('h2');
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = document.createElement('p');
      meta.className = 'meta';
      meta.textContent = post.date + (post.tags.length ? ' · ' + post.tags.join(', ') : '');
      item.appendChild(meta);
      if (post.summary) {
        var summary = document.createElement('p');
        summary.textContent = post.summary;
        item.appendChild(summary);
      }
      results.appendChild(item);
    });
  }

  var initial = new URLSearchParams(window.location.search).get('q') || '';
  input.value = initial;
  render(initial);
  input.addEventListener('input', function () {
    render(input.value);
    try {
      var url = new URL(window.location.href);
      if (input.value) url.searchParams.set('q', input.value); else url.searchParams.delete('q');
      window.history.replaceState(null, '', url.toString());
    } catch (error) { /* file:// pages may refuse; the results still update */ }
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); render(input.value); });
})();
