// "Copy the address" buttons: shown only where scripts run; without them the address
// sits in a read-only field to select by hand.
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
});
