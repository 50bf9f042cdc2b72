// Plate upload progress (issue 19). The form still works without this script (a plain POST).
// With it, the file is sent by XMLHttpRequest so the page can say what is happening, and only
// what it knows: the bytes sent so far while uploading (the browser counts them), then an
// indeterminate bar while the server checks (dry run) or stores and analyses every plate; the
// server's page replaces this one when it answers. No percentage is invented for the server's part.
(function () {
  'use strict';
  var SERVER = {
    check: 'Sent. The server is checking every plate of the file (nothing is stored yet)…',
    import: 'Sent. The server is storing and analysing every plate of the file…',
  };

  function size(bytes) {
    return bytes >= 1048576
      ? (bytes / 1048576).toFixed(1) + ' MB'
      : Math.max(1, Math.round(bytes / 1024)) + ' kB';
  }

  function bind(form) {
    if (form.dataset.progressBound) return;
    form.dataset.progressBound = '1';
    form.addEventListener('submit', function (event) {
      if (!window.XMLHttpRequest || !window.FormData || !form.checkValidity()) return;
      event.preventDefault();
      var box = form.querySelector('.progress');
      var bar = box.querySelector('progress');
      var text = box.querySelector('.progress-text');
      var button = form.querySelector('button[type="submit"]');
      var step = form.dataset.progress;
      box.hidden = false;
      button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return;
        bar.max = e.total;
        bar.value = e.loaded;
        text.textContent = 'Sending the file: ' + size(e.loaded) + ' of ' + size(e.total) + '…';
      };
      xhr.upload.onload = function () {
        bar.removeAttribute('value');
        // A form may say what its server does (an export is not a plate file).
        text.textContent = form.dataset.serverText || SERVER[step] || SERVER.check;
      };
      xhr.onload = function () {
        // The server's answer is a whole page (the report, or the refusal with its plate maps).
        document.open();
        document.write(xhr.responseText);
        document.close();
      };
      xhr.onerror = function () {
        button.disabled = false;
        bar.value = 0;
        text.textContent =
          step === 'import'
            ? 'The connection failed before the server answered. Open the run’s page to see whether the import was stored before trying again.'
            : 'The connection failed before the server answered; nothing was stored. Try again.';
      };
      xhr.send(new FormData(form));
    });
  }

  function bindAll() {
    var forms = document.querySelectorAll('form[data-progress]');
    for (var i = 0; i < forms.length; i++) bind(forms[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', bindAll);
  else bindAll();
})();
