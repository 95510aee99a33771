// Command lines in unit tests, parsed by the binaries' own parser (cli.cpp)
// without compiling CLI11 into the test.
#pragma once

#include <string>
#include <vector>

#include "common/core/cli_fwd.hpp"

namespace hpcp::test {

// True when `args` (the words after the program name) parse; nothing printed.
inline bool parses(CLI::App& app, std::vector<std::string> args) {
  args.insert(args.begin(), "test");
  std::vector<char*> argv;
  for (auto& word : args) argv.push_back(word.data());
  return parse_command_line(app, static_cast<int>(argv.size()), argv.data(), false).run;
}

}  // namespace hpcp::test
