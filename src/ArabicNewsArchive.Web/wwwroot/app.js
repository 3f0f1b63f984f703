// Small behaviours that must feel instant, so they run in the browser rather than over the circuit.
window.archive = {
  markInteractive() {
    document.body.dataset.interactive = "true";
  },

  async copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  },
};

// Reading view: hovering or focusing a paragraph in one pane lights up the same paragraph's lines in the other.
(function () {
  function setLinked(para, on) {
    document.querySelectorAll('[data-para="' + para + '"]').forEach((el) => el.classList.toggle("linked", on));
  }
  function handler(on) {
    return (e) => {
      const el = e.target.closest && e.target.closest("[data-para]");
      if (el) {
        setLinked(el.dataset.para, on);
      }
    };
  }
  document.addEventListener("mouseover", handler(true));
  document.addEventListener("mouseout", handler(false));
  document.addEventListener("focusin", handler(true));
  document.addEventListener("focusout", handler(false));
})();
