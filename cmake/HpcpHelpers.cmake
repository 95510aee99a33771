# Helper functions: one per kind of thing the project adds.

# Environment for every local test: Open MPI refuses root in containers unless told.
set(HPCP_TEST_ENV "OMP_NUM_THREADS=1;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
    CACHE INTERNAL "")

# Warnings, language level and optional sanitizers, set per target.
function(hpcp_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(HPCP_NATIVE)
    target_compile_options(${target} PRIVATE -O3 -march=native)
  endif()
  if(HPCP_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${HPCP_SANITIZE} -fno-omit-frame-pointer -g)
    target_link_options(${target} PRIVATE -fsanitize=${HPCP_SANITIZE})
  endif()
endfunction()

# Open MPI refuses more ranks than cores unless told --oversubscribe; MPICH has no
# such flag. Probe the launcher once and keep the answer in the cache so that
# local runs and CI can oversubscribe, while batch scripts never inherit it.
function(hpcp_probe_mpiexec)
  if(DEFINED CACHE{HPCP_MPIEXEC_LOCAL_FLAGS})
    return()
  endif()
  set(flags "")
  execute_process(COMMAND ${MPIEXEC_EXECUTABLE} --version
                  OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc TIMEOUT 20)
  if(rc EQUAL 0 AND out MATCHES "Open MPI|OpenRTE")
    list(APPEND flags --oversubscribe)
  endif()
  set(HPCP_MPIEXEC_LOCAL_FLAGS "${flags}" CACHE STRING
      "Launcher flags for local runs and tests, appended to MPIEXEC_PREFLAGS")
  message(STATUS "mpiexec local flags: '${flags}'")
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
# build/bin/mpi_<name> from mpi/<name>.cpp, and register their CLI tests
# (tests/cli/cli_check.py with tests/cli/expected/<name>.json).
function(hpcp_add_example name)
  add_executable(omp_${name} ${PROJECT_SOURCE_DIR}/openmp/${name}.cpp)
  target_link_libraries(omp_${name} PRIVATE hpcp::common OpenMP::OpenMP_CXX)
  target_include_directories(omp_${name} PRIVATE ${PROJECT_SOURCE_DIR}/openmp)
  hpcp_target_defaults(omp_${name})

  add_executable(mpi_${name} ${PROJECT_SOURCE_DIR}/mpi/${name}.cpp)
  target_link_libraries(mpi_${name} PRIVATE hpcp::mpi OpenMP::OpenMP_CXX)
  target_include_directories(mpi_${name} PRIVATE ${PROJECT_SOURCE_DIR}/mpi)
  hpcp_target_defaults(mpi_${name})

  if(NOT HPCP_BUILD_TESTS)
    return()
  endif()
  set(check ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/cli/cli_check.py
            --expected ${PROJECT_SOURCE_DIR}/tests/cli/expected/${name}.json)
  foreach(mode defaults json bad)
    add_test(NAME cli_omp_${name}_${mode}
             COMMAND ${check} --mode ${mode} -- $<TARGET_FILE:omp_${name}>)
    set_tests_properties(cli_omp_${name}_${mode} PROPERTIES
                         TIMEOUT 120 LABELS "cli;openmp" ENVIRONMENT "${HPCP_TEST_ENV}")
  endforeach()
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
                       TIMEOUT 300 PROCESSORS 2 LABELS "cli;mpi" ENVIRONMENT "${HPCP_TEST_ENV}")
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
