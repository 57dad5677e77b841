# Dependencies of the Windows cross-build (cmake/toolchain-mingw64.cmake), all from Debian:
# Debian ships no mingw builds of them, so they are built here from Debian's own sources and
# headers instead of found with find_package. Provides the targets the Linux build gets from
# find_package, under the same names:
#   yaml-cpp          Debian's yaml-cpp source package (scripts/fetch-yaml-cpp-source.sh),
#                     built static with add_subdirectory
#   spdlog::spdlog    Debian's spdlog and fmt headers, header-only
#   GTest::gtest, GTest::gtest_main, GTest::gmock, GTest::gmock_main
#                     /usr/src/googletest (package googletest), with add_subdirectory
# llhttp needs nothing here: cmake/FindLLHTTP.cmake compiles Debian's llhttp C sources.
# Included by the top-level CMakeLists.txt only when WIN32.

# --- the compiled-in default config file ----------------------------------------------------
# The top-level default is the source tree's config/portico.yaml as a Linux path, which Windows
# reads as relative to the current drive. The tests run under Wine, which maps / to Z:, so the
# cross-build names it Z:/...; a build for real Windows sets PORTICO_DEFAULT_CONFIG itself.
set(PORTICO_DEFAULT_CONFIG "Z:${PROJECT_SOURCE_DIR}/config/portico.yaml"
    CACHE FILEPATH "Config file read when --config is not given")

# --- yaml-cpp -------------------------------------------------------------------------------
set(PORTICO_YAML_CPP_SOURCE_DIR "${PROJECT_SOURCE_DIR}/build/deps/yaml-cpp" CACHE PATH
    "Debian's yaml-cpp sources, unpacked (scripts/fetch-yaml-cpp-source.sh)")
if(NOT EXISTS "${PORTICO_YAML_CPP_SOURCE_DIR}/CMakeLists.txt")
  # The script is idempotent and writes only below its destination; it needs apt-get and
  # dpkg-source (scripts/setup.sh windows installs dpkg-dev and runs it).
  get_filename_component(yaml_cpp_deps_dir "${PORTICO_YAML_CPP_SOURCE_DIR}" DIRECTORY)
  message(STATUS "yaml-cpp sources missing: running scripts/fetch-yaml-cpp-source.sh")
  execute_process(
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/fetch-yaml-cpp-source.sh ${yaml_cpp_deps_dir}
    RESULT_VARIABLE yaml_cpp_fetch_result)
  if(NOT yaml_cpp_fetch_result EQUAL 0 OR
     NOT EXISTS "${PORTICO_YAML_CPP_SOURCE_DIR}/CMakeLists.txt")
    message(FATAL_ERROR "No yaml-cpp sources in ${PORTICO_YAML_CPP_SOURCE_DIR}: run "
                        "`scripts/setup.sh windows` (or set PORTICO_YAML_CPP_SOURCE_DIR)")
  endif()
endif()
set(YAML_CPP_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(YAML_CPP_BUILD_TOOLS OFF CACHE BOOL "" FORCE)
set(YAML_CPP_BUILD_CONTRIB OFF CACHE BOOL "" FORCE)
set(YAML_CPP_INSTALL OFF CACHE BOOL "" FORCE)
set(YAML_BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
# SYSTEM: its headers are included by -Werror code and are not ours to fix.
add_subdirectory(${PORTICO_YAML_CPP_SOURCE_DIR} ${CMAKE_BINARY_DIR}/deps/yaml-cpp
                 EXCLUDE_FROM_ALL SYSTEM)

# --- spdlog + fmt, header-only ----------------------------------------------------------------
# Debian's spdlog is built against the external fmt (its tweakme.h defines SPDLOG_FMT_EXTERNAL);
# without SPDLOG_COMPILED_LIB both are header-only. Only the two header folders are exposed, by
# links in the build tree: putting /usr/include itself on a cross compiler's path would let the
# host's glibc headers shadow mingw's.
set(portico_host_headers ${CMAKE_BINARY_DIR}/deps/host-include)
foreach(folder spdlog fmt)
  if(NOT EXISTS /usr/include/${folder})
    message(FATAL_ERROR "/usr/include/${folder} missing: apt-get install libspdlog-dev libfmt-dev")
  endif()
  file(MAKE_DIRECTORY ${portico_host_headers})
  file(CREATE_LINK /usr/include/${folder} ${portico_host_headers}/${folder} SYMBOLIC)
endforeach()
add_library(portico_spdlog_header_only INTERFACE)
target_include_directories(portico_spdlog_header_only SYSTEM INTERFACE ${portico_host_headers})
# spdlog/common.h defines SPDLOG_HEADER_ONLY as empty: the same (empty) value avoids a
# redefinition warning; SPDLOG_FMT_EXTERNAL matches tweakme.h's 1.
target_compile_definitions(portico_spdlog_header_only INTERFACE
  SPDLOG_HEADER_ONLY= SPDLOG_FMT_EXTERNAL=1 FMT_HEADER_ONLY=1)
add_library(spdlog::spdlog ALIAS portico_spdlog_header_only)

# --- GoogleTest -------------------------------------------------------------------------------
if(PORTICO_BUILD_TESTS)
  if(NOT PORTICO_WINE_RUN)
    message(FATAL_ERROR "WIN32 build without cmake/toolchain-mingw64.cmake: tests cannot run")
  endif()
  set(PORTICO_GOOGLETEST_SOURCE_DIR /usr/src/googletest CACHE PATH
      "GoogleTest sources (Debian package googletest)")
  if(NOT EXISTS ${PORTICO_GOOGLETEST_SOURCE_DIR}/CMakeLists.txt)
    message(FATAL_ERROR "${PORTICO_GOOGLETEST_SOURCE_DIR} missing: apt-get install googletest")
  endif()
  set(BUILD_GMOCK ON CACHE BOOL "" FORCE)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  add_subdirectory(${PORTICO_GOOGLETEST_SOURCE_DIR} ${CMAKE_BINARY_DIR}/deps/googletest
                   EXCLUDE_FROM_ALL SYSTEM)

  # The Wine prefix the tests run in is made during the build, once, rather than by whichever
  # test starts first (cmake/wine-run.sh also locks, for runs outside the build).
  set(portico_wine_ready ${PORTICO_WINEPREFIX}/.portico-ready)
  add_custom_command(OUTPUT ${portico_wine_ready}
    COMMAND ${PORTICO_WINE_RUN} --prefix ${PORTICO_WINEPREFIX} --init
    DEPENDS ${PORTICO_WINE_RUN}
    COMMENT "Creating the Wine prefix for the tests (once; several seconds)"
    VERBATIM)
  add_custom_target(portico_wineprefix ALL DEPENDS ${portico_wine_ready})
endif()
