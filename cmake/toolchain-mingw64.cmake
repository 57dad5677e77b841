# Cross-compiles for 64-bit Windows with Debian's mingw-w64 (package g++-mingw-w64-x86-64-posix,
# installed by `scripts/setup.sh windows`). The posix-thread flavour of the compilers is the one
# whose libstdc++ has std::thread, std::mutex and friends. Everything is linked statically, so the
# .exe files need no mingw runtime DLLs next to them. Built programs (the unit tests) run under
# Wine through CMAKE_CROSSCOMPILING_EMULATOR (cmake/wine-run.sh).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(PORTICO_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${PORTICO_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${PORTICO_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${PORTICO_MINGW_TRIPLET}-windres)

# Libraries and headers for the target come from the mingw sysroot only; build tools from the
# host. Architecture-independent sources that Debian ships under /usr (llhttp's C files,
# googletest, spdlog/fmt headers) are found with NO_CMAKE_FIND_ROOT_PATH or by explicit paths.
set(CMAKE_FIND_ROOT_PATH /usr/${PORTICO_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")

# Each build tree has its own Wine prefix (created on first use, under a lock).
set(PORTICO_WINE_RUN ${CMAKE_CURRENT_LIST_DIR}/wine-run.sh)
set(PORTICO_WINEPREFIX ${CMAKE_BINARY_DIR}/wineprefix)
set(CMAKE_CROSSCOMPILING_EMULATOR ${PORTICO_WINE_RUN} --prefix ${PORTICO_WINEPREFIX} --)
