// libFuzzer's entry point for programs that have a main of their own (SwiftPM's executables
// do). It is defined by the fuzzer runtime, linked only with -sanitize=fuzzer.
#ifndef NEXLIFY_FUZZER_DRIVER_H
#define NEXLIFY_FUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
