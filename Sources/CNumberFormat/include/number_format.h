#ifndef NEXLIFY_NUMBER_FORMAT_H
#define NEXLIFY_NUMBER_FORMAT_H

#include <stddef.h>

/// C's `%.<decimals>f` (conversion 'f') or `%.<decimals>e` (conversion 'e') of `value` into
/// `buffer`; returns what snprintf returns. Swift reaches printf only through a boxed va_list,
/// which costs microseconds per label.
int nexlify_format_double(char *buffer, size_t size, int decimals, char conversion, double value);

#endif
