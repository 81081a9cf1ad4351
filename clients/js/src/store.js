/** What a browser remembers per user across pages. */

/** Last delivered seq and epoch per user, in localStorage (memory only where it is unavailable). */
export const Store = {
  key: (user) => 'paynotify:' + user,
  load(user) {
    try {
      const v = JSON.parse(globalThis.localStorage.getItem(Store.key(user)));
      return v && typeof v === 'object' ? v : {};
    } catch (e) {
      return {};
    }
  },
  save(user, seq, epoch) {
    if (seq === null) {
      return;
    }
    try {
      const now = Store.load(user);
      if (now.epoch === epoch && typeof now.seq === 'number' && now.seq > seq) {
        return;
      }
      globalThis.localStorage.setItem(Store.key(user), JSON.stringify({ seq, epoch }));
    } catch (e) {
      // private mode, full, or no localStorage (Node): this page still dedupes in memory
    }
  },
};
