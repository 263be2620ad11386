// What each of the grid's two virtualizers sees of the scrolling box.
import { observeElementRect, type Rect, type VirtualizerOptions } from '@tanstack/react-virtual';

type Options = Partial<VirtualizerOptions<HTMLDivElement, Element>>;

/**
 * The virtualizers work in content coordinates: the sticky ruler and channel column cover the top and
 * left of the box, so each one sees the box less that strip. Then "visible" means visible (a row under
 * the ruler is not), and an offset is the time axis' or the rows' own (scrollToIndex lands a row just
 * under the ruler). `fixedRect` replaces the element's measured size (jsdom has no layout).
 */
export function viewport(axis: 'width' | 'height', inset: number, fixedRect: Rect | undefined): Options {
  const less = (rect: Rect): Rect => ({ ...rect, [axis]: Math.max(0, rect[axis] - inset) });
  if (fixedRect) {
    return {
      initialRect: less(fixedRect),
      observeElementRect: (_instance, cb) => {
        cb(less(fixedRect));
        return () => undefined;
      },
    };
  }
  return { observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(less(rect))) };
}
