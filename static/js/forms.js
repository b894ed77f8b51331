// After a form comes back with errors, start at its summary: focus moves there, so
// screen readers read what to fix, and the links in it lead to each field.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
