// Defaults for the sanitizer runtimes of every fuzz binary, so that a run started by hand
// behaves like one started by ctest. The environment (ASAN_OPTIONS, UBSAN_OPTIONS) still wins.
//
// UndefinedBehaviorSanitizer only prints and carries on by default; libFuzzer would then never
// see the report, so undefined behaviour must stop the process like any other crash.

extern "C" const char* __ubsan_default_options();
extern "C" const char* __asan_default_options();

extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:report_error_type=1";
}

extern "C" const char* __asan_default_options() {
  return "detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1";
}
