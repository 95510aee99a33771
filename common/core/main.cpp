// main() of every example binary: the example's own file defines hpcp_main
// (declared in driver.hpp, repeated here so that this file stays free of CLI11).
int hpcp_main(int argc, char** argv);

int main(int argc, char** argv) { return hpcp_main(argc, argv); }
