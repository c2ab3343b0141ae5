// Careslot operator console: the little behaviour htmx does not give by itself. Served from
// /console/assets/ (no inline scripts: the console's Content-Security-Policy forbids them).
document.addEventListener('htmx:xhr:progress', (event) => {
  const form = event.target.closest ? event.target.closest('form') : null;
  const bar = form?.querySelector('progress');
  if (!bar || !event.detail.lengthComputable) return;
  bar.max = event.detail.total;
  bar.value = event.detail.loaded;
  const label = form.querySelector('[data-progress-text]');
  if (label) label.textContent = `${Math.round((100 * event.detail.loaded) / event.detail.total)} %`;
});
// Language switch: submit as soon as a language is chosen (the OK button stays for keyboards without JS).
document.addEventListener('change', (event) => {
  if (event.target.id === 'lang') event.target.form.submit();
});
