import ArgumentParser
import CommandSupport
import Observability

/// `--metrics-listen`: where a long-running command serves /metrics, /healthz and /readyz.
struct MetricsOptions: ParsableArguments {
    @Option(name: .long, help: "Serve /metrics (Prometheus text), /healthz (alive) and /readyz (ready) on HOST:PORT, e.g. 0.0.0.0:9464 in a container; port 0 takes a free port (logged). Env: AICS_METRICS_LISTEN. (default: off)")
    var metricsListen: String?

    func validate() throws {
        _ = try address()
    }

    /// The address to serve on; nil when neither the flag nor AICS_METRICS_LISTEN is given (or either says `off`).
    func address() throws -> ListenAddress? {
        guard let text = metricsListen ?? Environment.value("AICS_METRICS_LISTEN"), text != "off" else { return nil }
        return try ListenAddress.parse(text, flag: "--metrics-listen")
    }
}
