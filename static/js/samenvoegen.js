// The conflict page: typing in a passage's own text box chooses that text for the passage.
document.addEventListener("input", (event) => {
  const vak = event.target;
  if (!(vak instanceof HTMLTextAreaElement) || !vak.dataset.passage) return;
  const keuze = document.getElementById(vak.dataset.passage);
  if (keuze instanceof HTMLInputElement) keuze.checked = true;
});
