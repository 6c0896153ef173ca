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

/** The AppError a promise rejected with (a fulfilled promise or another error fails the test). */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, but the promise was fulfilled');
}
