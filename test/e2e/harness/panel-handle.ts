// One way to read and drive the panel, whatever hosts it: Chromium's DevTools,
// Firefox's toolbox (through a frame script), or a detached panel tab.
// Functions are passed as source text `(doc, win) => value` and run in the panel.
export interface PanelHandle {
  eval<T>(fnSource: string): Promise<T>;
  /** Polls until the function returns a truthy value, and returns it. */
  waitFor<T>(fnSource: string, timeout?: number): Promise<T>;
  click(selector: string): Promise<void>;
}
