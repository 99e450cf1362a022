//go:build ignore

// (The build line keeps the go tool, which refuses C++ files in a package
// without cgo, from reading this file; flow embeds it as DriverSource.)

// lemon_mcf solves a caregap placement network with LEMON's min-cost flow
// algorithms, for side-by-side comparison with match.FlowSolver.
//
//	g++ -O2 -std=c++17 -o lemon_mcf lemon_mcf.cpp     (Debian: liblemon-dev)
//	lemon_mcf NETWORK ALGORITHM [RUNS]
//
// NETWORK is the little-endian file written by flow.WriteNetwork (format in
// benchmarks/flow/network.go); ALGORITHM is "NetworkSimplex" or
// "CostScaling" (or "ns", "cs"). The network is
//
//	source → candidate (capacity 1, cost 0)
//	candidate → opening (capacity 1, cost cost[c,o])
//	opening → workplace (capacity Positions[o], cost 0)
//	workplace → sink (capacity Capacity[w], cost 0)
//	sink → source (capacity #candidates, cost −M)
//
// with all supplies 0: a minimum-cost circulation minimises
// Σ (cost[c,o] − M)·x[c,o], the engine's objective, and with M =
// Problem.Bonus() (stored in the file) it places the most candidates and
// then minimises cost (engine/match/doc.go).
//
// The graph is a StaticDigraph, the fastest LEMON graph for these
// algorithms; nodes and arcs are numbered in the order above. "build" times
// graph, maps and solver construction; "seconds" is the best of RUNS calls
// of run(), each of which re-initialises the solver, and "cpu_seconds" the
// best process CPU time (user and system) of those calls. It prints one
// JSON object:
//
//	{"algorithm", "build_seconds", "seconds", "cpu_seconds", "runs",
//	 "placed", "cost", "peak_rss"}
//
// where cost is Σ cost[c,o] over the placements and peak_rss is the
// process's peak resident set in bytes (VmHWM of /proc/self/status).
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace {

using Graph = lemon::StaticDigraph;
using Clock = std::chrono::steady_clock;

struct Network {
  int64_t n = 0, m = 0, nw = 0, arcs = 0, bonus = 0;
  std::vector<int32_t> start, opening, positions, workplace, capacity;
  std::vector<int64_t> cost;
};

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "lemon_mcf: %s\n", msg.c_str());
  std::exit(1);
}

template <typename T>
void readArray(std::FILE* f, std::vector<T>& v, int64_t len, const char* what) {
  v.resize(static_cast<size_t>(len));
  if (len > 0 && std::fread(v.data(), sizeof(T), v.size(), f) != v.size()) {
    die(std::string("short read in ") + what);
  }
}

Network readNetwork(const char* path) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) die(std::string("open ") + path);
  char magic[8];
  if (std::fread(magic, 1, 8, f) != 8 || std::memcmp(magic, "CGPNET01", 8) != 0) {
    die(std::string(path) + ": not a placement network");
  }
  Network nw;
  int64_t hdr[5];
  if (std::fread(hdr, sizeof(int64_t), 5, f) != 5) die("short header");
  nw.n = hdr[0];
  nw.m = hdr[1];
  nw.nw = hdr[2];
  nw.arcs = hdr[3];
  nw.bonus = hdr[4];
  readArray(f, nw.start, nw.n + 1, "Start");
  readArray(f, nw.opening, nw.arcs, "Opening");
  readArray(f, nw.cost, nw.arcs, "Cost");
  readArray(f, nw.positions, nw.m, "Positions");
  readArray(f, nw.workplace, nw.m, "Workplace");
  readArray(f, nw.capacity, nw.nw, "Capacity");
  std::fclose(f);
  if (nw.start[0] != 0 || nw.start[nw.n] != nw.arcs) die("bad Start");
  return nw;
}

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// cpuSeconds is the process's user and system CPU time so far.
double cpuSeconds() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1e-6 * (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

// peakRSS is the process's peak resident set in bytes, VmHWM of
// /proc/self/status (not getrusage's ru_maxrss, which Linux carries over
// from the parent across exec), or 0 when it cannot be read.
long long peakRSS() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  long long kb = 0;
  while (std::fgets(line, sizeof line, f)) {
    if (std::sscanf(line, "VmHWM: %lld kB", &kb) == 1) break;
  }
  std::fclose(f);
  return kb * 1024;
}

struct Solution {
  int64_t placed = 0, cost = 0;
};

// solve builds the solver, runs it `runs` times and reads the flow.
template <typename Solver>
Solution solve(const Graph& g, const Network& net, const Graph::ArcMap<int>& upper,
               const Graph::ArcMap<long long>& cost, int runs, double* build,
               double* best, double* bestCPU) {
  auto t0 = Clock::now();
  Solver s(g);
  s.upperMap(upper).costMap(cost);
  *build += since(t0);
  *best = -1;
  *bestCPU = -1;
  for (int r = 0; r < runs; r++) {
    double c1 = cpuSeconds();
    auto t1 = Clock::now();
    auto st = s.run();
    double dt = since(t1), dc = cpuSeconds() - c1;
    if (st != Solver::OPTIMAL) die("solver did not report an optimum");
    if (*best < 0 || dt < *best) *best = dt;
    if (*bestCPU < 0 || dc < *bestCPU) *bestCPU = dc;
  }
  Solution sol;
  // Arc numbering: n source arcs, then the candidate arcs, ..., last the
  // return arc.
  for (int64_t a = 0; a < net.arcs; a++) {
    int64_t x = s.flow(g.arcFromId(static_cast<int>(net.n + a)));
    sol.cost += x * net.cost[a];
  }
  sol.placed = s.flow(g.arcFromId(countArcs(g) - 1));
  long long total = s.totalCost();
  if (total != sol.cost - net.bonus * sol.placed) die("total cost does not add up");
  return sol;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: lemon_mcf NETWORK NetworkSimplex|CostScaling [RUNS]\n");
    return 2;
  }
  std::string alg = argv[2];
  if (alg == "ns") alg = "NetworkSimplex";
  if (alg == "cs") alg = "CostScaling";
  if (alg != "NetworkSimplex" && alg != "CostScaling") die("unknown algorithm " + alg);
  int runs = argc == 4 ? std::atoi(argv[3]) : 1;
  if (runs < 1) die("RUNS must be at least 1");

  Network net = readNetwork(argv[1]);
  if (net.n + net.m + net.nw + 2 > INT32_MAX || net.n + net.arcs + net.m + net.nw + 1 > INT32_MAX) {
    die("network too large");
  }

  auto t0 = Clock::now();
  const int n = static_cast<int>(net.n), m = static_cast<int>(net.m);
  const int nwk = static_cast<int>(net.nw);
  const int src = 0, sink = n + m + nwk + 1;
  auto opNode = [&](int o) { return n + 1 + o; };
  auto wpNode = [&](int w) { return n + m + 1 + w; };
  std::vector<std::pair<int, int>> arcs;
  arcs.reserve(static_cast<size_t>(net.n + net.arcs + net.m + net.nw + 1));
  for (int c = 0; c < n; c++) arcs.emplace_back(src, 1 + c);
  for (int c = 0; c < n; c++) {
    for (int32_t a = net.start[c]; a < net.start[c + 1]; a++) {
      arcs.emplace_back(1 + c, opNode(net.opening[a]));
    }
  }
  for (int o = 0; o < m; o++) arcs.emplace_back(opNode(o), wpNode(net.workplace[o]));
  for (int w = 0; w < nwk; w++) arcs.emplace_back(wpNode(w), sink);
  arcs.emplace_back(sink, src);

  Graph g;
  g.build(sink + 1, arcs.begin(), arcs.end());
  std::vector<std::pair<int, int>>().swap(arcs);
  Graph::ArcMap<int> upper(g, 1);
  Graph::ArcMap<long long> cost(g, 0);
  int id = n;
  for (int64_t a = 0; a < net.arcs; a++) cost[g.arcFromId(id++)] = net.cost[a];
  for (int o = 0; o < m; o++) upper[g.arcFromId(id++)] = net.positions[o];
  for (int w = 0; w < nwk; w++) upper[g.arcFromId(id++)] = net.capacity[w];
  lemon::StaticDigraph::Arc ret = g.arcFromId(id);
  upper[ret] = n;
  cost[ret] = -net.bonus;
  double build = since(t0), best = 0, bestCPU = 0;

  Solution sol;
  if (alg == "NetworkSimplex") {
    sol = solve<lemon::NetworkSimplex<Graph, int, long long>>(g, net, upper, cost, runs, &build, &best, &bestCPU);
  } else {
    sol = solve<lemon::CostScaling<Graph, int, long long>>(g, net, upper, cost, runs, &build, &best, &bestCPU);
  }

  std::printf(
      "{\"algorithm\":\"%s\",\"build_seconds\":%.6f,\"seconds\":%.6f,\"cpu_seconds\":%.6f,\"runs\":%d,"
      "\"placed\":%lld,\"cost\":%lld,\"peak_rss\":%lld}\n",
      alg.c_str(), build, best, bestCPU, runs, static_cast<long long>(sol.placed),
      static_cast<long long>(sol.cost), peakRSS());
  return 0;
}
