# Finds the llhttp C sources that Debian's node-llhttp package ships and builds them into a
# static library. llhttp is compiled strict (LLHTTP_STRICT_MODE=1): without it, "Host : a"
# (whitespace before the colon, a smuggling vector) is accepted. The sources are not
# warning-clean, so the project's -Werror flags are not applied to this target.
#
# These are architecture-independent sources, not target libraries: a cross-build
# (cmake/toolchain-mingw64.cmake) must find them on the host too, not under its sysroot.
find_path(LLHTTP_INCLUDE_DIR llhttp.h PATHS /usr/share/include/llhttp /usr/include/llhttp
          NO_CMAKE_FIND_ROOT_PATH)
find_path(LLHTTP_SOURCE_DIR llhttp.c PATHS /usr/share/llhttp NO_CMAKE_FIND_ROOT_PATH)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LLHTTP REQUIRED_VARS LLHTTP_INCLUDE_DIR LLHTTP_SOURCE_DIR)

if(LLHTTP_FOUND AND NOT TARGET llhttp::llhttp)
  add_library(llhttp_static STATIC
    ${LLHTTP_SOURCE_DIR}/api.c ${LLHTTP_SOURCE_DIR}/http.c ${LLHTTP_SOURCE_DIR}/llhttp.c)
  target_include_directories(llhttp_static SYSTEM PUBLIC ${LLHTTP_INCLUDE_DIR})
  target_compile_definitions(llhttp_static PUBLIC LLHTTP_STRICT_MODE=1)
  set_target_properties(llhttp_static PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 99)
  add_library(llhttp::llhttp ALIAS llhttp_static)
endif()
