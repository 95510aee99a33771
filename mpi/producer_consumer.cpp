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
//
// --scheduler hierarchical: the same self-scheduling one level down, through
// node leaders, so that rank 0 talks to one rank per node and the per-item
// requests stay inside a node (shared memory). Rank 0 splits the queue, in
// order, into one contiguous share per node so that each node's share of the
// cost (F(v) by the loop costs ~v^2) is proportional to its rank count; it
// sends each leader its share (MPI_Scatter of the counts, MPI_Scatterv of the
// values over the leaders' communicator); each node runs the self-scheduling
// above on its node communicator, its leader the local master and consumer;
// the leaders send their node's items and dictionary back ([v, n, limbs] as a
// worker's results travel; MPI_Gather of the lengths, MPI_Gatherv), and rank
// 0 merges them. Across nodes rank 0 handles 4 messages per other node, not 2
// per item taken off its node (it still serves its own node's ranks); the
// price is a static split between nodes (the cost model must hold: no node
// can help another that falls behind).
// Constructs: MPI_Comm_split_type(MPI_COMM_TYPE_SHARED) keyed by rank (the
// node; its lowest rank leads it), MPI_Comm_split with MPI_UNDEFINED (the
// leaders' communicator, rank 0 its rank 0), the collectives above. One node:
// one self-scheduling over the node, as flat. A node whose share is empty
// stops its workers at once.
// Expected: every key k maps to F(k); the report gives the items per rank,
// the messages rank 0 sent or received (and how many crossed nodes) and,
// hierarchical, each node's items and share of the cost.
// Not ported: the notebook's empty()/get() race; a worker is told, never guesses.
#include "mpi/producer_consumer.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/mpi/driver.hpp"

namespace hpcp::mpi::producer_consumer {

namespace {
constexpr int tag_request =
    1;                       // worker -> 0: the results of its last chunk (maybe none) + a request
constexpr int tag_work = 2;  // 0 -> worker: up to --chunk values
constexpr int tag_stop = 3;  // 0 -> worker: the queue is empty, nothing more will come
constexpr int depth = 2;     // requests each worker keeps in flight
// Rank 0 looks for requests between its own items at most this often: an
// MPI_Iprobe that finds nothing lets Open MPI yield the core when ranks are
// oversubscribed, and one per light item (10^6 of them) cost seconds.
constexpr double poll_seconds = 20e-6;
// Steps of F(v)'s loop between two looks while rank 0 computes its own item
// (a few microseconds at v = 20000, where one step adds ~220 limbs).
constexpr std::uint64_t steps_between_looks = 256;

void consume(std::uint64_t v, std::size_t worker, fib_dict::Output& out, BigUInt f) {
  out.dict.insert_or_assign(v, std::move(f));
  out.consumed[worker].push_back(v);
}
}  // namespace

fib_dict::Output self_schedule(const std::vector<std::uint64_t>& values, std::size_t chunk,
                               MPI_Comm comm, std::vector<std::uint64_t>* messages,
                               const Tracer& tracer, std::uint64_t first_item) {
  const bool traced = tracer.on();
  if (traced) chunk = 1;                         // one value per message, sent with its id
  const std::size_t words = traced ? 2 : chunk;  // what a work message holds, at most
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  fib_dict::Output out;
  std::vector<std::uint64_t> message;  // reused: no allocation per request once grown

  if (rank == 0) {
    out.consumed.assign(static_cast<std::size_t>(size), {});
    if (messages) messages->assign(static_cast<std::size_t>(size), 0);
    const int stops_due = depth * (size - 1);
    int stops = 0;
    std::size_t next = 0;
    // Take one request: fold in the results it carries, answer with work or stop.
    auto serve = [&](const MPI_Status& status) {
      int count = 0;
      check(MPI_Get_count(&status, MPI_UINT64_T, &count), "MPI_Get_count");
      message.resize(static_cast<std::size_t>(count));
      const int worker = status.MPI_SOURCE;
      if (messages) (*messages)[static_cast<std::size_t>(worker)] += 2;  // the request, the answer
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
      if (n > 0 && traced) {
        const std::uint64_t work[2] = {first_item + next, values[next]};
        check(MPI_Send(work, 2, MPI_UINT64_T, worker, tag_work, comm), "MPI_Send");
        next += n;
      } else if (n > 0) {
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
      const ItemScope item(tracer, first_item + next);
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
  std::vector<std::vector<std::uint64_t>> slot(depth, std::vector<std::uint64_t>(words));
  MPI_Request pending[depth];
  for (int s = 0; s < depth; ++s) {
    check(MPI_Irecv(slot[s].data(), static_cast<int>(words), MPI_UINT64_T, 0, MPI_ANY_TAG, comm,
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
    if (traced) {  // {id, value}
      const ItemScope item(tracer, slot[s][0]);
      fib_dict::append_result(slot[s][1], fib(slot[s][1]), message);
    } else {
      for (int i = 0; i < n; ++i) fib_dict::append_result(slot[s][i], fib(slot[s][i]), message);
    }
    check(MPI_Irecv(slot[s].data(), static_cast<int>(words), MPI_UINT64_T, 0, MPI_ANY_TAG, comm,
                    &pending[s]),
          "MPI_Irecv");
    check(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_UINT64_T, 0, tag_request,
                   comm),
          "MPI_Send");
  }
  return out;
}

std::vector<std::size_t> split_by_cost(const std::vector<std::uint64_t>& values,
                                       const std::vector<int>& ranks) {
  // 10^8 items of up to 10^12 each, times the rank count: beyond 64 bits.
  __extension__ typedef unsigned __int128 Wide;
  const std::size_t n = values.size();
  std::vector<Wide> prefix(n + 1, 0);  // prefix[i]: the cost of the first i items
  for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + item_cost(values[i]);
  Wide all_ranks = 0;
  for (int r : ranks) all_ranks += static_cast<Wide>(r);
  std::vector<std::size_t> offsets(ranks.size() + 1, n);
  offsets[0] = 0;
  Wide ranks_before = 0;
  std::size_t i = 0;
  for (std::size_t j = 1; j < ranks.size(); ++j) {
    // Node j starts where the cost so far is nearest to its nodes' part of
    // the total: prefix[i] / total ~ ranks_before / all_ranks (scaled, exact).
    ranks_before += static_cast<Wide>(ranks[j - 1]);
    const Wide target = prefix[n] * ranks_before;
    while (i < n && prefix[i + 1] * all_ranks <= target) ++i;
    if (i < n && prefix[i + 1] * all_ranks - target < target - prefix[i] * all_ranks) ++i;
    offsets[j] = i;
  }
  return offsets;
}

namespace {
int as_count(std::size_t n, const char* what) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error(std::string(what) + ": " + std::to_string(n) +
                             " words, beyond an MPI count");
  return static_cast<int>(n);
}
}  // namespace

fib_dict::Output hierarchical(const std::vector<std::uint64_t>& values, std::size_t chunk,
                              MPI_Comm comm, const Nodes& nodes, Traffic* traffic,
                              const Tracer& tracer) {
  int rank = 0, size = 1;
  check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  const MPI_Comm leaders = nodes.leaders.get();
  const bool leader = leaders != MPI_COMM_NULL;

  // 1. Rank 0 splits the queue by cost; each leader gets its node's share.
  std::vector<std::size_t> offsets;
  std::vector<int> counts, displs;
  if (rank == 0) {
    offsets = split_by_cost(values, nodes.sizes);
    for (int j = 0; j < nodes.count(); ++j) {
      counts.push_back(as_count(offsets[j + 1] - offsets[j], "node share"));
      displs.push_back(as_count(offsets[j], "node share"));
    }
  }
  std::vector<std::uint64_t> share;
  int share_start = 0;  // traced: where this node's share starts, its items' first id
  if (leader) {
    int mine = 0;
    check(MPI_Scatter(counts.data(), 1, MPI_INT, &mine, 1, MPI_INT, 0, leaders), "MPI_Scatter");
    if (tracer.on())
      check(MPI_Scatter(displs.data(), 1, MPI_INT, &share_start, 1, MPI_INT, 0, leaders),
            "MPI_Scatter");
    share.resize(static_cast<std::size_t>(mine));
    check(MPI_Scatterv(values.data(), counts.data(), displs.data(), MPI_UINT64_T, share.data(),
                       mine, MPI_UINT64_T, 0, leaders),
          "MPI_Scatterv");
  }

  // 2. Each node schedules its share among its ranks, its leader the master.
  std::vector<std::uint64_t> node_messages;
  fib_dict::Output node_out =
      self_schedule(share, chunk, nodes.node.get(), rank == 0 ? &node_messages : nullptr, tracer,
                    static_cast<std::uint64_t>(share_start));
  if (!leader) return {};

  // 3. The leaders send their node's items (per node rank: count, values) and
  // dictionary ([v, n, limbs] each, as a worker's results travel) to rank 0.
  std::vector<std::uint64_t> message;
  if (rank != 0) {
    for (const auto& c : node_out.consumed) {
      message.push_back(c.size());
      message.insert(message.end(), c.begin(), c.end());
    }
    for (const auto& [v, f] : node_out.dict) fib_dict::append_result(v, f, message);
  }
  const int length = as_count(message.size(), "node results");
  std::vector<int> lengths(rank == 0 ? static_cast<std::size_t>(nodes.count()) : 0), at;
  check(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, leaders), "MPI_Gather");
  std::vector<std::uint64_t> all;
  if (rank == 0) {
    std::size_t total = 0;
    for (int l : lengths) {
      at.push_back(as_count(total, "gathered node results"));
      total += static_cast<std::size_t>(l);
    }
    all.resize(total);
  }
  check(MPI_Gatherv(message.data(), length, MPI_UINT64_T, all.data(), lengths.data(), at.data(),
                    MPI_UINT64_T, 0, leaders),
        "MPI_Gatherv");
  if (rank != 0) return {};

  // 4. Rank 0 merges: node 0's output is its own; node j's rank r is rank
  // nodes.members(j)[r] of the whole communicator.
  fib_dict::Output out;
  out.consumed.assign(static_cast<std::size_t>(size), {});
  out.dict = std::move(node_out.dict);
  const std::vector<int> node0 = nodes.members(0);
  for (std::size_t r = 0; r < node_out.consumed.size(); ++r)
    out.consumed[static_cast<std::size_t>(node0[r])] = std::move(node_out.consumed[r]);
  for (int j = 1; j < nodes.count(); ++j) {
    std::size_t p = static_cast<std::size_t>(at[j]);
    const std::size_t end = p + static_cast<std::size_t>(lengths[j]);
    for (const int r : nodes.members(j)) {
      if (p >= end || all[p] > end - p - 1)
        throw std::runtime_error("truncated node results from node " + std::to_string(j));
      const auto n = static_cast<std::ptrdiff_t>(all[p]);
      const auto first = all.begin() + static_cast<std::ptrdiff_t>(p) + 1;
      out.consumed[static_cast<std::size_t>(r)].assign(first, first + n);
      p += 1 + static_cast<std::size_t>(n);
    }
    // The results of node j are all[p, end); read_result works on a vector
    // from its start, so take them out (once per node, not per item).
    message.assign(all.begin() + static_cast<std::ptrdiff_t>(p),
                   all.begin() + static_cast<std::ptrdiff_t>(end));
    for (std::size_t q = 0; q < message.size();) {
      std::uint64_t v = 0;
      BigUInt f;
      q = fib_dict::read_result(message, q, v, f);
      out.dict.insert_or_assign(v, std::move(f));
    }
  }
  if (traffic) {
    traffic->offsets = std::move(offsets);
    traffic->messages = 0;
    for (auto m : node_messages) traffic->messages += m;
    // Scatter, Scatterv, Gather, Gatherv over the leaders: one message per other leader each.
    traffic->off_node = 4 * static_cast<std::uint64_t>(nodes.count() - 1);
    traffic->messages += traffic->off_node;
  }
  return out;
}

enum class Scheduler { flat, hierarchical };
inline constexpr std::array<Choice<Scheduler>, 2> scheduler_table{{
    {Scheduler::flat, "flat", "rank 0 answers every rank's requests (master/worker)"},
    {Scheduler::hierarchical, "hierarchical",
     "rank 0 splits the queue among the nodes by cost; each node leader answers its own "
     "node's requests, and sends rank 0 its node's results once"},
}};
constexpr const auto& choices(Scheduler) { return scheduler_table; }

// What a run produced: fib_dict's Output and, on rank 0, what rank 0 handled.
struct Output : fib_dict::Output {
  Traffic traffic;
};

namespace {
// Runs the chosen scheduler on `values` (rank 0's) over `comm`, whose nodes are `nodes`.
Output schedule(Scheduler scheduler, const std::vector<std::uint64_t>& values, std::size_t chunk,
                MPI_Comm comm, const Nodes& nodes, const Tracer& tracer) {
  Traffic traffic;
  if (scheduler == Scheduler::hierarchical) {
    fib_dict::Output out = hierarchical(values, chunk, comm, nodes, &traffic, tracer);
    return {std::move(out), std::move(traffic)};
  }
  std::vector<std::uint64_t> messages;  // rank 0's, to or from each rank (rank 0 only)
  fib_dict::Output out = self_schedule(values, chunk, comm, &messages, tracer);
  if (!messages.empty()) {
    for (auto m : messages) traffic.messages += m;
    traffic.off_node = traffic.messages;
    for (int r : nodes.members(0)) traffic.off_node -= messages[static_cast<std::size_t>(r)];
  }
  return {std::move(out), std::move(traffic)};
}

using Run = hpcp::producer_consumer::Spec<Output>::Run;

// The balance over the ranks, rank 0's messages and, hierarchical, the node
// shares: items and share of the cost model's total, per node.
void describe_ranks(Report& report, const Run& run, Scheduler scheduler) {
  const std::vector<std::uint64_t>& values = run.input;
  const Traffic& traffic = run.parallel.traffic;
  fib_dict::describe_balance(report, run.parallel, values.size(), "items_per_rank");
  report.metrics["rank0_messages"] = traffic.messages;
  report.metrics["rank0_messages_off_node"] = traffic.off_node;
  if (scheduler == Scheduler::flat) {
    if (report.ranks > 1)
      report.notes.push_back(
          "rank 0 hands out the values, keeps the dictionary and computes "
          "between requests; every rank consumes");
    return;
  }
  const auto& o = traffic.offsets;
  double total = 0;  // 10^8 items of up to 10^12: beyond 64 bits, and only for a report
  for (auto v : values) total += static_cast<double>(item_cost(v));
  std::vector<std::uint64_t> items;
  std::vector<double> cost;
  std::string text;
  for (std::size_t j = 0; j + 1 < o.size(); ++j) {
    double c = 0;
    for (std::size_t i = o[j]; i < o[j + 1]; ++i) c += static_cast<double>(item_cost(values[i]));
    items.push_back(o[j + 1] - o[j]);
    cost.push_back(total > 0 ? std::round(1e4 * c / total) / 1e4 : 0.0);
    text += (j > 0 ? ", " : "") + std::to_string(items.back()) + " items (" +
            fixed(100 * cost.back(), 1) + " % of the cost)";
  }
  report.metrics["node_items"] = items;
  report.metrics["node_cost_share"] = cost;
  report.notes.push_back("hierarchical: rank 0 split the queue among " +
                         std::to_string(o.size() - 1) + " node(s) by cost (v^2 + 1): " + text +
                         "; each node leader answered its node's requests");
}
}  // namespace

struct Example : hpcp::producer_consumer::Spec<Output> {
  static constexpr std::string_view summary =
      "producer_consumer (MPI): rank 0 holds the queue and the dictionary, the other ranks ask "
      "for values and return F(v); rank 0 consumes too (master/worker self-scheduling, flat or "
      "through node leaders)";
  std::size_t chunk = 1;
  Scheduler scheduler = Scheduler::flat;

  void add_flags(CLI::App& app) {
    Spec::add_flags(app);
    fib_dict::add_chunk_flag(app, chunk, "request");
    add_choice(app, "--scheduler", scheduler, "who answers the requests");
  }
  Json params() const {
    return merged(Spec::params(), {{"chunk", chunk}, {"scheduler", name_of(scheduler)}});
  }
  // The values on rank 0 only: the workers are sent what they need.
  Input make_input(const Context& ctx) const {
    return ctx.rank == 0 ? Spec::make_input(ctx) : Input{};
  }
  Output parallel(const Input& in, const Context& ctx) const {
    return schedule(scheduler, in, chunk, ctx.comm, ctx.nodes, ctx.tracer);
  }
  void describe(Report& report, const Run& run) const { describe_ranks(report, run, scheduler); }
  void print_notebook(std::ostream& os, const Run& run) const {
    hpcp::producer_consumer::print_notebook(os, run.input, run.parallel, "rank 0", "rank ");
  }
};

}  // namespace hpcp::mpi::producer_consumer

int hpcp_main(int argc, char** argv) {
  return hpcp::mpi::run<hpcp::mpi::producer_consumer::Example>(argc, argv);
}
