/** The bench's "tag list cold": the org's tag list the extension keeps, emptied from one of its own pages. */

/** @param {{ evaluate(fn: () => Promise<unknown>): Promise<unknown> }} extensionPage a page of the product (its origin's IndexedDB) */
export function clearTagList(extensionPage) {
  return extensionPage.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('kustomer-customer-updater');
        open.onsuccess = () => {
          const tx = open.result.transaction('tags', 'readwrite');
          tx.objectStore('tags').clear();
          tx.oncomplete = () => resolve(open.result.close());
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}
