// Narrow the check-in list as the host types (the form still works without this).
document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("input[data-filter]");
  if (!input) return;
  const list = document.querySelector(input.dataset.filter);
  const fold = (s) => s.toLowerCase().replace(/ё/g, "е");
  input.addEventListener("input", () => {
    const q = fold(input.value.trim());
    const code = input.value.trim().toUpperCase().replace(/\s/g, "");
    for (const item of list.querySelectorAll("li[data-name]")) {
      const hit = !q || fold(item.dataset.name).includes(q) || item.dataset.code === code;
      item.hidden = !hit;
    }
  });
});
