// libFuzzer's driver, from compiler-rt's libclang_rt.fuzzer_no_main (linked only when
// deploy/local/fuzz.sh builds with AICS_LIBFUZZER_RUNTIME set; see Package.swift).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
