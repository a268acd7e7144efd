#include "number_format.h"

#include <stdio.h>

int nexlify_format_double(char *buffer, size_t size, int decimals, char conversion, double value) {
    if (conversion == 'e') return snprintf(buffer, size, "%.*e", decimals, value);
    return snprintf(buffer, size, "%.*f", decimals, value);
}
