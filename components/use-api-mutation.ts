'use client';

import { useMutation } from '@tanstack/react-query';
import { callApi, toApiError, type ApiError, type CallInput } from '@/lib/api/client';
import type { AnyEndpoint, ErrorBodyOf, ResponseOf } from '@/lib/api/endpoint';
import type { ApiErrorBody } from '@/lib/api/error-body';

export interface ApiMutationOptions<TInput, TData, TBody> {
  /** Shown when a failure carries no message of ours (no network, a foreign body); already translated. */
  fallbackMessage: string;
  /** After a success; a returned promise (navigation, sign-out) keeps the mutation pending until it settles. */
  onSuccess?: ((data: TData, input: TInput) => unknown) | undefined;
  onError?: ((error: ApiError<TBody>, input: TInput) => void) | undefined;
}

export interface ApiMutation<TInput, TData, TBody> {
  mutate: (input: TInput) => void;
  isPending: boolean;
  /** The last call's failure, null after a success or while a new call runs. */
  error: ApiError<TBody> | null;
  /** What to show the user for that failure (FormError), or null. */
  errorMessage: string | null;
  data: TData | undefined;
  /** The input of the last call, while it runs and after. */
  variables: TInput | undefined;
  /** When the last call started (ms since epoch; 0 before any): which of a form's mutations spoke last. */
  submittedAt: number;
  reset: () => void;
}

/**
 * Every form and button that writes through the API goes through this: pending state, the failure
 * as an `ApiError` whose message is ready to show, and success callbacks (refresh, navigate). Give it
 * an endpoint of the contract (`mutate({ params, body, headers })` calls it with `callApi`), or, for a
 * step made of several calls (sign in, then fetch the welcome), a function that uses `callApi`.
 */
export function useApiMutation<E extends AnyEndpoint>(
  endpoint: E,
  options: ApiMutationOptions<CallInput<E>, ResponseOf<E>, ErrorBodyOf<E>>,
): ApiMutation<CallInput<E>, ResponseOf<E>, ErrorBodyOf<E>>;
export function useApiMutation<TInput, TData>(
  run: (input: TInput) => Promise<TData>,
  options: ApiMutationOptions<TInput, TData, ApiErrorBody>,
): ApiMutation<TInput, TData, ApiErrorBody>;
export function useApiMutation<TInput, TData, TBody>(
  target: AnyEndpoint | ((input: TInput) => Promise<TData>),
  options: ApiMutationOptions<TInput, TData, TBody>,
): ApiMutation<TInput, TData, TBody> {
  const mutation = useMutation<TData, ApiError<TBody>, TInput>({
    mutationFn: async (input) => {
      try {
        if (typeof target === 'function') return await target(input);
        // The endpoint overload ties TInput and TData to this endpoint's input and parsed answer.
        const data = await callApi(target, {
          ...(input as CallInput<AnyEndpoint>),
          fallbackMessage: options.fallbackMessage,
        });
        return data as TData;
      } catch (error) {
        throw toApiError<TBody>(error, options.fallbackMessage);
      }
    },
    onSuccess: (data, input) => options.onSuccess?.(data, input),
    onError: (error, input) => options.onError?.(error, input),
  });
  return {
    mutate: mutation.mutate,
    isPending: mutation.isPending,
    error: mutation.error,
    errorMessage: mutation.error?.message ?? null,
    data: mutation.data,
    variables: mutation.variables,
    submittedAt: mutation.submittedAt,
    reset: mutation.reset,
  };
}

/** Of a form's several mutations, the message of the one called last (when it failed), else null. */
export function latestErrorMessage(
  ...mutations: Pick<ApiMutation<never, unknown, unknown>, 'submittedAt' | 'errorMessage'>[]
): string | null {
  const latest = mutations.reduce<(typeof mutations)[number] | undefined>(
    (best, mutation) => (best === undefined || mutation.submittedAt > best.submittedAt ? mutation : best),
    undefined,
  );
  return latest?.errorMessage ?? null;
}
