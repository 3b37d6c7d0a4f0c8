// The least a command can do to open the popup: call action.openPopup() first thing.
chrome.commands.onCommand.addListener((command) => {
  if (command === 'update-customer') void chrome.action.openPopup();
});
