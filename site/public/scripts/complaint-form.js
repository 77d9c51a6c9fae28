// Optional polish for the complaint form and its confirmation. Everything works without it: the
// form is a plain POST and the worker validates on the server. This script, a static file because
// a strict Content-Security-Policy forbids inline scripts, only:
//  - stops a double click from sending twice (the server's idempotency key guards anyway);
//  - submits with fetch to the same endpoint and swaps in the page that comes back (the error page
//    with its summary focused, or the confirmation), so the person keeps their place;
//  - hides the contact fields while 匿名 is chosen, and shows the print button.
(function () {
  'use strict';

  function init(root) {
    var print = root.querySelector('[data-print]');
    if (print) {
      print.hidden = false;
      print.addEventListener('click', function () { window.print(); });
    }
    var summary = root.querySelector('[data-error-summary]');
    if (summary) summary.focus();
    var form = root.querySelector('[data-complaint-form]');
    if (!form) return;
    var contact = form.querySelector('[data-contact]');
    function syncContact() {
      var anonymous = form.querySelector('#anonymous-true');
      // Keep the fields visible when they carry an error, so the message is never hidden.
      var hasError = contact && contact.querySelector('.field-error');
      if (contact) contact.hidden = Boolean(anonymous && anonymous.checked && !hasError);
    }
    form.addEventListener('change', function (event) {
      if (event.target && event.target.name === 'anonymous') syncContact();
    });
    syncContact();
  }

  function swap(html, url) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    document.title = doc.title;
    document.body.replaceWith(doc.body);
    if (url && url !== location.href) history.replaceState(null, '', url);
    window.scrollTo(0, 0);
    init(document);
    var h1 = document.querySelector('main h1');
    if (!document.querySelector('[data-error-summary]') && h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus();
    }
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.matches('[data-complaint-form]')) return;
    if (!window.fetch || !window.DOMParser) return; // plain POST
    event.preventDefault();
    if (form.dataset.busy === 'true') return;
    form.dataset.busy = 'true';
    var button = form.querySelector('[data-prevent-double-click]');
    if (button) {
      button.disabled = true;
      button.textContent = '正在提交…';
    }
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
      headers: { Accept: 'text/html' }
    })
      .then(function (res) {
        return res.text().then(function (html) { swap(html, res.redirected ? res.url : null); });
      })
      .catch(function () {
        // Network trouble: fall back to the ordinary submission, which the server handles the same way.
        form.dataset.busy = 'false';
        form.submit();
      });
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { init(document); });
  else init(document);
})();
