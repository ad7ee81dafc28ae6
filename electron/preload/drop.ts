/**
 * Files dropped on the window. The page never sees or sends a path: the preload turns each dropped
 * File into its path (webUtils.getPathForFile, available only here) and sends the list to main,
 * which checks every path on disk before opening anything.
 *
 * Only drags that carry files are handled, so dragging text into the filter box works as usual.
 */
import { MAX_DROPPED_FILES } from '../../core/ipc';

/** The parts of a DragEvent used here. */
interface FileDrag {
  preventDefault(): void;
  dataTransfer: { types: readonly string[]; files: ArrayLike<File>; dropEffect: string } | null;
}

const carriesFiles = (e: FileDrag): boolean => e.dataTransfer !== null && Array.from(e.dataTransfer.types).includes('Files');

/**
 * `pathForFile` returns '' for a File that is not on disk (made by script, pasted from memory):
 * such entries are skipped.
 */
export function forwardDroppedFiles(target: EventTarget, pathForFile: (file: File) => string, send: (paths: string[]) => void): void {
  // Without preventDefault on dragover, Chromium does not fire drop at all.
  target.addEventListener('dragover', (event) => {
    const e = event as unknown as FileDrag;
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  target.addEventListener('drop', (event) => {
    const e = event as unknown as FileDrag;
    if (!carriesFiles(e) || e.dataTransfer === null) return;
    e.preventDefault();
    const paths: string[] = [];
    for (const file of Array.from(e.dataTransfer.files).slice(0, MAX_DROPPED_FILES)) {
      const path = pathForFile(file);
      if (path !== '') paths.push(path);
    }
    if (paths.length > 0) send(paths);
  });
}
