// producer_consumer, MPI — notebook cell "Process, Queue and a Manager dict".
//
// Pattern: master/worker self-scheduling. Rank 0 is the producer and the
// Manager: it holds the queue and the dictionary, and it is a consumer too,
// taking one value at a time from its own queue. It answers the requests that
// came in (MPI_Iprobe, then MPI_Recv) between two of its own items and, for a
// big one, also inside it: F(v)'s loop breaks every 256 steps to look (at most
// once every 20 us), so a worker never waits out a whole item of rank 0's
// (heavy items cost O(v^2): one can take milliseconds). Rank 0 does real work
// between checks and never spins; once the queue is empty it blocks in
// MPI_Probe. Every other rank keeps `depth` (2) requests in flight: while it
// computes F(v) for one chunk, the reply to its next request is already on
// its way. A request
// carries the results of the previous chunk; rank 0 answers each request with
// up to --chunk values or, once the queue is empty, a stop message; a worker
// ends after one stop per request in flight. Constructs: MPI_Send, MPI_Irecv
// posted before each request (so a large reply never waits on a worker that
// is itself sending), MPI_Wait, MPI_Iprobe/MPI_Probe + MPI_Get_count (a
// result's length depends on F(v)), MPI_ANY_SOURCE, tags for request, work and
// stop. One rank: rank 0 drains its own queue. More ranks than items: the idle
// ones get their stops at once.
// Expected: every key k maps to F(k); the report gives the items per rank.
// Not ported: the notebook's empty()/get() race; a worker is told, never guesses.
#include "producer_consumer.hpp"

#include "mpi_driver.hpp"

namespace hpcp::mpi::producer_consumer {

using hpcp::fib_dict::Output;

namespace {
constexpr int tag_request = 1;  // worker -> 0: the results of its last chunk (maybe none) + a request
constexpr int tag_work = 2;     // 0 -> worker: up to --chunk values
constexpr int tag_stop = 3;     // 0 -> worker: the queue is empty, nothing more will come
constexpr int depth = 2;        // requests each worker keeps in flight
// Rank 0 looks for requests between its own items at most this often: an
// MPI_Iprobe that finds nothing lets Open MPI yield the core when ranks are
// oversubscribed, and one per light item (10^6 of them) cost seconds.
constexpr double poll_seconds = 20e-6;
// Steps of F(v)'s loop between two looks while rank 0 computes its own item
// (a few microseconds at v = 20000, where one step adds ~220 limbs).
constexpr std::uint64_t steps_between_looks = 256;

void consume(std::uint64_t v, std::size_t worker, Output& out, BigUInt f) {
  out.dict.insert_or_assign(v, std::move(f));
  out.consumed[worker].push_back(v);
}
}  // namespace

Output self_schedule(const std::vector<std::uint64_t>& values, std::size_t chunk, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  Output out;
  std::vector<std::uint64_t> message;  // reused: no allocation per request once grown

  if (rank == 0) {
    out.consumed.assign(static_cast<std::size_t>(size), {});
    const int stops_due = depth * (size - 1);
    int stops = 0;
    std::size_t next = 0;
    // Take one request: fold in the results it carries, answer with work or stop.
    auto serve = [&](const MPI_Status& status) {
      int count = 0;
      check(MPI_Get_count(&status, MPI_UINT64_T, &count), "MPI_Get_count");
      message.resize(static_cast<std::size_t>(count));
      const int worker = status.MPI_SOURCE;
      check(MPI_Recv(message.data(), count, MPI_UINT64_T, worker, tag_request, comm,
                     MPI_STATUS_IGNORE),
            "MPI_Recv");
      for (std::size_t at = 0; at < message.size();) {
        std::uint64_t v = 0;
        BigUInt f;
        at = fib_dict::read_result(message, at, v, f);
        consume(v, static_cast<std::size_t>(worker), out, std::move(f));
      }
      const std::size_t n = std::min(chunk, values.size() - next);
      if (n > 0) {
        check(MPI_Send(&values[next], static_cast<int>(n), MPI_UINT64_T, worker, tag_work, comm),
              "MPI_Send");
        next += n;
      } else {
        check(MPI_Send(nullptr, 0, MPI_UINT64_T, worker, tag_stop, comm), "MPI_Send");
        ++stops;
      }
    };
    MPI_Status status;
    double last_poll = -poll_seconds;
    auto answer_waiting = [&] {  // whoever asked meanwhile
      const double now = MPI_Wtime();
      if (stops_due == 0 || now - last_poll < poll_seconds) return;
      last_poll = now;
      for (int flag = 1;;) {
        check(MPI_Iprobe(MPI_ANY_SOURCE, tag_request, comm, &flag, &status), "MPI_Iprobe");
        if (!flag) break;
        serve(status);
      }
    };
    while (next < values.size()) {
      answer_waiting();
      if (next == values.size()) break;
      const std::uint64_t v = values[next++];  // rank 0's own item
      consume(v, 0, out, fib_pausing(v, steps_between_looks, answer_waiting));
    }
    while (stops < stops_due) {  // the queue is empty: collect the last results, stop everyone
      check(MPI_Probe(MPI_ANY_SOURCE, tag_request, comm, &status), "MPI_Probe");
      serve(status);
    }
    return out;
  }

  // A worker: post the receive for each reply before asking, so rank 0's
  // answer always finds it; replies arrive in request order, slot by slot.
  std::vector<std::vector<std::uint64_t>> slot(depth, std::vector<std::uint64_t>(chunk));
  MPI_Request pending[depth];
  for (int s = 0; s < depth; ++s) {
    check(MPI_Irecv(slot[s].data(), static_cast<int>(chunk), MPI_UINT64_T, 0, MPI_ANY_TAG, comm,
                    &pending[s]),
          "MPI_Irecv");
    check(MPI_Send(nullptr, 0, MPI_UINT64_T, 0, tag_request, comm), "MPI_Send");
  }
  for (int s = 0, in_flight = depth; in_flight > 0; s = (s + 1) % depth) {
    if (pending[s] == MPI_REQUEST_NULL) continue;  // this slot got its stop
    MPI_Status status;
    check(MPI_Wait(&pending[s], &status), "MPI_Wait");
    if (status.MPI_TAG == tag_stop) {
      --in_flight;
      continue;
    }
    int n = 0;
    check(MPI_Get_count(&status, MPI_UINT64_T, &n), "MPI_Get_count");
    message.clear();
    for (int i = 0; i < n; ++i) fib_dict::append_result(slot[s][i], fib(slot[s][i]), message);
    check(MPI_Irecv(slot[s].data(), static_cast<int>(chunk), MPI_UINT64_T, 0, MPI_ANY_TAG, comm,
                    &pending[s]),
          "MPI_Irecv");
    check(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_UINT64_T, 0, tag_request,
                   comm),
          "MPI_Send");
  }
  return out;
}

struct Example {
  static constexpr std::string_view name = "producer_consumer";
  static constexpr std::string_view summary =
      "producer_consumer (MPI): rank 0 holds the queue and the dictionary, the other ranks ask "
      "for values and return F(v); rank 0 consumes too (master/worker self-scheduling)";
  using Input = std::vector<std::uint64_t>;  // on rank 0 only: the workers are sent what they need
  using Output = hpcp::fib_dict::Output;
  using Run = hpcp::Run<Input, Output>;
  static constexpr std::uint64_t max_chunk = 1000000;

  fib_dict::InputSpec spec = hpcp::producer_consumer::notebook_input();
  std::size_t chunk = 1;

  void add_flags(CLI::App& app) {
    fib_dict::add_input_flags(app, spec);
    add_integer_flag(app, "--chunk", chunk, 1, max_chunk,
                     "values per request (default 1: one get() per value, as in the notebook); "
                     "larger chunks trade balance for fewer messages",
                     "C");
    set_footer(app, hpcp::producer_consumer::heavy_items_help);
  }
  std::optional<std::string> validate(const CommonOptions&) const { return std::nullopt; }
  Json params() const {
    Json p = fib_dict::input_params(spec);
    p["chunk"] = chunk;
    return p;
  }
  Input make_input(const Context& ctx) const {
    return ctx.rank == 0 ? fib_dict::make_values(spec, ctx.options.seed) : Input{};
  }
  Output serial(const Input& in) const { return fib_dict::serial(in); }
  Output parallel(const Input& in, const Context& ctx) const { return self_schedule(in, chunk, ctx.comm); }
  void verify(const Run& run, Verdict& v) const {
    fib_dict::verify(run.input, run.serial, run.parallel, v);
  }
  Json result(const Run& run) const { return fib_dict::result_json(run.parallel.dict); }
  void describe(Report& report, const Run& run) const {
    fib_dict::describe_balance(report, run.parallel, run.input.size(), "items_per_rank");
    if (report.ranks > 1)
      report.notes.push_back("rank 0 hands out the values, keeps the dictionary and computes "
                             "between requests; every rank consumes");
  }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::producer_consumer::print_notebook(os, run.input, run.parallel, "rank 0", "rank ");
  }
};

}  // namespace hpcp::mpi::producer_consumer

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::producer_consumer::Example>(argc, argv);
}
