# Runs one fuzzer for a fixed time over a copy of its seeds, so that the inputs it discovers
# accumulate in the build tree and never in the source tree.
#
#   cmake -DFUZZER=<binary> -DSEEDS=<dir> -DCORPUS=<dir> -DARTIFACTS=<dir/> -DDICT=<file>
#         -DSECONDS=<n> -P run_fuzzer.cmake
#
# The environment variable PORTICO_FUZZ_SECONDS, when set, overrides SECONDS.

foreach(var FUZZER SEEDS CORPUS ARTIFACTS DICT SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzer.cmake: -D${var}=... is required")
  endif()
endforeach()
if(DEFINED ENV{PORTICO_FUZZ_SECONDS} AND NOT "$ENV{PORTICO_FUZZ_SECONDS}" STREQUAL "")
  set(SECONDS "$ENV{PORTICO_FUZZ_SECONDS}")
endif()
if(NOT SECONDS MATCHES "^[0-9]+$")
  message(FATAL_ERROR "run_fuzzer.cmake: PORTICO_FUZZ_SECONDS must be a whole number, got '${SECONDS}'")
endif()

# Seeds are copied over whatever an earlier run found; a seed edited in the source tree wins.
file(MAKE_DIRECTORY ${CORPUS} ${ARTIFACTS})
file(GLOB seed_files LIST_DIRECTORIES false ${SEEDS}/*)
file(COPY ${seed_files} DESTINATION ${CORPUS})

set(command ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
    -print_final_stats=1 -dict=${DICT} -artifact_prefix=${ARTIFACTS} ${CORPUS})
string(JOIN " " shown ${command})
message(STATUS "${shown}")
execute_process(COMMAND ${command} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "fuzzer exited with ${result}; the input that failed is in ${ARTIFACTS}")
endif()
