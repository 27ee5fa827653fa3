#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, FuzzerDriver.cpp), linked by -sanitize=fuzzer.
///
/// SwiftPM links every Swift executable with `--defsym main=<Module>_main`, so libFuzzer's own
/// `main` is never used: each target defines `<Module>_main` and calls this instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
