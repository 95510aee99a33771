// The flags of pipe. CLI11 is header-only and costs seconds of compile time in
// every file that includes it; the flag files of every example share one precompiled
// header (common/CMakeLists.txt), and the examples' other files see only cli_fwd.hpp.
#include "common/core/cli.hpp"
#include "common/examples/pipe/spec.hpp"

namespace hpcp::pipe {

void Options::add_flags(CLI::App& app) {
  auto mark = [this](const char* flag) {
    return [this, flag](const std::string&) {
      if (pingpong_flag.empty()) pingpong_flag = flag;
    };
  };
  add_choice(app, "--mode", mode, "what goes through the pipe");
  app.add_option("--sizes", sizes,
                 "pingpong: message sizes in bytes, comma-separated (default 1,2,4,...,4194304)")
      ->check(unsigned_list_in(0, max_message_bytes))
      ->each(mark("--sizes"))
      ->type_name("LIST");
  app.add_option_function<std::uint64_t>(
         "--iterations", [this](std::uint64_t v) { iterations = v; },
         "pingpong: timed round trips per size (default 1000 up to 8 KiB, 100 above)")
      ->check(unsigned_in(1, 1000000000))
      ->each(mark("--iterations"))
      ->type_name("N");
  app.add_option_function<std::uint64_t>(
         "--warmup", [this](std::uint64_t v) { warmup = v; },
         "pingpong: untimed round trips before the timed ones (default 100 up to 8 KiB, 10 above)")
      ->check(unsigned_in(0, 1000000000))
      ->each(mark("--warmup"))
      ->type_name("W");
  add_choice(app, "--check", check, "pingpong: how each message's payload is verified")
      ->each(mark("--check"));
}

}  // namespace hpcp::pipe
