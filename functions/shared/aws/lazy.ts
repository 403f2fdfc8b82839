// SDK clients made on first use, never at import. esbuild hoists every static import of an external package (the
// AWS SDK is external: it is in the Lambda runtime) to the top of the bundle, so a static import loads a client
// even in a function that never calls it. Adapters import their SDK module dynamically inside each call and take
// the client as a value or a lazy source; aws-deps.ts builds only the sources, so a function loads exactly the
// clients it uses, when it first uses them.

/** A client, or a function that makes it on first use (memoised by `once`). */
export type ClientSource<T> = T | (() => Promise<T>);

/** Memoises an async factory; a failure is not cached, so the next call tries again. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((err: unknown) => {
      made = undefined;
      throw err;
    });
    return made;
  };
}

export async function clientOf<T>(source: ClientSource<T>): Promise<T> {
  return typeof source === 'function' ? (source as () => Promise<T>)() : source;
}
