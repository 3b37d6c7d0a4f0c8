// A click here (a user gesture) opens the floor's panel in this window: sidePanel.open is the
// click's first call, so the window is looked up before.
void chrome.windows.getCurrent().then(({ id }) => {
  document.getElementById('open-panel').onclick = () => void chrome.sidePanel.open({ windowId: id });
  document.body.dataset.ready = 'yes';
});
