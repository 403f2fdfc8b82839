// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers, which Node 20 lacks (Node 22 has it).
// Import this module before the interpreter runs a state machine.
type Resolvers<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (reason?: unknown) => void };

const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = <T>(): Resolvers<T> => {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export function withResolvers<T>(): Resolvers<T> {
  return (Promise as unknown as { withResolvers: <U>() => Resolvers<U> }).withResolvers<T>();
}
