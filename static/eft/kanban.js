// Kanban: dropping a card on a column posts the move; the server runs the same
// transition as the detail page's buttons and says why when it refuses.
(function () {
  const board = document.querySelector(".kanban");
  if (!board || board.dataset.canMove !== "1") return;
  const form = document.getElementById("move-form");
  let dragged = null;
  board.querySelectorAll(".kanban-card").forEach((card) => {
    card.addEventListener("dragstart", (event) => {
      dragged = card;
      event.dataTransfer.setData("text/plain", card.dataset.ref);
      card.classList.add("dragging");
    });
    card.addEventListener("dragend", () => card.classList.remove("dragging"));
  });
  board.querySelectorAll(".kanban-col").forEach((column) => {
    column.addEventListener("dragover", (event) => { event.preventDefault(); column.classList.add("over"); });
    column.addEventListener("dragleave", () => column.classList.remove("over"));
    column.addEventListener("drop", (event) => {
      event.preventDefault();
      column.classList.remove("over");
      if (!dragged || dragged.closest(".kanban-col") === column) return;
      // Cancelling is asked for, with its reason, on a page of its own.
      if (column.dataset.status === "cancelled") {
        window.location.href = dragged.dataset.cancelUrl;
        return;
      }
      form.action = dragged.dataset.moveUrl;
      form.elements.status.value = column.dataset.status;
      form.submit();
    });
  });
})();
