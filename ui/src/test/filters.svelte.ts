// Filters as the app holds them: reactive state, which the matrix's inputs bind to.
import { NO_FILTERS, type MatrixFilters } from "../lib/matrix";

export function reactiveFilters(): MatrixFilters {
  const filters = $state({ ...NO_FILTERS });
  return filters;
}
