"""Runs every client on every workload against Debian's nginx on 127.0.0.1 and writes bench/RESULTS.md.

Started by bench/run.sh, which installs what is missing, builds the jar and starts and stops nginx.
Standard library only. Every client process is bounded by a timeout.
"""
import json
import math
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "run"
JAR = ROOT / "target" / "url-fetcher.jar"
JAVA17_HOME = "/usr/lib/jvm/java-17-openjdk-amd64"
JAVA25_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64"
JAVA17 = f"{JAVA17_HOME}/bin/java"
JAVA25 = f"{JAVA25_HOME}/bin/java"


def launcher_flags():
    """bin/url-fetcher.jvm-options, and transparent huge pages where the kernel gives them (as the launcher adds)."""
    lines = (ROOT / "bin" / "url-fetcher.jvm-options").read_text().splitlines()
    flags = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    try:
        if re.search(r"\[(madvise|always)\]", pathlib.Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()):
            flags.append("-XX:+UseTransparentHugePages")
    except OSError:
        pass
    return flags


# The JVM peers get the JIT, GC and memory flags bin/url-fetcher uses, so the comparison measures Camel, not flags.
JVM_PEER_FLAGS = launcher_flags()
PYTHON = "/usr/bin/python3"  # Debian's, which has python3-aiohttp
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CLIENT_TIMEOUT = 600

# name, per-URL latency in seconds (None: a body size instead), URL count, concurrency
WORKLOADS = [
    ("W1", "the seed's five latencies", None, 5, 5),
    ("W2a", "1,000 URLs at 100 ms, C = 100", 0.1, 1000, 100),
    ("W2b", "1,000 URLs at 100 ms, C = 1,000", 0.1, 1000, 1000),
    ("W3", "20,000 URLs at 0 ms, 1 KB bodies, C = 50", 0.0, 20000, 50),
    ("W4", "200 bodies of 1 MB, C = 20", 0.0, 200, 20),
    ("W5", "10,000 URLs at 1 s, C = 10,000", 1.0, 10000, 10000),
    ("W6", "2,000 URLs at 0 ms, 1 KB bodies over HTTPS, C = 50", 0.0, 2000, 50),
    ("W6b", "20,000 URLs at 0 ms, 1 KB bodies over HTTPS, C = 50 (W6 ten times longer: start-up weighs less)",
     0.0, 20000, 50),
]
# The TLS server's certificate (bench/lib.sh makes it at every start): the JVM clients trust it through a trust
# store, aiohttp through SSL_CERT_FILE, curl through --cacert.
TLS = pathlib.Path(os.environ.get("NGINX_WORK", "/nonexistent")) / "tls"
TLS_LOG = pathlib.Path(os.environ.get("NGINX_WORK", "/nonexistent")) / "tls-access.log"
JVM_TRUST = [f"-Djavax.net.ssl.trustStore={TLS / 'truststore.p12'}", "-Djavax.net.ssl.trustStorePassword=benchpass"]
W1_LATENCIES = [0.640, 0.380, 0.150, 0.250, 0.890]


def nginx_from_environment():
    """run.sh starts nginx with bench/lib.sh and passes where it listens; the bodies go under its web root."""
    port, work = int(os.environ["NGINX_PORT"]), pathlib.Path(os.environ["NGINX_WORK"])
    www = work / "www" / "bytes"
    (www / "1k").write_bytes(b"x" * 1024)
    (www / "1m").write_bytes(b"x" * (1 << 20))
    return port


def url_list(port, workload):
    key, _, latency, count, _ = workload
    if key == "W1":
        urls = [f"http://127.0.0.1:{port}/sleep/{s}" for s in W1_LATENCIES]
    elif key == "W3":
        urls = [f"http://127.0.0.1:{port}/bytes/1k?i={i}" for i in range(count)]
    elif key == "W4":
        urls = [f"http://127.0.0.1:{port}/bytes/1m?i={i}" for i in range(count)]
    elif key in ("W6", "W6b"):
        urls = [f"https://127.0.0.1:{os.environ['NGINX_TLS_PORT']}/bytes/1k?i={i}" for i in range(count)]
    else:
        urls = [f"http://127.0.0.1:{port}/sleep/{latency}?i={i}" for i in range(count)]
    path = WORK / f"{key}.txt"
    path.write_text("\n".join(urls) + "\n")
    return path, urls


def limit_seconds(workload):
    key, _, latency, count, concurrency = workload
    if key == "W1":
        return max(W1_LATENCIES)
    if not latency:
        return None  # no latency: the limit is CPU and bandwidth, compared with peers only
    return math.ceil(count / concurrency) * latency


def url_fetcher(java_home, mode, extra=(), launcher=True, save_bodies=False):
    """launcher: bin/url-fetcher (C1 JIT, serial GC, CDS), as the README's first command runs it; otherwise a plain
    java -jar, one JVM with the JVM's own defaults.
    save_bodies: every body also written to a folder (--save-bodies), deleted with the run's output."""
    def command(list_path, concurrency, out):
        # W5's C = 10,000 is above the default ceiling (fetch.max-concurrency, 1,000): raise it to the run's concurrency.
        args = ["--urls", str(list_path), "--mode", mode, "--concurrency", str(concurrency),
                "--max-concurrency", str(max(concurrency, 1000)), "--quiet",
                "--sink", f"file:{out}", *extra, *(["--save-bodies", str(out / "bodies")] if save_bodies else [])]
        if launcher:
            return ["env", f"JAVA_HOME={java_home}", f"URL_FETCHER_JAVA_OPTS={' '.join(JVM_TRUST)}",
                    str(ROOT / "bin" / "url-fetcher"), *args]
        return [f"{java_home}/bin/java", *JVM_TRUST, "-jar", str(JAR), *args]

    def inner(out, stdout):
        report = json.loads(next(out.glob("url-fetcher-*.json")).read_text())
        return report["totalMillis"], report["outcomes"].get("ok", 0)
    return command, inner


def printed(stdout):
    millis, ok = stdout.strip().splitlines()[-1].split()
    return int(float(millis)), int(ok)


def peer(command_for):
    return (lambda list_path, concurrency, out: command_for(list_path, concurrency, out)), (lambda out, stdout: printed(stdout))


def curl(list_path, concurrency, out, *extra):
    """For https curl negotiates HTTP/2 by ALPN by default (and multiplexes); --http1.1 pins HTTP/1.1."""
    config = out / "curl.conf"
    urls = [u for u in list_path.read_text().split() if u]
    config.write_text("".join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))
    return ["curl", "-sS", "--parallel", "--parallel-immediate", "--parallel-max", str(min(concurrency, 300)),
            "--cacert", str(TLS / "ca.pem"), *extra, "-w", "%{http_code}\n", "-K", str(config)]


def curl_saving(list_path, concurrency, out):
    """curl --parallel writing every body to its own file, as --save-bodies does."""
    config = out / "curl.conf"
    urls = [u for u in list_path.read_text().split() if u]
    (out / "bodies").mkdir()
    config.write_text("".join(f'url = "{u}"\noutput = "{out}/bodies/{i}"\n' for i, u in enumerate(urls)))
    return ["curl", "-sS", "--parallel", "--parallel-immediate", "--parallel-max", str(min(concurrency, 300)),
            "--cacert", str(TLS / "ca.pem"), "-w", "%{http_code}\n", "-K", str(config)]


def curl_inner(out, stdout):
    return None, sum(1 for line in stdout.split() if line == "200")


CLIENTS = {
    "url-fetcher parallel (bin/url-fetcher, Java 17)": url_fetcher(JAVA17_HOME, "parallel"),
    "url-fetcher parallel (java -jar, Java 17)": url_fetcher(JAVA17_HOME, "parallel", launcher=False),
    "url-fetcher parallel (bin/url-fetcher, Java 25, virtual threads)": url_fetcher(
        JAVA25_HOME, "parallel", ("--virtual-threads",)),
    "url-fetcher parallel --save-bodies (bin/url-fetcher, Java 17)": url_fetcher(JAVA17_HOME, "parallel", save_bodies=True),
    "url-fetcher parallel --hash none (bin/url-fetcher, Java 17)": url_fetcher(JAVA17_HOME, "parallel", ("--hash", "none")),
    "url-fetcher parallel --http2 (bin/url-fetcher, Java 17)": url_fetcher(JAVA17_HOME, "parallel", ("--http2",)),
    "url-fetcher sequential (bin/url-fetcher, Java 17)": url_fetcher(JAVA17_HOME, "sequential"),
    "aiohttp, one session": peer(lambda l, c, o: ["env", f"SSL_CERT_FILE={TLS / 'ca.pem'}", PYTHON, str(ROOT / "bench/peers/aiohttp_fetch.py"), str(l), str(c), "shared"]),
    "aiohttp, session per URL": peer(lambda l, c, o: [PYTHON, str(ROOT / "bench/peers/aiohttp_fetch.py"), str(l), str(c), "per-url"]),
    "curl --parallel": (curl, curl_inner),
    "curl --parallel --http1.1": (lambda l, c, o: curl(l, c, o, "--http1.1"), curl_inner),
    "curl --parallel, saving bodies": (curl_saving, curl_inner),
    "JDK HttpClient sendAsync (Java 17)": peer(lambda l, c, o: [JAVA17, *JVM_PEER_FLAGS, *JVM_TRUST, str(ROOT / "bench/peers/JdkFetch.java"), str(l), str(c)]),
    "HttpClient 5 direct (Java 17)": peer(lambda l, c, o: [JAVA17, *JVM_PEER_FLAGS, *JVM_TRUST, "-cp", str(JAR), str(ROOT / "bench/peers/Hc5Fetch.java"), str(l), str(c)]),
}
PEERS = {"aiohttp, one session", "aiohttp, session per URL", "curl --parallel", "curl --parallel --http1.1",
         "curl --parallel, saving bodies",
         "JDK HttpClient sendAsync (Java 17)",
         "HttpClient 5 direct (Java 17)"}
ONLY_ON = {"url-fetcher sequential (bin/url-fetcher, Java 17)": {"W1"}, "aiohttp, session per URL": {"W1"},
           "url-fetcher parallel --save-bodies (bin/url-fetcher, Java 17)": {"W3", "W4"},
           "url-fetcher parallel --hash none (bin/url-fetcher, Java 17)": {"W3", "W4"},
           "curl --parallel, saving bodies": {"W3", "W4"},
           "curl --parallel --http1.1": {"W6", "W6b"},
           "url-fetcher parallel --http2 (bin/url-fetcher, Java 17)": {"W6", "W6b"},
           "url-fetcher parallel (java -jar, Java 17)": {"W1", "W3", "W6"}}


def tls_connections():
    """From the TLS server's log of the run just done: connections opened, of them TLS sessions resumed, protocols."""
    connections, resumed, protocols = set(), set(), set()
    for line in TLS_LOG.read_text().splitlines() if TLS_LOG.exists() else []:
        connection, reused, protocol = line.split()
        connections.add(connection)
        protocols.add(protocol)
        if reused == "r":
            resumed.add(connection)
    return len(connections), len(resumed), ",".join(sorted(protocols))


def run_once(client, workload, list_path):
    command_for, inner_of = CLIENTS[client]
    out = WORK / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    # The files of the run before (20,000 saved bodies, and their deletion just now) are written back by the kernel
    # some seconds later: settle them before the clock starts, or that work lands on whichever run comes next.
    os.sync()
    if TLS_LOG.exists():
        TLS_LOG.write_text("")  # nginx appends to the same open file: a truncated log holds only this run
    command = ["/usr/bin/time", "-f", "TIME %e %U %S %M", *command_for(list_path, workload[4], out)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CLIENT_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - started
    timing = [l for l in done.stderr.splitlines() if l.startswith("TIME ")]
    if done.returncode != 0 or not timing:
        sys.stderr.write(f"{client} on {workload[0]} failed: {done.stderr[-500:]}\n")
        return None
    _, _, user, system, rss_kb = timing[-1].split()
    fetch_ms, ok = inner_of(out, done.stdout)
    connections, resumed, protocols = tls_connections() if workload[0] in ("W6", "W6b") else (None, None, None)
    return {"fetch": (fetch_ms / 1000) if fetch_ms is not None else wall, "process": wall,
            "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024, "ok": ok,
            "connections": connections, "resumed": resumed, "protocols": protocols}


def summarize(samples):
    values = sorted(samples)
    return statistics.median(values), values[0], values[-1]


# bench/run.sh --quick: a regression check to run before stopping, not the comparison with peers. url-fetcher and
# HttpClient 5 alone, alternating, on the workloads where the layer around the client shows; ratios, no RESULTS file.
QUICK_CLIENTS = ("url-fetcher parallel (bin/url-fetcher, Java 17)", "HttpClient 5 direct (Java 17)")
QUICK_WORKLOADS = ("W2a", "W3", "W4")


def quick():
    port = nginx_from_environment()
    print(f"{'':4} {'url-fetcher':>12} {'HttpClient 5':>13} {'ratio':>6}   (fetch seconds, medians of {RUNS})")
    for workload in (w for w in WORKLOADS if w[0] in QUICK_WORKLOADS):
        list_path, urls = url_list(port, workload)
        samples = {client: [] for client in QUICK_CLIENTS}
        for _ in range(RUNS):  # alternating: the machine's noise hits both alike
            for client in QUICK_CLIENTS:
                result = run_once(client, workload, list_path)
                if result is None or result["ok"] != len(urls):
                    sys.exit(f"{client} failed on {workload[0]}")
                samples[client].append(result["fetch"])
        ours, theirs = (statistics.median(samples[client]) for client in QUICK_CLIENTS)
        print(f"{workload[0]:4} {ours:10.3f} s {theirs:11.3f} s {ours / theirs:6.2f}x", flush=True)


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:] == ["--quick"]:
        quick()
        return
    selected = set(sys.argv[1:]) or {w[0] for w in WORKLOADS}
    port = nginx_from_environment()
    rows = {}
    for workload in WORKLOADS:
        if workload[0] not in selected:
            continue
        list_path, urls = url_list(port, workload)
        for client in CLIENTS:
            if workload[0] not in ONLY_ON.get(client, {workload[0]}):
                continue
            if "Java 25" in client and not os.path.exists(JAVA25):
                continue
            results = [r for r in (run_once(client, workload, list_path) for _ in range(RUNS)) if r]
            rows[(workload[0], client)] = results
            if results:
                fetch = summarize([r["fetch"] for r in results])
                print(f"{workload[0]:4} {client:48} fetch {fetch[0]:7.3f} s  ok {results[-1]['ok']}/{len(urls)}",
                      flush=True)
    write_results(rows, selected)


def write_results(rows, selected):
    java17 = subprocess.run([JAVA17, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    lines = ["# Benchmark results" + (f" ({' '.join(sorted(selected))})" if os.environ.get("BENCH_OUT") else ""), "",
             f"One run of `bench/run.sh` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
             f"{os.cpu_count()} cores, {java17}; target: Debian nginx with the echo module, one worker, on 127.0.0.1. "
             f"{RUNS} runs per cell: median (min–max). *fetch* is the client's own timing of its fetch loop "
             "(url-fetcher: the report's totalMillis; curl: the whole process); *process* includes start-up. "
             "The JVM peers run with bin/url-fetcher's JIT and GC flags (C1 only, serial GC). "
             "Ratios compare medians from this same run: to the physical limit ceil(N/C) × latency, and to the "
             "fastest peer (aiohttp, curl, the JDK HttpClient, HttpClient 5 direct). curl 7.88 caps --parallel-max "
             "at 300.", ""]
    for workload in WORKLOADS:
        key = workload[0]
        if key not in selected:
            continue
        limit = limit_seconds(workload)
        peer_medians = [statistics.median([r["fetch"] for r in rows[(key, c)]])
                        for c in CLIENTS if c in PEERS and rows.get((key, c))]
        best_peer = min(peer_medians) if peer_medians else None
        lines += [f"## {key}: {workload[1]}" + (f" (limit {limit:.2f} s)" if limit else ""), "",
                  "| client | fetch s | process s | CPU s | peak RSS MB | ok | fetch / limit | fetch / best peer |",
                  "|---|---|---|---|---|---|---|---|"]
        for client in CLIENTS:
            results = rows.get((key, client))
            if results is None:
                continue
            if not results:
                lines.append(f"| {client} | failed | | | | | | |")
                continue
            f, p, c, m = (summarize([r[k] for r in results]) for k in ("fetch", "process", "cpu", "rss"))
            lines.append(
                f"| {client} | {f[0]:.3f} ({f[1]:.3f}–{f[2]:.3f}) | {p[0]:.2f} | {c[0]:.2f} | {m[0]:.0f} | "
                f"{results[-1]['ok']}/{workload[3]} | "
                f"{(f[0] / limit) if limit else float('nan'):.2f} | "
                f"{(f[0] / best_peer) if best_peer else float('nan'):.2f} |")
        lines.append("")
        if key in ("W6", "W6b"):
            lines += ["TLS connections the server saw in each client's last run (nginx `$connection`), how many of them "
                      "resumed a TLS session (`$ssl_session_reused`), and the protocol:", "",
                      "| client | connections | sessions resumed | protocol | URLs/s |", "|---|---|---|---|---|"]
            for client in CLIENTS:
                results = rows.get((key, client))
                if results:
                    last = results[-1]
                    rate = workload[3] / statistics.median([r["fetch"] for r in results])
                    lines.append(f"| {client} | {last['connections']} | {last['resumed']} | {last['protocols']} | {rate:,.0f} |")
            lines.append("")
    (ROOT / os.environ.get("BENCH_OUT", "bench/RESULTS.md")).write_text("\n".join(lines).replace("| nan |", "| – |"))


if __name__ == "__main__":
    main()
