// lock_balance: who deposits and who withdraws at every worker count, the
// closed form and the serial baseline, verification (exact for synchronised
// kinds, bounds only for the racy control), the flags, and the OpenMP kernel
// with every --sync at 1, 2, 3 and 8 threads: no updates, one update, more
// threads than updates, the notebook's sleeps (shortened).
#define BOOST_TEST_MODULE lock_balance
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <omp.h>

#include <sstream>

#include "common/examples/lock_balance/spec.hpp"
#include "openmp/lock_balance.hpp"
#include "parse_args.hpp"

namespace bdata = boost::unit_test::data;
using namespace hpcp;
namespace lb = hpcp::lock_balance;
namespace ol = hpcp::omp::lock_balance;

BOOST_AUTO_TEST_CASE(shares_add_up_to_the_totals) {
  for (std::uint64_t it : {0, 1, 3, 100, 1000001})
    for (int workers = 1; workers <= 9; ++workers) {
      std::uint64_t d = 0, w = 0;
      for (int id = 0; id < workers; ++id) {
        const auto s = lb::share_of(it, id, workers);
        if (workers > 1) BOOST_TEST((id % 2 == 0 ? s.withdrawals : s.deposits) == 0u);
        d += s.deposits;
        w += s.withdrawals;
      }
      BOOST_TEST(d == it);
      BOOST_TEST(w == it);
    }
  BOOST_TEST(lb::share_of(100, 0, 1).deposits == 100u);  // one worker: both roles
  BOOST_TEST(lb::share_of(100, 0, 1).withdrawals == 100u);
}

BOOST_AUTO_TEST_CASE(serial_baseline_and_closed_form) {
  lb::Options opt;
  opt.deposit_sleep_us = opt.withdraw_sleep_us = 0;
  BOOST_TEST(lb::closed_form(200, 100, 100) == 200);
  BOOST_TEST(lb::closed_form(-5, 10, 3) == 2);
  const auto s = lb::serial(opt);
  BOOST_TEST(s.final_balance == 200);
  BOOST_TEST(s.deposits == 100u);
  opt.initial = -lb::max_initial;
  opt.iterations = 1000000;
  BOOST_TEST(lb::serial(opt).final_balance == -lb::max_initial);
  opt.iterations = 5;  // with (short) sleeps
  opt.deposit_sleep_us = 10;
  opt.withdraw_sleep_us = 20;
  BOOST_TEST(lb::serial(opt).final_balance == -lb::max_initial);
}

BOOST_AUTO_TEST_CASE(verification_exact_when_synchronised_bounded_when_racy) {
  lb::Options opt;
  const lb::Output serial{200, 200, 100, 100, 1};
  auto check = [&](Sync sync, lb::Output par) {
    opt.sync = sync;
    Verdict v;
    lb::verify(opt, serial, par, v);
    return v.ok();
  };
  BOOST_TEST(check(Sync::lock, {200, 200, 100, 100, 2}));
  BOOST_TEST(!check(Sync::lock, {200, 201, 100, 100, 2}));
  BOOST_TEST(!check(Sync::atomic, {200, 200, 99, 100, 2}));  // an update missing
  BOOST_TEST(check(Sync::none, {200, 150, 100, 100, 2}));    // lost deposits: data
  BOOST_TEST(check(Sync::none, {200, 300, 100, 100, 2}));    // every withdrawal lost
  BOOST_TEST(check(Sync::none, {200, 100, 100, 100, 2}));
  BOOST_TEST(!check(Sync::none, {200, 301, 100, 100, 2}));  // impossible even for a race
  BOOST_TEST(!check(Sync::none, {200, 99, 100, 100, 2}));
  BOOST_TEST(!check(Sync::none, {200, 200, 100, 0, 2}));
}

BOOST_AUTO_TEST_CASE(notebook_print_and_result) {
  const lb::Output out{200, 200, 100, 100, 2};
  std::ostringstream os;
  lb::print_notebook(os, out);
  BOOST_TEST(os.str() == "200\n");
  BOOST_TEST(lb::result_json(out).dump() ==
             R"({"initial":200,"final":200,"deposits":100,"withdrawals":100})");
}

BOOST_AUTO_TEST_CASE(flags) {
  auto parse = [](std::vector<std::string> args, lb::Options& opt) {
    const auto app = make_app("test", "test");
    opt.add_flags(*app);
    return hpcp::test::parses(*app, std::move(args));
  };
  lb::Options opt;
  BOOST_TEST(parse({"--sleep-us", "0"}, opt));
  BOOST_TEST(opt.deposit_sleep_us == 0u);
  BOOST_TEST(opt.withdraw_sleep_us == 0u);
  lb::Options o2;
  BOOST_TEST(parse({"--sleep-us", "50", "--sync", "atomic"}, o2));
  BOOST_TEST(o2.withdraw_sleep_us == 100u);
  BOOST_TEST((o2.sync == Sync::atomic));
  lb::Options o3;
  BOOST_TEST(!parse({"--sleep-us", "5", "--deposit-sleep-us", "1"}, o3));
  BOOST_TEST(!parse({"--sync", "mutex"}, o3));
  BOOST_TEST(!parse({"--iterations", "1000000000001"}, o3));
  BOOST_TEST(!parse({"--initial", "-1000000000000001"}, o3));
  BOOST_TEST(parse({"--initial", "-7"}, o3));
  BOOST_TEST(o3.initial == -7);
  BOOST_TEST(o3.params()["sync"] == "lock");
}

BOOST_DATA_TEST_CASE(synchronised_kernels_are_exact,
                     bdata::make({1, 2, 3, 8}) *
                         bdata::make({Sync::lock, Sync::critical, Sync::atomic}),
                     threads, sync) {
  omp_set_num_threads(threads);
  for (std::uint64_t it : {0, 1, 2, 7, 1000, 200000}) {
    lb::Options opt;
    opt.sync = sync;
    opt.iterations = it;
    opt.deposit_sleep_us = opt.withdraw_sleep_us = 0;
    const auto out = ol::run_balance(opt);
    BOOST_TEST(out.final_balance == 200, "iterations " << it);
    BOOST_TEST(out.deposits == it);
    BOOST_TEST(out.withdrawals == it);
    BOOST_TEST(out.workers == threads);
  }
  lb::Options opt;  // the notebook's shape, sleeps shortened
  opt.sync = sync;
  opt.iterations = 20;
  opt.deposit_sleep_us = 100;
  opt.withdraw_sleep_us = 200;
  opt.initial = -3;
  BOOST_TEST(ol::run_balance(opt).final_balance == -3);
}

BOOST_DATA_TEST_CASE(racy_control_counts_every_update_and_stays_in_bounds,
                     bdata::make({1, 2, 3, 8}), threads) {
  omp_set_num_threads(threads);
  for (std::uint64_t it : {0, 1, 5, 100000}) {
    lb::Options opt;
    opt.sync = Sync::none;
    opt.iterations = it;
    opt.deposit_sleep_us = opt.withdraw_sleep_us = 0;
    const auto out = ol::run_balance(opt);
    Verdict v;
    lb::verify(opt, lb::serial(opt), out, v);
    BOOST_TEST(v.ok(), "iterations " << it << ": final " << out.final_balance);
  }
  if (threads == 1) {  // one thread cannot race with itself
    lb::Options opt;
    opt.sync = Sync::none;
    opt.iterations = 100000;
    opt.deposit_sleep_us = opt.withdraw_sleep_us = 0;
    BOOST_TEST(ol::run_balance(opt).final_balance == 200);
  }
}

BOOST_AUTO_TEST_CASE(sync_names) {
  BOOST_TEST(name_of(Sync::critical) == "critical");
  BOOST_TEST((parse_choice<Sync>("none").value() == Sync::none));
  BOOST_TEST(!parse_choice<Sync>("mutex").has_value());
}
