// Only the declaration in fuzzer_driver.h: the definition comes from libFuzzer's runtime.
