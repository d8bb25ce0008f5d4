import type { Plugin } from "graphql-yoga";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id.js";

/** Yoga plugin: every response carries the request's id (accepted or generated) as `x-request-id`. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdOf(request));
    },
  };
}
