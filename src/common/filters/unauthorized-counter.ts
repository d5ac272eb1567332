/**
 * Where the exception filters count 401 answers by error code. An abstract class as the injection token,
 * provided by the metrics module, so common/ depends on no module of the application.
 */
export abstract class UnauthorizedCounter {
  abstract unauthorized(code: string): void;
}
