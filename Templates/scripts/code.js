/* LRLab report: a copy button on each code block (only where scripts run). */
(function () {
  'use strict';
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
    } else {
      done(fallback(text));
    }
  }
  /** Copies through a hidden text area, for browsers or pages without the clipboard API. */
  function fallback(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand('copy'); } catch (error) { copied = false; }
    document.body.removeChild(area);
    return copied;
  }
  Array.prototype.forEach.call(document.querySelectorAll('.notes pre'), function (pre) {
    var code = pre.querySelector('code') || pre;
    var wrapper = document.createElement('div');
    wrapper.className = 'code-block';
    pre.parentNode.insertBefore(wrapper, pre);
    wrapper.appendChild(pre);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-code';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy the code to the clipboard');
    button.addEventListener('click', function () {
      copyText(code.textContent, function (copied) {
        button.textContent = copied ? 'Copied' : 'Select and press Ctrl+C';
        if (!copied) {
          var range = document.createRange();
          range.selectNodeContents(code);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }
        setTimeout(function () { button.textContent = 'Copy'; }, 2000);
      });
    });
    wrapper.appendChild(button);
  });
})();
