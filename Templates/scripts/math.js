/* LRLab report: renders the page's TeX (elements of class "math") with KaTeX, loaded before this. */
(function () {
  'use strict';
  if (!window.katex) return;
  Array.prototype.forEach.call(document.querySelectorAll('.math'), function (element) {
    var display = element.classList.contains('math-display');
    var source = element.textContent;
    try {
      window.katex.render(source, element, { displayMode: display, throwOnError: false });
      element.setAttribute('data-tex', source);
    } catch (error) {
      element.classList.add('math-error');
    }
  });
})();
