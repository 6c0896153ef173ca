import { AppError } from '@/lib/errors';

/** 'ok', or the AppError code a promise rejected with (other errors are rethrown). */
export async function outcomeCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}
