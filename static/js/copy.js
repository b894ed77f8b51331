// "Copy" and "Share" buttons: shown only where scripts run (and, for sharing, where the
// browser can share); without them the link sits in a read-only field to select by hand.
document.addEventListener("DOMContentLoaded", () => {
  for (const source of document.querySelectorAll("input[data-copy-source]")) {
    source.addEventListener("focus", () => source.select());
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const input = document.getElementById(button.dataset.copy);
    if (!input) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
      } catch {
        document.execCommand("copy"); // older browsers, or no clipboard permission
      }
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
  if (!navigator.share) return;
  for (const button of document.querySelectorAll("button[data-share]")) {
    const input = document.getElementById(button.dataset.share);
    if (!input) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.share({ title: button.dataset.title, url: input.value }).catch(() => {});
    });
  }
});
