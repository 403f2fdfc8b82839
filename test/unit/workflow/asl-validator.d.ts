// asl-validator 4 ships no type declarations.
declare module 'asl-validator' {
  interface Result {
    isValid: boolean;
    errors: { message?: string }[];
    errorsText(separator?: string): string;
  }
  export default function validator(definition: unknown, opts?: { checkArn?: boolean; checkPaths?: boolean }): Result;
}
