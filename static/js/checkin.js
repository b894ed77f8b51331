// Narrow the check-in list as the host types (the form still works without this).
// Each row's data-name holds the name in both alphabets (the server's transliterations);
// a Cyrillic query is also tried in Latin letters, so «бор» finds "Boris".
document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("input[data-filter]");
  if (!input) return;
  const list = document.querySelector(input.dataset.filter);
  const fold = (s) => s.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
  const LATIN = {
    а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ж: "zh", з: "z", и: "i", й: "i",
    к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u",
    ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "",
    э: "e", ю: "iu", я: "ia",
  };
  const latin = (s) => Array.from(s, (c) => (c in LATIN ? LATIN[c] : c)).join("");
  input.addEventListener("input", () => {
    const q = fold(input.value.trim());
    const qs = [q, latin(q)];
    const code = input.value.trim().toUpperCase().replace(/\s/g, "");
    for (const item of list.querySelectorAll("li[data-name]")) {
      const name = item.dataset.name;
      const hit = !q || qs.some((v) => v && name.includes(v)) || item.dataset.code === code;
      item.hidden = !hit;
    }
  });
});
