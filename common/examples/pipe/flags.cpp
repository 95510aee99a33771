// The flags of pipe. CLI11 is header-only and costs seconds of compile time in
// every file that includes it; the flag files of every example share one precompiled
// header (common/CMakeLists.txt), and the examples' other files see only cli_fwd.hpp.
#include "common/core/cli.hpp"
#include "common/examples/pipe/spec.hpp"

namespace hpcp::pipe {

namespace {

// -m [MIN:]MAX as OSU reads it ("128": MAX, "2:128", "2:" MIN only), each an
// exact byte size (4K = 4096); rewritten as "MIN:MAX" in plain decimals.
CLI::Validator message_size_range() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        const auto colon = s.find(':');
        const std::string min_text = colon == std::string::npos ? "" : s.substr(0, colon);
        const std::string max_text = colon == std::string::npos ? s : s.substr(colon + 1);
        std::uint64_t bound[2] = {1, std::uint64_t{4} << 20};  // the default sweep's
        const std::string* text[2] = {&min_text, &max_text};
        for (int k = 0; k < 2; ++k) {
          if (text[k]->empty()) continue;
          const ParsedInteger p = parse_integer(*text[k], Units::bytes);
          if (!p.exact || p.negative || p.too_large || p.magnitude > max_message_bytes)
            return "must be [MIN:]MAX, byte sizes from 0 to 268435456 (256Mi), got '" + s + "'";
          bound[k] = p.magnitude;
        }
        if ((min_text.empty() && max_text.empty()) || s.find(':', colon + 1) != std::string::npos)
          return "must be [MIN:]MAX, e.g. 1:4M, 4K or 64:, got '" + s + "'";
        if (bound[0] > bound[1])
          return "MIN must not exceed MAX, got '" + s + "' (" + std::to_string(bound[0]) + " > " +
                 std::to_string(bound[1]) + ")";
        s = std::to_string(bound[0]) + ":" + std::to_string(bound[1]);
        return {};
      },
      "");
}

}  // namespace

void Options::add_flags(CLI::App& app) {
  auto mark = [this](const char* flag) {
    return [this, flag](const std::string&) {
      if (pingpong_flag.empty()) pingpong_flag = flag;
    };
  };
  add_choice(app, "--mode", mode, "what goes through the pipe");
  auto* range =
      app.add_option("-m,--message-size", message_size,
                     "pingpong, bw: message sizes MIN, 2 MIN, 4 MIN, ... up to MAX bytes, as OSU's "
                     "-m ('128': 1 to 128; '64:': 64 to 4M; default 1:4M)")
          ->transform(message_size_range())
          ->each(mark("--message-size"))
          ->type_name("[MIN:]MAX");
  app.add_option("--sizes", sizes,
                 "pingpong, bw: message sizes in bytes, comma-separated (default 1,2,4,...,4M)")
      ->transform(unsigned_list_in(0, max_message_bytes, Units::bytes))
      ->each(mark("--sizes"))
      ->excludes(range)
      ->type_name("LIST");
  app.add_option_function<std::uint64_t>(
         "-i,--iterations", [this](std::uint64_t v) { iterations = v; },
         "pingpong, bw: timed iterations per size (default: pingpong 1000 up to 8 KiB, 100 "
         "above; bw 100 and 20)")
      ->transform(unsigned_in(1, 1000000000))
      ->each(mark("--iterations"))
      ->type_name("N");
  app.add_option_function<std::uint64_t>(
         "-x,--warmup", [this](std::uint64_t v) { warmup = v; },
         "pingpong, bw: untimed iterations before the timed ones (default: pingpong 100 up to "
         "8 KiB, 10 above; bw 10 and 2)")
      ->transform(unsigned_in(0, 1000000000))
      ->each(mark("--warmup"))
      ->type_name("W");
  add_choice(app, "--check", check, "pingpong, bw: how each message's payload is verified")
      ->each(mark("--check"));
  set_footer(app,
             "pingpong and bw print OSU's table ('# Size  Latency (us)' or '# Size  Bandwidth "
             "(MB/s)', then one line per size) and the report '#'-prefixed; --quiet keeps the "
             "table and the verdict, --csv gives one row per size.\n" +
                 integer_forms_help(Units::bytes) + "\n" + integer_forms_help(Units::count));
}

}  // namespace hpcp::pipe
