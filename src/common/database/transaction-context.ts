import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

type AfterCommit = () => void | Promise<void>;

/** One open transaction, as the code running inside it sees it. */
export interface TransactionContext {
  readonly dataSource: DataSource;
  /** Set once the transaction has begun; until then only its BEGIN runs. */
  manager?: EntityManager;
  /** Work to do once it has committed; dropped with it on rollback. */
  readonly afterCommit: AfterCommit[];
}

/**
 * The open transaction travels in async context, so services do not thread an EntityManager through
 * their signatures: Transactions.run sets it, repositories read it with `currentManager`. The SQLite
 * gate uses the same store to tell the transaction's own statements from everyone else's.
 */
const storage = new AsyncLocalStorage<TransactionContext>();
let open = 0;

/** Runs `work` with `context` as the current transaction. */
export async function runInTransactionContext<T>(context: TransactionContext, work: () => Promise<T>): Promise<T> {
  open += 1;
  try {
    return await storage.run(context, work);
  } finally {
    open -= 1;
    // An enabled AsyncLocalStorage keeps Node 20's promise hooks on for every request that follows (a few %
    // of each in the profile: docs/performance.md); with no transaction open nobody needs the store, and the
    // next run() turns it on again.
    if (open === 0) storage.disable();
  }
}

/** The transaction this code runs in, if any (of `dataSource` when given). */
export function currentTransaction(dataSource?: DataSource): TransactionContext | undefined {
  const context = storage.getStore();
  return context && (!dataSource || context.dataSource === dataSource) ? context : undefined;
}

/** The manager to query with: the open transaction's, or the data source's own outside one. */
export function currentManager(dataSource: DataSource): EntityManager {
  return currentTransaction(dataSource)?.manager ?? dataSource.manager;
}

/** The open transaction's manager; a programming error outside one (a row lock means nothing there). */
export function transactionManager(): EntityManager {
  const manager = currentTransaction()?.manager;
  if (!manager) throw new Error('This statement must run inside Transactions.run');
  return manager;
}

/**
 * Runs `callback` after the current transaction commits, or at once outside one. Announcing a revocation
 * before its commit would let another instance re-read and cache the old state.
 */
export async function afterCommit(callback: AfterCommit): Promise<void> {
  const context = currentTransaction();
  if (context) context.afterCommit.push(callback);
  else await callback();
}
