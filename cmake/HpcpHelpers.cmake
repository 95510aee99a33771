# Helper functions: one per kind of thing the project adds.

# Environment for every local test: Open MPI refuses root in containers unless told.
# On one node, shared memory only: skips probing the network transports (0.4 s a launch).
# A job whose ranks exit non-zero (every bad-input test) costs mpirun a 1 s grace
# before SIGKILL, twice: none is needed, ranks finalise before exiting 2 (the
# faults test keeps the default).
set(HPCP_TEST_ENV "OMP_NUM_THREADS=1;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
                  "OMPI_MCA_pml=ob1;OMPI_MCA_btl=self,vader;OMPI_MCA_odls_base_sigkill_timeout=0")
if(HPCP_SANITIZE MATCHES "address")
  # Open MPI's libraries are built without frame pointers: the fast unwinder stops
  # after one frame ("<unknown module>") and no suppression can match; the slow
  # unwinder reaches libmpi/libopen-pal, which tests/sanitizers/lsan.supp names.
  list(APPEND HPCP_TEST_ENV
       "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23:fast_unwind_on_malloc=0"
       "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/sanitizers/lsan.supp:print_suppressions=0"
       "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=23")
elseif(HPCP_SANITIZE MATCHES "thread")
  list(APPEND HPCP_TEST_ENV "TSAN_OPTIONS=exitcode=66")
endif()

# Warnings, language level and optional sanitizers, set per target.
function(hpcp_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  # GCC 12's -Wrestrict fires inside libstdc++ on `"literal" + std::string`
  # wherever the inliner happens to expand it (GCC bug 105329, a false positive
  # fixed in GCC 13); it says nothing about our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  # Loop heads on 32-byte boundaries. The timed kernels are tight loops of a few
  # instructions (compute(): add, add, cmp, jne: 13 bytes); one that straddles a
  # 32-byte fetch window runs at 2 cycles an iteration instead of 1 on AMD Zen, and
  # where it lands depends on the code around it: omp_mapreduce's kernel ran at
  # half the speed of the serial baseline in the same binary (BENCHMARKS.md).
  target_compile_options(${target} PRIVATE -falign-loops=32)
  if(HPCP_NATIVE)
    target_compile_options(${target} PRIVATE -O3 -march=native)
  endif()
  if(HPCP_SANITIZE)
    # Optimisation and debug level come from the build type; the presets use
    # -O1 -g1: sanitized code at -O2 -g compiles 2.5 times slower, and -g1 keeps
    # the function names and line tables that reports need.
    target_compile_options(${target} PRIVATE -fsanitize=${HPCP_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${HPCP_SANITIZE})
  endif()
endfunction()

# The launcher: which MPI it belongs to, and its flags for local runs and tests. Both
# come from scripts/batch/mpi_flags.sh, the one table of each implementation's launcher
# flags, which the batch jobs and the benchmark scripts read too. Open MPI refuses more
# ranks than cores unless told --oversubscribe; MPICH's Hydra oversubscribes by default
# and has no such flag. The answers are kept in the cache (probed again when
# MPIEXEC_EXECUTABLE changes) so that local runs and CI can oversubscribe, while batch
# scripts never inherit it.
set(HPCP_MPI_FLAGS_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../scripts/batch/mpi_flags.sh)

# hpcp_mpiexec_flags(<out> <purpose> [args...]): the table's flags for this build's launcher.
function(hpcp_mpiexec_flags out purpose)
  execute_process(COMMAND bash ${HPCP_MPI_FLAGS_SCRIPT} ${MPIEXEC_EXECUTABLE} ${purpose} ${ARGN}
                  OUTPUT_VARIABLE text RESULT_VARIABLE rc TIMEOUT 30)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "scripts/batch/mpi_flags.sh ${MPIEXEC_EXECUTABLE} ${purpose} ${ARGN} failed (${rc})")
  endif()
  string(STRIP "${text}" text)
  string(REPLACE "\n" ";" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(hpcp_probe_mpiexec)
  if(NOT HPCP_MPIEXEC_PROBED STREQUAL "${MPIEXEC_EXECUTABLE}" OR NOT DEFINED CACHE{HPCP_MPI_FLAVOR})
    hpcp_mpiexec_flags(flavor flavor)
    hpcp_mpiexec_flags(flags local)
    # A new launcher replaces the answers; on the first configure a -D value stays.
    set(force "")
    if(DEFINED HPCP_MPIEXEC_PROBED)
      set(force FORCE)
    endif()
    set(HPCP_MPI_FLAVOR "${flavor}" CACHE STRING
        "The launcher's MPI (openmpi, mpich, hydra, unknown), from scripts/batch/mpi_flags.sh" ${force})
    set(HPCP_MPIEXEC_LOCAL_FLAGS "${flags}" CACHE STRING
        "Launcher flags for local runs and tests, appended to MPIEXEC_PREFLAGS" ${force})
    set(HPCP_MPIEXEC_PROBED "${MPIEXEC_EXECUTABLE}" CACHE INTERNAL "the launcher probed")
  endif()
  message(STATUS "mpiexec: ${MPIEXEC_EXECUTABLE} (${HPCP_MPI_FLAVOR}), local flags: '${HPCP_MPIEXEC_LOCAL_FLAGS}'")
  # A library of one MPI launched by another's mpiexec runs every rank as a singleton
  # (MPI_COMM_WORLD of size 1): refuse the pair here rather than in every test.
  if(MPI_CXX_LIBRARIES MATCHES "mpich")
    set(library mpich)
  elseif(MPI_CXX_LIBRARIES MATCHES "openmpi|libmpi\\.so")
    set(library openmpi)
  else()
    set(library "")
  endif()
  if(library AND HPCP_MPI_FLAVOR MATCHES "^(openmpi|mpich)$" AND NOT library STREQUAL HPCP_MPI_FLAVOR)
    message(FATAL_ERROR "MPI_CXX_COMPILER ${MPI_CXX_COMPILER} links ${library} (${MPI_CXX_LIBRARIES}), "
            "but MPIEXEC_EXECUTABLE ${MPIEXEC_EXECUTABLE} is ${HPCP_MPI_FLAVOR}'s launcher: set both "
            "(the preset mpich: -DMPI_CXX_COMPILER=/usr/bin/mpicxx.mpich "
            "-DMPIEXEC_EXECUTABLE=/usr/bin/mpiexec.mpich) in a fresh build directory")
  endif()
endfunction()

function(hpcp_git_revision out)
  execute_process(COMMAND git describe --always --dirty --abbrev=12
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  OUTPUT_VARIABLE rev OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR rev STREQUAL "")
    set(rev "unknown")
  endif()
  set(${out} "${rev}" PARENT_SCOPE)
endfunction()

# The launcher command for N ranks, as a list, for tests and scripts.
function(hpcp_mpiexec_command out nprocs)
  set(${out} ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${nprocs}
      ${MPIEXEC_PREFLAGS} ${HPCP_MPIEXEC_LOCAL_FLAGS} PARENT_SCOPE)
endfunction()

# hpcp_add_example(<name>): build/bin/omp_<name> from openmp/<name>.cpp and
# build/bin/mpi_<name> from mpi/<name>.cpp (only the latter with HPCP_MPI_ONLY), each
# with the model's companion files <name>_*.cpp if any, and register their CLI tests
# (tests/cli/cli_check.py with tests/cli/expected/<name>.json). Each file, and the
# example's generated size presets, is compiled once, into the object library
# <model>_<name>_obj, which the binary (with hpcp::main) and the example's unit or
# MPI test both link.
function(hpcp_add_example name)
  set(models omp mpi)
  if(HPCP_MPI_ONLY)
    set(models mpi)
  endif()
  foreach(model IN LISTS models)
    if(model STREQUAL "omp")
      set(dir ${PROJECT_SOURCE_DIR}/openmp)
      set(libs hpcp::examples OpenMP::OpenMP_CXX)
    else()
      set(dir ${PROJECT_SOURCE_DIR}/mpi)
      set(libs hpcp::examples hpcp::mpi OpenMP::OpenMP_CXX)
    endif()
    if(NOT EXISTS ${dir}/${name}.cpp)
      message(WARNING "example ${name}: ${dir}/${name}.cpp is missing, ${model}_${name} not built")
      continue()
    endif()
    # A model file may have companions, <name>_<part>.cpp (pipe_pingpong.cpp), but
    # not another example's files (an example named <name>_<part>).
    file(GLOB parts CONFIGURE_DEPENDS ${dir}/${name}_*.cpp)
    foreach(other IN LISTS HPCP_EXAMPLES)
      if(other MATCHES "^${name}_")
        list(FILTER parts EXCLUDE REGEX "/${other}(_[^/]*)?\\.cpp$")
      endif()
    endforeach()
    # The size presets of the example's manifest (hpcp_read_manifest), compiled in.
    add_library(${model}_${name}_obj OBJECT ${dir}/${name}.cpp ${parts}
                ${CMAKE_BINARY_DIR}/generated/sizes/${name}_sizes.cpp)
    target_link_libraries(${model}_${name}_obj PUBLIC ${libs})
    hpcp_target_defaults(${model}_${name}_obj)
    add_executable(${model}_${name})
    target_link_libraries(${model}_${name} PRIVATE ${model}_${name}_obj hpcp::main)
    hpcp_target_defaults(${model}_${name})
    if(HPCP_BUILD_TESTS)
      hpcp_add_cli_tests(${model} ${name})
    endif()
  endforeach()
endfunction()

# CLI tests of one binary (tests/cli/cli_check.py with tests/cli/expected/<name>.json):
# OpenMP: defaults, --json and bad input; MPI: defaults and --json at 1-4 ranks,
# bad input at 2 ranks.
function(hpcp_add_cli_tests model name)
  set(check ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/cli/cli_check.py
            --expected ${PROJECT_SOURCE_DIR}/tests/cli/expected/${name}.json
            --mpi-flavor ${HPCP_MPI_FLAVOR})
  if(model STREQUAL "omp")
    foreach(mode defaults json bad)
      add_test(NAME cli_omp_${name}_${mode}
               COMMAND ${check} --mode ${mode} -- $<TARGET_FILE:omp_${name}>)
      set_tests_properties(cli_omp_${name}_${mode} PROPERTIES
                           TIMEOUT 120 LABELS "cli;openmp" ENVIRONMENT "${HPCP_TEST_ENV}")
    endforeach()
    return()
  endif()
  foreach(np 1 2 3 4)
    hpcp_mpiexec_command(launcher ${np})
    add_test(NAME cli_mpi_${name}_np${np}
             COMMAND ${check} --mode defaults,json --launcher "${launcher}"
                     -- $<TARGET_FILE:mpi_${name}>)
    set_tests_properties(cli_mpi_${name}_np${np} PROPERTIES
                         TIMEOUT 120 PROCESSORS ${np} LABELS "cli;mpi" ENVIRONMENT "${HPCP_TEST_ENV}")
  endforeach()
  hpcp_mpiexec_command(launcher 2)
  add_test(NAME cli_mpi_${name}_bad
           COMMAND ${check} --mode bad --launcher "${launcher}" -- $<TARGET_FILE:mpi_${name}>)
  set_tests_properties(cli_mpi_${name}_bad PROPERTIES
                       TIMEOUT 300 PROCESSORS 2 LABELS "cli;mpi;bad" ENVIRONMENT "${HPCP_TEST_ENV}")
  # The rest of the rank matrix: a sample of the bad inputs at 1, 3 and 4 ranks
  # (every rank must leave with exit 2, none may hang).
  foreach(np 1 3 4)
    hpcp_mpiexec_command(launcher ${np})
    add_test(NAME cli_mpi_${name}_bad_np${np}
             COMMAND ${check} --mode bad-sample --launcher "${launcher}" -- $<TARGET_FILE:mpi_${name}>)
    set_tests_properties(cli_mpi_${name}_bad_np${np} PROPERTIES
                         TIMEOUT 300 PROCESSORS ${np} LABELS "cli;mpi;bad" ENVIRONMENT "${HPCP_TEST_ENV}")
  endforeach()
endfunction()

# Stress (tests/stress/stress.py): 50 runs of the example at random worker counts
# and random sizes from the "stress" table of tests/cli/expected/<name>.json.
function(hpcp_add_stress_test name)
  set(expected ${PROJECT_SOURCE_DIR}/tests/cli/expected/${name}.json)
  if(NOT TARGET omp_${name} OR NOT TARGET mpi_${name} OR NOT EXISTS ${expected})
    return()
  endif()
  file(READ ${expected} spec)
  string(JSON table ERROR_VARIABLE missing GET "${spec}" stress)
  if(missing)
    message(WARNING "example ${name}: no \"stress\" table in ${expected}, stress test not registered")
    return()
  endif()
  hpcp_mpiexec_command(launcher "{np}")
  add_test(NAME stress_${name}
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/stress/stress.py
                   --expected ${expected} --launcher "${launcher}"
                   --omp $<TARGET_FILE:omp_${name}> --mpi $<TARGET_FILE:mpi_${name}>)
  set_tests_properties(stress_${name} PROPERTIES TIMEOUT 600 PROCESSORS 2 LABELS "stress"
                       ENVIRONMENT "${HPCP_TEST_ENV}")
endfunction()

# hpcp_add_mpi_test(<name> <nprocs> COMMAND <exe> [args...] [TIMEOUT s] [LABELS ...])
# registers <name>_np<nprocs>, launched with FindMPI's variables.
function(hpcp_add_mpi_test name nprocs)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "TIMEOUT" "COMMAND;LABELS")
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 60)
  endif()
  hpcp_mpiexec_command(launcher ${nprocs})
  add_test(NAME ${name}_np${nprocs}
           COMMAND ${launcher} ${arg_COMMAND} ${MPIEXEC_POSTFLAGS})
  set_tests_properties(${name}_np${nprocs} PROPERTIES
                       TIMEOUT ${arg_TIMEOUT} PROCESSORS ${nprocs}
                       LABELS "mpi;${arg_LABELS}"
                       ENVIRONMENT "${HPCP_TEST_ENV}")
endfunction()

# hpcp_isolate_mpi_session_dirs(): every test registered so far in the calling
# directory gets its own Open MPI session directory root. Under ctest -j, two
# mpiruns on one host share /tmp/ompi.<host>.<uid>: one removing it at exit while
# the other creates its job's directory inside fails the second launch with
# "orte_session_dir failed" (open-mpi/ompi#8510; seen once in three CI runs).
# MPICH ignores the variable. The scheduler and cluster tests keep the default:
# their jobs start daemons under Slurm or on simulated nodes, not through ctest -j.
function(hpcp_isolate_mpi_session_dirs)
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(test IN LISTS tests)
    get_property(labels TEST ${test} PROPERTY LABELS)
    if(labels MATCHES "scheduler|cluster")
      continue()
    endif()
    set(dir ${CMAKE_BINARY_DIR}/ompi-tmp/${test})
    file(MAKE_DIRECTORY ${dir})
    set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT "OMPI_MCA_orte_tmpdir_base=${dir}")
  endforeach()
endfunction()

# hpcp_add_boost_test_executable(<name> [libraries...]): <name>.cpp of the calling
# directory as a Boost.Test executable (tests/unit, tests/mpi).
function(hpcp_add_boost_test_executable name)
  add_executable(${name} ${name}.cpp)
  target_link_libraries(${name} PRIVATE ${ARGN} hpcp::examples Boost::unit_test_framework
                                        OpenMP::OpenMP_CXX)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
  hpcp_target_defaults(${name})
endfunction()
