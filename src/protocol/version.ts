// Every message between the parts carries this number. A tab whose capture
// scripts came from an older build (the extension was updated or reloaded while
// the tab stayed open) then gets a clear message in the panel instead of garbage.
export const PROTOCOL_VERSION = 5;
